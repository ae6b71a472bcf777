import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTsSettings, tsconfigProblems, tsSettingsResolver } from '../../src/config/tsconfig.js';
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

  it('names each tsconfig of the chain that cannot be read, and reads the rest', () => {
    const workspace = writeProject({
      name: 'tsconfig-broken',
      files: {
        'app/tsconfig.json': '{ "extends": ["./base.json", "./missing", "@scope/cfg/tsconfig.json", "mapped/strict", "bare-pkg"], "compilerOptions": { "jsx": "react" } }',
        'app/base.json': '{ "compilerOptions": { "verbatimModuleSyntax": true, }, "extends": "./broken.json" }',
        'app/broken.json': '{ "compilerOptions": {',
        // A package's tsconfig is looked up in the node_modules folders above, as TypeScript does.
        'node_modules/@scope/cfg/tsconfig.json': '{ "compilerOptions": { "emitDecoratorMetadata": true } }',
        // Through the package's exports, and its tsconfig field.
        'app/node_modules/mapped/package.json': '{ "name": "mapped", "exports": { "./strict": { "default": "./configs/strict.json" } } }',
        'app/node_modules/mapped/configs/strict.json': '{ "compilerOptions": { "experimentalDecorators": true } }',
        'app/node_modules/bare-pkg/package.json': '{ "name": "bare-pkg", "tsconfig": "./cfg/base.json" }',
        'app/node_modules/bare-pkg/cfg/base.json': '{ "compilerOptions": { "module": "NodeNext" } }',
      },
    });
    const root = path.join(workspace, 'app');
    expect(tsconfigProblems(root).map((p) => `${path.basename(p.file)}: ${p.message}`)).toEqual([
      expect.stringMatching(/^broken\.json: cannot be read \(not valid JSON: .+\)$/),
      "tsconfig.json: extends './missing', which is not there",
    ]);
    expect(readTsSettings(root)).toMatchObject({ jsx: 'react', verbatimModuleSyntax: true, emitDecoratorMetadata: true, experimentalDecorators: true, module: 'nodenext' });
  });

  it('finds nothing wrong with a readable chain or without a tsconfig', () => {
    expect(tsconfigProblems(writeProject({ name: 'tsconfig-ok', files: { 'tsconfig.json': '{ "extends": "./b", "compilerOptions": {} }', 'b.json': '{}' } }))).toEqual([]);
    expect(tsconfigProblems(writeProject({ name: 'tsconfig-absent', files: { 'package.json': '{}' } }))).toEqual([]);
  });

  it('takes decorator and verbatimModuleSyntax settings from the projects a solution tsconfig references', () => {
    const root = writeProject({
      name: 'tsconfig-solution',
      files: {
        'tsconfig.json': '{ "files": [], "references": [{ "path": "./tsconfig.app.json" }, { "path": "./server" }] }',
        'tsconfig.app.json': '{ "extends": "./tsconfig.base.json", "compilerOptions": { "jsx": "react-jsx" }, "include": ["src"] }',
        'tsconfig.base.json': '{ "compilerOptions": { "verbatimModuleSyntax": true } }',
        'server/tsconfig.json': '{ "compilerOptions": { "emitDecoratorMetadata": true, "experimentalDecorators": true } }',
      },
    });
    expect(readTsSettings(root)).toMatchObject({ verbatimModuleSyntax: true, emitDecoratorMetadata: true, experimentalDecorators: true, jsx: null });
    expect(tsconfigProblems(root)).toEqual([]);
    // A referenced project that is not there, or does not read, is named.
    const broken = writeProject({
      name: 'tsconfig-solution-broken',
      files: { 'tsconfig.json': '{ "files": [], "references": [{ "path": "./tsconfig.app.json" }, { "path": "./gone" }] }', 'tsconfig.app.json': '{ "extends": "./nope.json" }' },
    });
    expect(tsconfigProblems(broken).map((p) => `${path.basename(p.file)}: ${p.message}`)).toEqual([
      "tsconfig.app.json: extends './nope.json', which is not there",
      "tsconfig.json: references 'gone', which is not there",
    ]);
    const plain = writeProject({ name: 'tsconfig-plain', files: { 'tsconfig.json': '{ "compilerOptions": {} }', 'tsconfig.app.json': '{ "compilerOptions": { "verbatimModuleSyntax": true } }' } });
    expect(readTsSettings(plain)).toMatchObject({ verbatimModuleSyntax: false, emitDecoratorMetadata: false });
  });

  it("tsSettingsResolver gives each file its own tsconfig's settings, through references and extends", () => {
    const root = writeProject({
      name: 'tsconfig-per-file',
      files: {
        'tsconfig.json': '{ "compilerOptions": { "module": "commonjs" } }',
        'packages/app/tsconfig.json': '{ "files": [], "references": [{ "path": "./tsconfig.web.json" }, { "path": "./tsconfig.node.json" }] }',
        'packages/app/tsconfig.web.json': '{ "extends": "../../tsconfig.json", "compilerOptions": { "jsx": "react-jsx", "verbatimModuleSyntax": true }, "include": ["src/**/*.tsx", "src/**/*.ts"], "exclude": ["src/server"] }',
        'packages/app/tsconfig.node.json': '{ "compilerOptions": { "module": "nodenext", "emitDecoratorMetadata": true }, "include": ["src/server", "vite.config.ts"] }',
      },
    });
    const tsFor = tsSettingsResolver(root);
    const at = (f: string) => tsFor(path.join(root, f));
    expect(at('src/index.ts')).toMatchObject({ module: 'commonjs', verbatimModuleSyntax: false, jsx: null });
    expect(at('packages/app/src/view.tsx')).toMatchObject({ module: 'commonjs', verbatimModuleSyntax: true, jsx: 'react-jsx', emitDecoratorMetadata: false });
    expect(at('packages/app/src/server/main.ts')).toMatchObject({ module: 'nodenext', esModuleInterop: true, emitDecoratorMetadata: true, verbatimModuleSyntax: false });
    expect(at('packages/app/vite.config.ts')).toMatchObject({ module: 'nodenext' });
    // Taken by neither referenced project: the solution's own (with its references' flags, the safe side).
    expect(at('packages/app/scripts/x.ts')).toMatchObject({ module: null, verbatimModuleSyntax: true, emitDecoratorMetadata: true });
  });
});
