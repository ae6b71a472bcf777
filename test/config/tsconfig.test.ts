import { describe, expect, it } from 'vitest';
import { readTsSettings } from '../../src/config/tsconfig.js';
import { writeProject } from '../helpers/rule-tester.js';

describe('readTsSettings', () => {
  it('reads jsx and the root of jsxFactory through extends (JSONC)', () => {
    const root = writeProject({
      name: 'tsconfig-jsx',
      files: {
        'tsconfig.base.json': '{\n  // shared\n  "compilerOptions": { "jsx": "React", "jsxFactory": "preact.h", },\n}\n',
        'tsconfig.json': '{ "extends": "./tsconfig.base.json", "compilerOptions": { "verbatimModuleSyntax": true } }',
      },
    });
    const ts = readTsSettings(root);
    expect([ts.jsx, ts.jsxFactoryRoot, ts.verbatimModuleSyntax]).toEqual(['react', 'preact', true]);
  });

  it('leaves jsx and jsxFactory unset without a tsconfig', () => {
    const ts = readTsSettings(writeProject({ name: 'tsconfig-none', files: { 'package.json': '{}' } }));
    expect([ts.jsx, ts.jsxFactoryRoot]).toEqual([null, null]);
  });
});
