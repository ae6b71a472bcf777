import rule from '../../rules/no-import-cycle.js';
import { ruleTester } from '../helpers/rule-tester.js';

const ESM = { 'package.json': '{ "name": "app", "type": "module" }' };

ruleTester(rule, {
  valid: [
    { name: 'no cycle', files: { 'src/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n", 'src/b.ts': 'export const b = 1;\n', ...ESM } },
    {
      name: 'a type-only edge closes no runtime cycle',
      files: { 'src/a.ts': "import { b } from './b.js';\nexport interface A { x: number }\nexport const a = () => b;\n", 'src/b.ts': "import type { A } from './a.js';\nexport const b = (x: A) => x;\n", ...ESM },
    },
    {
      name: 'a dynamic import is not evaluated at load',
      files: { 'src/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n", 'src/b.ts': "export const b = async () => (await import('./a.js')).a;\n", ...ESM },
    },
    {
      name: 'longer than maxLength',
      files: { 'src/a.ts': "import { b } from './b.js';\nexport const a = 1 + b;\n", 'src/b.ts': "import { c } from './c.js';\nexport const b = c;\n", 'src/c.ts': "import { a } from './a.js';\nexport const c = () => a;\n", ...ESM },
      options: { maxLength: 2 },
    },
  ],
  invalid: [
    {
      name: 'a three-module cycle with its path, and the edge a lazy import would break',
      files: {
        'src/a.ts': "import { b } from './b.js';\nexport const a = 1 + b;\n",
        'src/b.ts': "import { c } from './c.js';\nexport const b = c;\n",
        'src/c.ts': "\nimport { a } from './a.js';\nexport const c = () => a;\n",
        ...ESM,
      },
      errors: [{
        file: 'src/a.ts', line: 1, column: 1,
        message: "Import cycle of 3 modules evaluated at load: src/a.ts -> src/b.ts -> src/c.ts -> src/a.ts; while it loads one side sees the other half-initialised. Loading './a.js' lazily in src/c.ts:2 would break it (its bindings are used only inside functions).",
        related: [
          { file: 'src/b.ts', line: 1, column: 1, message: 'imports src/c.ts' },
          { file: 'src/c.ts', line: 2, column: 1, message: 'imports src/a.ts' },
        ],
      }],
    },
    {
      name: 'a two-module cycle through re-exports (no lazy way out)',
      files: { 'src/a.ts': "export { b } from './b.js';\nexport const a = 1;\n", 'src/b.ts': "import { a } from './a.js';\nexport const b = a + 1;\n", ...ESM },
      errors: [{ file: 'src/a.ts', line: 1, column: 1, message: 'Import cycle of 2 modules evaluated at load: src/a.ts -> src/b.ts -> src/a.ts; while it loads one side sees the other half-initialised.' }],
    },
  ],
});
