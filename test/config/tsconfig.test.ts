import { describe, expect, it } from 'vitest';
import { readTsSettings } from '../../src/config/tsconfig.js';
import { writeProject } from '../helpers/rule-tester.js';

describe('readTsSettings', () => {
  it('reads jsx and the roots of jsxFactory and jsxFragmentFactory through extends (JSONC)', () => {
    const root = writeProject({
      name: 'tsconfig-jsx',
      files: {
        'tsconfig.base.json': '{\n  // shared\n  "compilerOptions": { "jsx": "React", "jsxFactory": "preact.h", "jsxFragmentFactory": "Fragment" },\n}\n',
        'tsconfig.json': '{ "extends": "./tsconfig.base.json", "compilerOptions": { "verbatimModuleSyntax": true } }',
      },
    });
    const ts = readTsSettings(root);
    expect([ts.jsx, ts.jsxFactoryRoot, ts.jsxFragmentRoot, ts.verbatimModuleSyntax]).toEqual(['react', 'preact', 'Fragment', true]);
  });

  it('leaves jsx and jsxFactory unset without a tsconfig', () => {
    const ts = readTsSettings(writeProject({ name: 'tsconfig-none', files: { 'package.json': '{}' } }));
    expect([ts.jsx, ts.jsxFactoryRoot, ts.jsxFragmentRoot]).toEqual([null, null, null]);
  });
});
