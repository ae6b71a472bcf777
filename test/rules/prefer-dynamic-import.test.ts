import { describe, expect, it } from 'vitest';
import rule from '../../rules/prefer-dynamic-import.js';
import lazyRule from '../../rules/prefer-lazy-import.js';
import { esmPackage, ruleTester, runCase } from '../helpers/rule-tester.js';

const ESM = { 'package.json': '{ "name": "app", "type": "module" }' };
const CJS = { 'package.json': '{ "name": "app", "type": "commonjs" }' };
const COSTS = { moment: { ms: 38, modules: 112 }, 'date-fns': { ms: 31, modules: 250 }, 'esm-only': { ms: 25, modules: 40 }, 'tla-pkg': { ms: 60, modules: 3 } };
const esmOnly = esmPackage('esm-only', { '.': { import: './index.js' } });
const tla = esmPackage('tla-pkg', './index.js', "const config = await Promise.resolve({ a: 1 });\nexport const run = () => config.a;\n");

ruleTester(rule, {
  valid: [
    {
      name: 'a plain CommonJS package in async code: a lazy require is fine (prefer-lazy-import owns it)',
      files: { 'src/index.ts': "import moment from 'moment';\nexport async function f() { return moment(); }\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
    },
    {
      name: 'a dual package used in a sync function (await import would change the API)',
      files: { 'src/index.ts': "import { format } from 'date-fns';\nexport async function f(d: Date) { return format(d, 'y'); }\nexport function g(d: Date) { return format(d, 'y'); }\n", ...ESM },
      link: ['date-fns'], entries: ['src/index.ts'], costs: COSTS,
    },
    {
      name: 'used while the module loads',
      files: { 'src/index.ts': "import { run } from 'esm-only';\nexport const x = run();\nexport async function f() { return run(); }\n", ...ESM, ...esmOnly },
      entries: ['src/index.ts'], costs: COSTS,
    },
    {
      name: 'below the threshold',
      files: { 'src/index.ts': "import { run } from 'esm-only';\nexport async function f() { return run(); }\n", ...ESM, ...esmOnly },
      entries: ['src/index.ts'], costs: { 'esm-only': { ms: 3, modules: 40 } },
    },
  ],
  invalid: [
    {
      name: "tsc's interop helper around a require() of an ES-only package: await import() cannot keep the helper, so no fix",
      files: { 'index.js': "const m = __importStar(require('esm-plain'));\nexports.f = async function f() { return m.run(); };\n", ...CJS, ...esmPackage('esm-plain', './index.js') },
      entries: ['index.js'], costs: { 'esm-plain': { ms: 25, modules: 40 } },
      errors: [{
        line: 1, column: 24,
        message: "'esm-plain' costs 25 ms and 40 modules at startup but is used only inside async functions (f()); load it with await import() there (it is ESM-only).",
        fix: null,
        unfixableReason: 'the require() at line 1 is inside an interop helper, which the codemod keeps in a lazy require() but not in await import()',
      }],
    },
    {
      name: 'import x = require() of an ES-only package: await import() would drop its require() semantics, so no fix',
      files: { 'src/index.ts': "import m = require('esm-plain');\nexport async function f() { return m.run(); }\n", ...CJS, ...esmPackage('esm-plain', './index.js') },
      entries: ['src/index.ts'], costs: { 'esm-plain': { ms: 25, modules: 40 } },
      errors: [{
        line: 1, column: 1,
        message: "'esm-plain' costs 25 ms and 40 modules at startup but is used only inside async functions (f()); load it with await import() there (it is ESM-only).",
        fix: null,
        unfixableReason: '`import x = require()` keeps require() semantics, which await import() does not',
      }],
    },
    {
      name: 'a dual package imported from ESM, used only in async functions',
      files: { 'src/index.ts': "import { format } from 'date-fns';\nexport async function year(d: Date) { return format(d, 'yyyy'); }\n", ...ESM },
      link: ['date-fns'], entries: ['src/index.ts'], costs: COSTS,
      errors: [{
        line: 1, column: 1,
        message: "'date-fns' costs 31 ms and 250 modules at startup but is used only inside async functions (year()); load it with await import() there (it ships separate import and require builds, and require() would load a second copy).",
        fix: { kind: 'lazy', specifier: 'date-fns', importIndexes: [0], shape: 'dynamic' },
        cost: { ms: 31, modules: 250, mb: null, source: 'measured' },
      }],
    },
    {
      name: 'another file has no automatic fix for the same dual package: that file blocks this one, saving nothing and fixing nothing',
      files: {
        'src/index.ts': "export { year } from './a.js';\nexport { day } from './b.js';\n",
        'src/a.ts': "import { format } from 'date-fns';\nexport async function year(d: Date) { return format(d, 'yyyy'); }\n",
        'src/b.ts': "import { format } from 'date-fns';\nexport function day(d: Date) { return format(d, 'd'); }\n",
        ...ESM,
      },
      link: ['date-fns'], entries: ['src/index.ts'], costs: COSTS,
      errors: [{
        file: 'src/a.ts', line: 1, column: 1,
        message: "'date-fns' costs 31 ms and 250 modules at startup but is used only inside async functions (year()); load it with await import() there (it ships separate import and require builds, and require() would load a second copy). Deferring it saves nothing yet: src/b.ts:1 keeps it at startup (no automatic fix there: its exports map has separate import and require builds, so require() from this ES module would load a second copy; load it with await import() once every use is in an async function).",
        fix: null,
        cost: { ms: 0, modules: 0, mb: null, source: 'measured' },
      }],
    },
    {
      name: "a plain package in async TypeScript code without Node's types: await import() compiles, require() would not",
      files: { 'src/index.ts': "import moment from 'moment';\nexport async function f() { return moment(); }\n", 'tsconfig.json': '{ "compilerOptions": { "types": [] } }', ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
      errors: [{
        line: 1, column: 1,
        message: "'moment' costs 38 ms and 112 modules at startup but is used only inside async functions (f()); load it with await import() there (require() in this TypeScript file needs Node's types, and tsconfig.json sets compilerOptions.types without \"node\").",
        fix: { kind: 'lazy', specifier: 'moment', importIndexes: [0], shape: 'dynamic' },
      }],
    },
    {
      name: 'an ESM-only package',
      files: { 'src/index.ts': "import { run } from 'esm-only';\nexport const go = async () => run();\n", ...ESM, ...esmOnly },
      entries: ['src/index.ts'], costs: COSTS,
      errors: [{
        line: 1, column: 1,
        message: "'esm-only' costs 25 ms and 40 modules at startup but is used only inside async functions (go()); load it with await import() there (it is ESM-only).",
        fix: { kind: 'lazy', specifier: 'esm-only', importIndexes: [0], shape: 'dynamic' },
      }],
    },
    {
      name: 'a package whose exports point require() at an ES module is ESM-only too',
      files: {
        'src/index.js': "import { run } from 'esm-default';\nexport const go = async () => run();\n",
        'package.json': '{ "name": "app", "type": "module", "engines": { "node": ">=18" } }',
        ...esmPackage('esm-default', './index.js'),
      },
      entries: ['src/index.js'], costs: { 'esm-default': { ms: 25, modules: 40 } },
      errors: [{
        line: 1, column: 1,
        message: "'esm-default' costs 25 ms and 40 modules at startup but is used only inside async functions (go()); load it with await import() there (it is ESM-only).",
        fix: { kind: 'lazy', specifier: 'esm-default', importIndexes: [0], shape: 'dynamic' },
      }],
    },
    {
      name: 'a package with top-level await, from CommonJS',
      files: { 'src/index.cjs': "const { run } = require('tla-pkg');\nasync function main() { return run(); }\nmodule.exports = { main };\n", ...CJS, ...tla },
      entries: ['src/index.cjs'], costs: COSTS,
      errors: [{
        line: 1, column: 17,
        message: "'tla-pkg' costs 60 ms and 3 modules at startup but is used only inside async functions (main()); load it with await import() there (it uses top-level await).",
        fix: { kind: 'lazy', specifier: 'tla-pkg', importIndexes: [0], shape: 'dynamic' },
      }],
    },
  ],
});

describe('prefer-dynamic-import and prefer-lazy-import', () => {
  it('never fire on the same import', async () => {
    const { findings } = await runCase([rule, lazyRule], {
      name: 'mixed',
      files: {
        ...ESM,
        ...esmOnly,
        ...tla,
        'src/index.ts': [
          "import moment from 'moment';",
          "import { format } from 'date-fns';",
          "import { run } from 'esm-only';",
          "import { run as later } from 'tla-pkg';",
          'export async function a() { return [moment(), format(new Date(), "y"), run(), later()]; }',
          'export function b() { return moment(); }',
          '',
        ].join('\n'),
      },
      link: ['moment', 'date-fns'], entries: ['src/index.ts'], costs: COSTS,
    });
    const byLine = findings.map((f) => `${f.line} ${f.rule} ${f.fix?.kind === 'lazy' ? f.fix.shape : 'none'}`);
    expect(byLine).toEqual(['1 prefer-lazy-import require', '2 prefer-dynamic-import dynamic', '3 prefer-dynamic-import dynamic', '4 prefer-dynamic-import dynamic']);
  });
});
