import { describe, expect, it } from 'vitest';
import rule from '../../rules/prefer-lazy-import.js';
import { esmPackage, ruleTester, runCase } from '../helpers/rule-tester.js';

const ESM = { 'package.json': '{ "name": "app", "type": "module" }' };
const COSTS = { moment: { ms: 38, modules: 112 }, 'date-fns': { ms: 31, modules: 250 } };
/** TypeScript compiled to CommonJS with esModuleInterop (tsc's __importStar). */
const TS_CJS_INTEROP = { 'tsconfig.json': '{ "compilerOptions": { "module": "commonjs", "esModuleInterop": true } }', 'package.json': '{ "name": "app", "type": "commonjs" }' };
const heavyPkg = (name: string, extra: Record<string, unknown> = {}) => ({
  [`node_modules/${name}/package.json`]: JSON.stringify({ name, version: '1.0.0', main: 'index.js', ...extra }),
  [`node_modules/${name}/index.js`]: 'exports.run = () => 1;\n',
});

/**
 * pkg-a (deferrable) and pkg-b (used at load) both load shared-dep: pkg-a's cost is `a`, of which
 * `a.own` is its own part and the rest shared-dep's.
 */
function sharedDepCase(
  name: string,
  a: { ms: number; modules: number; heapMb?: number; own: { modules: number; ms: number } },
  expected: Record<string, unknown>,
) {
  const shared = { name: 'shared-dep', modules: a.modules - a.own.modules, ms: a.ms - a.own.ms };
  return {
    name,
    files: {
      'src/index.ts': "import { run } from 'pkg-a';\nimport { go } from 'pkg-b';\nexport const started = go();\nexport function later() { return run(); }\n",
      ...ESM,
      ...heavyPkg('pkg-a'),
      ...heavyPkg('pkg-b'),
    },
    entries: ['src/index.ts'],
    costs: {
      'pkg-a': { ms: a.ms, modules: a.modules, heapMb: a.heapMb ?? null, packages: [{ name: 'pkg-a', ...a.own }, shared] },
      'pkg-b': { ms: 45, modules: shared.modules + 1, packages: [shared, { name: 'pkg-b', modules: 1, ms: 45 - shared.ms }] },
    },
    errors: [{ file: 'src/index.ts', line: 1, column: 1, ...expected }],
  };
}

ruleTester(rule, {
  valid: [
    {
      name: "used in a function another module always calls while it loads (a bin calling its CLI's entry)",
      files: {
        'src/bin.ts': "import cli from './cli.js';\ncli(process.argv.slice(2));\n",
        'src/cli.ts': "import moment from 'moment';\nfunction build() { return moment(); }\nexport default function cli(args: string[]) { return [build(), args]; }\n",
        ...ESM,
      },
      link: ['moment'], entries: ['src/bin.ts'], costs: COSTS,
    },
    {
      name: 'used in a constructor another module runs while it loads (module.exports = new API())',
      files: {
        'index.js': "const API = require('./api.js');\nmodule.exports = new API();\n",
        'api.js': "const moment = require('moment');\nclass API {\n  constructor() { this.started = moment(); }\n}\nmodule.exports = API;\n",
        'package.json': '{ "name": "app" }',
      },
      link: ['moment'], entries: ['index.js'], costs: COSTS,
    },
    {
      name: 'used in an export called through a require() result and a re-export while another module loads',
      files: {
        'bin.js': "const lib = require('./lib.js');\nlib.init();\n",
        'lib.js': "exports.init = require('./init.js').init;\n",
        'init.js': "const moment = require('moment');\nexports.init = function init() { return moment(); };\n",
        'package.json': '{ "name": "app" }',
      },
      link: ['moment'], entries: ['bin.js'], costs: COSTS,
    },
    {
      name: 'used in a map() callback inside a function called while the module loads',
      files: { 'src/index.ts': "import moment from 'moment';\nfunction main(xs: string[]) { return xs.map((x) => moment(x)); }\nmain(process.argv);\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
    },
    {
      name: 'used in a loop of a function called while the module loads (a loop counts as taken)',
      files: { 'src/index.ts': "import moment from 'moment';\nfunction main(xs: string[]) {\n  for (const x of xs) console.log(moment(x));\n}\nmain(process.argv);\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
    },
    {
      name: 'a require already inside a function, behind a branch of a main() that runs at load: already lazy (eslint\'s bin/eslint.js)',
      files: {
        'src/cli.js': "function spawnIt(cmd) {\n  const spawn = require('lodash');\n  return spawn.uniq([cmd]);\n}\nfunction main(argv) {\n  if (argv.includes('--init')) return spawnIt('npm');\n  return 'lint';\n}\nconsole.log(main(process.argv));\n",
        'package.json': '{ "name": "app" }',
      },
      link: ['lodash'], entries: ['src/cli.js'], costs: { lodash: { ms: 25, modules: 1 } },
    },
    {
      name: 'used in a branch at the top level (not inside a function): still used while the module loads',
      files: { 'src/index.ts': "import moment from 'moment';\nif (process.argv[2] === 'now') console.log(moment());\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
    },
    {
      name: 'a function called at load uses it before and inside a branch',
      files: { 'src/index.ts': "import moment from 'moment';\nfunction main(cmd?: string) {\n  const start = moment();\n  if (cmd === 'now') console.log(moment());\n  return start;\n}\nmain(process.argv[2]);\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
    },
    { name: 'side-effect import', files: { 'src/index.ts': "import 'moment';\n", ...ESM }, link: ['moment'], entries: ['src/index.ts'], costs: COSTS },
    {
      name: 'used while the module loads',
      files: { 'src/index.ts': "import moment from 'moment';\nexport const started = moment();\nexport function f() { return moment(); }\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
    },
    { name: 're-export', files: { 'src/index.ts': "export { default as moment } from 'moment';\n", ...ESM }, link: ['moment'], entries: ['src/index.ts'], costs: COSTS },
    {
      name: 'export * of the same source keeps every import of it eager',
      files: { 'src/index.ts': "import moment from 'moment';\nexport * from 'moment';\nexport function f() { return moment(); }\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
    },
    {
      name: 'a property of the binding is written',
      files: { 'src/index.ts': "import moment from 'moment';\nexport function f() { moment.locale = 'fr'; return moment(); }\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
    },
    {
      name: 'used inside try/catch (a load failure would be swallowed)',
      files: { 'src/index.ts': "import moment from 'moment';\nexport function f() { try { return moment(); } catch { return null; } }\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
    },
    {
      name: "a subpath used at load keeps the package's main entry too when it loads most of it (priced alone)",
      files: { 'src/index.js': "import chunk from 'lodash/chunk.js';\nimport _ from 'lodash';\nconsole.log(chunk([1, 2], 1));\nexport function later(xs) { return _.uniq(xs); }\n", ...ESM },
      link: ['lodash'], entries: ['src/index.js'], costs: { lodash: { ms: 60, modules: 20 } },
      alone: { 'lodash lodash/chunk.js': { ms: 55, modules: 19 } },
    },
    {
      name: 'a subpath used at load, priced alone only statically (its measurement failed): the package stays blocked',
      files: { 'src/index.js': "import chunk from 'lodash/chunk.js';\nimport _ from 'lodash';\nconsole.log(chunk([1, 2], 1));\nexport function later(xs) { return _.uniq(xs); }\n", ...ESM },
      link: ['lodash'], entries: ['src/index.js'], costs: { lodash: { ms: 60, modules: 20 } },
      alone: { 'lodash lodash/chunk.js': { ms: null, modules: 3 } },
    },
    {
      name: 'a subpath used at load, with no price for it alone: the package stays blocked',
      files: { 'src/index.js': "import chunk from 'lodash/chunk.js';\nimport _ from 'lodash';\nconsole.log(chunk([1, 2], 1));\nexport function later(xs) { return _.uniq(xs); }\n", ...ESM },
      link: ['lodash'], entries: ['src/index.js'], costs: { lodash: { ms: 60, modules: 20 } },
    },
    {
      name: 'below the threshold',
      files: { 'src/index.ts': "import moment from 'moment';\nexport function f() { return moment(); }\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: { moment: { ms: 9.9, modules: 112 } },
    },
    {
      name: 'threshold option raised above the cost',
      files: { 'src/index.ts': "import moment from 'moment';\nexport function f() { return moment(); }\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS, options: { threshold: 50 },
    },
    {
      name: 'JSX runtime (react) is never deferred',
      files: { 'src/index.ts': "import { run } from 'react';\nexport function f() { return run(); }\n", ...ESM, ...heavyPkg('react') },
      entries: ['src/index.ts'], costs: { react: { ms: 40, modules: 20 } },
    },
    {
      name: 'polyfills and instrumentation are never deferred (built-in list)',
      files: { 'src/index.ts': "import { run } from 'reflect-metadata';\nexport function f() { return run(); }\n", ...ESM, ...heavyPkg('reflect-metadata') },
      entries: ['src/index.ts'], costs: { 'reflect-metadata': { ms: 40, modules: 20 } },
    },
    {
      name: 'packages listed in config eager are never deferred',
      files: { 'src/index.ts': "import { run } from 'plugin-registry';\nexport function f() { return run(); }\n", ...ESM, ...heavyPkg('plugin-registry') },
      entries: ['src/index.ts'], costs: { 'plugin-registry': { ms: 40, modules: 20 } }, config: { eager: ['plugin-registry'] },
    },
    {
      name: 'local modules stay eager unless configured',
      files: { 'src/index.ts': "import { chart } from './heavy-chart.js';\nexport function f() { return chart(); }\n", 'src/heavy-chart.ts': 'export function chart() { return 1; }\n', ...ESM },
      entries: ['src/index.ts'],
    },
    {
      name: 'builtins are skipped',
      files: { 'src/index.ts': "import { readFileSync } from 'node:fs';\nexport function f() { return readFileSync('x'); }\n", ...ESM },
      entries: ['src/index.ts'], config: { heavy: ['fs', 'node:fs'] },
    },
    {
      name: 'already lazy (await import inside a function)',
      files: { 'src/index.ts': "export async function f() { const { default: moment } = await import('moment'); return moment(); }\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
    },
    { name: 'unused import is left alone', files: { 'src/index.ts': "import moment from 'moment';\nexport const x = 1;\n", ...ESM }, link: ['moment'], entries: ['src/index.ts'], costs: COSTS },
    {
      name: 'type-only import',
      files: { 'src/index.ts': "import type { Moment } from 'moment';\nexport function f(m: Moment) { return m; }\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
    },
    {
      name: 'not in any entry startup set',
      files: { 'src/index.ts': 'export const x = 1;\n', 'src/other.ts': "import moment from 'moment';\nexport function f() { return moment(); }\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
    },
    {
      name: 'used only inside async functions of a dual package from ESM: prefer-dynamic-import owns it',
      files: { 'src/index.ts': "import { format } from 'date-fns';\nexport async function f(d: Date) { return format(d, 'yyyy'); }\n", ...ESM },
      link: ['date-fns'], entries: ['src/index.ts'], costs: COSTS,
    },
    {
      name: 'a decorated constructor parameter type under emitDecoratorMetadata',
      files: {
        'src/index.ts': "import { Svc } from 'svc';\nconst Injectable = (): ClassDecorator => () => {};\n@Injectable()\nexport class A {\n  constructor(private readonly s: Svc) {}\n  run() { return new Svc(); }\n}\n",
        ...ESM, ...heavyPkg('svc'),
      },
      entries: ['src/index.ts'], costs: { svc: { ms: 40, modules: 20 } },
      ts: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    {
      name: 'a reassigned CommonJS binding',
      files: { 'src/index.cjs': "let moment = require('moment');\nexports.f = function f() { return moment(); };\nexports.swap = function swap(m) { moment = m; };\n", ...ESM },
      link: ['moment'], entries: ['src/index.cjs'], costs: COSTS,
    },
  ],
  invalid: [
    {
      name: "used in one command's branch of a main() called while the module loads (a CLI)",
      files: { 'src/index.ts': "import moment from 'moment';\nfunction main(cmd?: string) {\n  if (cmd === 'now') return moment().format();\n  return 'usage: app now';\n}\nconsole.log(main(process.argv[2]));\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
      errors: [{ line: 1, column: 1, message: "'moment' costs 38 ms and 112 modules at startup but is used only inside main(); load it lazily. main() runs while the module loads, but only some runs reach the use at line 3 (it is behind a branch)." }],
    },
    {
      name: 'CommonJS: a switch case of an async main() after an await, and a helper called from another case',
      files: {
        'src/cli.js': "const _ = require('lodash');\nasync function args() { return process.argv.slice(2); }\nfunction pairs(xs) { return _.chunk(xs, 2); }\nasync function main() {\n  const [cmd, ...rest] = await args();\n  switch (cmd) {\n    case 'uniq': return _.uniq(rest);\n    case 'pairs': return pairs(rest);\n    default: return 'usage';\n  }\n}\nmain().then(console.log);\n",
        'package.json': '{ "name": "app" }',
      },
      link: ['lodash'], entries: ['src/cli.js'], costs: { lodash: { ms: 25, modules: 1 } },
      errors: [{ line: 1, column: 11, message: "'lodash' costs 25 ms and 1 module at startup but is used only inside pairs() and main(); load it lazily. pairs() runs while the module loads, but only some runs reach the use at line 3 (it is behind a branch)." }],
    },
    {
      name: 'a main() the module calls only when run as a script (require.main === module)',
      files: {
        'src/cli.js': "const _ = require('lodash');\nfunction main(xs) { return _.uniq(xs); }\nif (require.main === module) console.log(main(process.argv.slice(2)));\nmodule.exports = main;\n",
        'package.json': '{ "name": "app" }',
      },
      link: ['lodash'], entries: ['src/cli.js'], costs: { lodash: { ms: 25, modules: 1 } },
      errors: [{ line: 1, column: 11, message: "'lodash' costs 25 ms and 1 module at startup but is used only inside main(); load it lazily. main() runs while the module loads, but only some runs reach the use at line 2 (it is behind a branch)." }],
    },
    {
      name: 'a handler another module calls in a branch while it loads (a CLI dispatcher): still deferrable',
      files: {
        'src/bin.ts': "import { main } from './cli.js';\nmain(process.argv[2]);\n",
        'src/cli.ts': "import { report } from './report.js';\nexport function main(cmd?: string) {\n  if (cmd === 'report') return report();\n  return 'help';\n}\n",
        'src/report.ts': "import moment from 'moment';\nexport function report() { return moment().format('LL'); }\n",
        ...ESM,
      },
      link: ['moment'], entries: ['src/bin.ts'], costs: COSTS,
      errors: [{ file: 'src/report.ts', line: 1, column: 1, message: "'moment' costs 38 ms and 112 modules at startup but is used only inside report(); load it lazily." }],
    },
    {
      name: 'heavy package used only inside a function',
      files: { 'src/index.ts': "import moment from 'moment';\nexport function formatDate(d: Date) { return moment(d).format('LL'); }\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
      errors: [{
        line: 1, column: 1,
        message: "'moment' costs 38 ms and 112 modules at startup but is used only inside formatDate(); load it lazily.",
        fix: { kind: 'lazy', specifier: 'moment', importIndexes: [0], shape: 'require' },
        unfixableReason: null,
        cost: { ms: 38, modules: 112, mb: null, source: 'measured' },
      }],
    },
    {
      name: 'every eager site is listed and the saving is for deferring them together',
      files: {
        'src/index.ts': "import moment from 'moment';\nimport { b } from './b.js';\nexport function a() { return moment(); }\nexport { b };\n",
        'src/b.ts': "\nimport moment from 'moment';\nexport function b() { return moment().year(); }\nexport function c() { return moment(); }\n",
        ...ESM,
      },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
      errors: [
        {
          file: 'src/b.ts', line: 2, column: 1,
          message: "'moment' costs 38 ms and 112 modules at startup but is used only inside b() and c(); load it lazily. The saving needs the import in src/index.ts deferred too.",
          related: [{ file: 'src/index.ts', line: 1, column: 1, message: "also imports 'moment' eagerly (deferrable)" }],
          fix: { kind: 'lazy', specifier: 'moment', importIndexes: [0], shape: 'require' },
        },
        {
          file: 'src/index.ts', line: 1, column: 1,
          message: "'moment' costs 38 ms and 112 modules at startup but is used only inside a(); load it lazily. The saving needs the import in src/b.ts deferred too.",
          related: [{ file: 'src/b.ts', line: 2, column: 1, message: "also imports 'moment' eagerly (deferrable)" }],
        },
      ],
    },
    {
      name: 'one site cannot be deferred: reported without a fix, with no saving',
      files: {
        'src/index.ts': "import moment from 'moment';\nimport './boot.js';\nexport function a() { return moment(); }\n",
        'src/boot.ts': "import moment from 'moment';\nexport const bootedAt = moment();\n",
        ...ESM,
      },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
      errors: [{
        file: 'src/index.ts', line: 1, column: 1,
        message: "'moment' costs 38 ms and 112 modules at startup but is used only inside a(); load it lazily. Deferring it saves nothing yet: src/boot.ts:1 keeps it at startup ('moment' is used while the module loads (line 2)).",
        fix: null,
        unfixableReason: "src/boot.ts:1 keeps it at startup ('moment' is used while the module loads (line 2))",
        cost: { ms: 0, modules: 0, mb: null, source: 'measured' },
      }],
    },
    {
      name: 'a site used on every run of a function another module calls while it loads names that call',
      files: {
        'src/index.ts': "import moment from 'moment';\nimport './bin.js';\nexport function a() { return moment(); }\n",
        'src/bin.ts': "import cli from './cli.js';\ncli(process.argv.slice(2));\n",
        'src/cli.ts': "import { build } from './build.js';\nexport default function cli(args: string[]) { return [build(), args]; }\n",
        'src/build.ts': "import moment from 'moment';\nexport function later() { return moment(); }\nexport function build() { return moment(); }\n",
        ...ESM,
      },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
      errors: [{
        file: 'src/index.ts', line: 1, column: 1,
        message: "'moment' costs 38 ms and 112 modules at startup but is used only inside a(); load it lazily. Deferring it saves nothing yet: src/build.ts:1 keeps it at startup ('moment' is used on every run of build(), which runs while src/bin.ts loads (it calls 'cli' at line 2, which calls 'build')).",
        fix: null,
        unfixableReason: "src/build.ts:1 keeps it at startup ('moment' is used on every run of build(), which runs while src/bin.ts loads (it calls 'cli' at line 2, which calls 'build'))",
        cost: { ms: 0, modules: 0, mb: null, source: 'measured' },
      }],
    },
    sharedDepCase(
      'what the package loads that another startup import keeps loaded is not counted in the saving',
      { ms: 50, modules: 30, heapMb: 3, own: { modules: 10, ms: 12.5 } },
      {
        message: "'pkg-a' costs 50 ms and 30 modules at startup but is used only inside later(); load it lazily. It loads 'shared-dep', which other imports keep at startup: deferring it saves 13 ms and 10 modules.",
        cost: { ms: 12.5, modules: 10, mb: 1, source: 'measured' },
      },
    ),
    sharedDepCase(
      'a saving under the threshold once shared packages are left out: reported without a fix',
      { ms: 50, modules: 30, own: { modules: 1, ms: 2 } },
      {
        message: "'pkg-a' costs 50 ms and 30 modules at startup but is used only inside later(); load it lazily. It loads 'shared-dep', which other imports keep at startup: deferring it saves 2 ms and 1 module.",
        fix: null,
        unfixableReason: 'deferring it saves 2 ms and 1 module, under the 10 ms threshold, since other imports keep what it loads at startup',
      },
    ),
    {
      name: 'heavy by config without a measurement',
      files: { 'src/index.ts': "import { run } from 'big-sdk';\nexport function f() { return run(); }\n", ...ESM, ...heavyPkg('big-sdk') },
      entries: ['src/index.ts'], config: { heavy: ['big-sdk'] },
      errors: [{ line: 1, column: 1, message: "'big-sdk' costs an unmeasured amount (listed as heavy in config) at startup but is used only inside f(); load it lazily." }],
    },
    {
      name: 'a configured local module, priced by its closure',
      files: {
        'src/index.ts': "import { chart } from './heavy-chart.js';\nexport function draw() { return chart(); }\n",
        'src/heavy-chart.ts': "import moment from 'moment';\nimport { scale } from './scale.js';\nexport function chart() { return scale(moment().year()); }\n",
        'src/scale.ts': 'export const scale = (n: number) => n * 2;\n',
        ...ESM,
      },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS, options: { modules: ['src/heavy-chart.ts'] },
      errors: [{
        // Both are true: deferring either removes moment from startup.
        file: 'src/heavy-chart.ts', line: 1, column: 1,
        message: "'moment' costs 38 ms and 112 modules at startup but is used only inside chart(); load it lazily.",
      }, {
        file: 'src/index.ts', line: 1, column: 1,
        message: "'src/heavy-chart.ts' costs 38 ms and 114 modules at startup but is used only inside draw(); load it lazily.",
        fix: { kind: 'lazy', specifier: './heavy-chart.js', importIndexes: [0], shape: 'require' },
      }],
    },
    {
      name: "TypeScript without Node's types: a lazy require() would not compile, so no fix",
      files: { 'src/index.ts': "import moment from 'moment';\nexport function formatDate(d: Date) { return moment(d).format('LL'); }\n", 'tsconfig.json': '{ "compilerOptions": { "strict": true } }', ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS, nodeTypes: false,
      errors: [{
        line: 1, column: 1,
        message: "'moment' costs 38 ms and 112 modules at startup but is used only inside formatDate(); load it lazily.",
        fix: null,
        unfixableReason: "a lazy require() in TypeScript needs Node's types (@types/node), and @types/node is not installed; load it with await import() once every use is in an async function",
      }],
    },
    {
      name: 'a require() inside a block: deferrable by hand, but the codemod rewrites top-level declarations only, so no fix',
      files: { 'index.js': "if (process.env.REPORT) {\n  var moment = require('moment');\n}\nexports.when = function when() { return moment(); };\n", 'package.json': '{ "name": "app" }' },
      link: ['moment'], entries: ['index.js'], costs: COSTS,
      errors: [{
        line: 2, column: 16,
        message: "'moment' costs 38 ms and 112 modules at startup but is used only inside when(); load it lazily.",
        fix: null,
        unfixableReason: 'the require() at line 2 is inside a block, and the codemod rewrites top-level declarations only',
      }],
    },
    {
      name: "an ES module that declares its own require (createRequire): the codemod does not write its loader beside it, so no fix",
      files: {
        'src/index.js': "import { createRequire } from 'node:module';\nimport moment from 'moment';\nconst require = createRequire(import.meta.url);\nconst pkg = require('../package.json');\nexport function stamp() { return `${pkg.name} ${moment().year()}`; }\n",
        ...ESM,
      },
      link: ['moment'], entries: ['src/index.js'], costs: COSTS,
      errors: [{
        line: 2, column: 1,
        message: "'moment' costs 38 ms and 112 modules at startup but is used only inside stamp(); load it lazily.",
        fix: null,
        unfixableReason: 'the file declares its own `require`, and the codemod does not write a lazy require() beside it',
      }],
    },
    {
      name: 'TypeScript compiled to CommonJS with esModuleInterop, a namespace passed as a whole: an __importStar copy, so no fix',
      files: {
        'src/index.ts': "import * as moment from 'moment';\nfunction keep(x: unknown) { return x; }\nexport function lib() { return keep(moment); }\n",
        ...TS_CJS_INTEROP,
      },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
      errors: [{
        line: 1, column: 1,
        message: "'moment' costs 38 ms and 112 modules at startup but is used only inside lib(); load it lazily.",
        fix: null,
        unfixableReason: "namespace 'moment' is used as a whole (line 3); under esModuleInterop it is an __importStar copy, which the codemod does not rewrite",
      }],
    },
    {
      name: 'the same with member reads only: fixed',
      files: {
        'src/index.ts': "import * as moment from 'moment';\nexport function lib() { return moment.utc(); }\n",
        ...TS_CJS_INTEROP,
      },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
      errors: [{
        line: 1, column: 1,
        message: "'moment' costs 38 ms and 112 modules at startup but is used only inside lib(); load it lazily.",
        fix: { kind: 'lazy', specifier: 'moment', importIndexes: [0], shape: 'require' },
      }],
    },
    {
      name: 'a destructuring with a default value: no fix; a flat one beside it is fixed',
      files: {
        'index.js': "require('./a.js');\nrequire('./b.js');\n",
        'a.js': "const { duration = null } = require('moment');\nexports.a = function a() { return duration; };\n",
        'b.js': "const { duration: d } = require('date-fns');\nexports.b = function b() { return d; };\n",
        'package.json': '{ "name": "app" }',
      },
      link: ['moment', 'date-fns'], entries: ['index.js'], costs: COSTS,
      errors: [
        {
          file: 'a.js', line: 1, column: 29,
          message: "'moment' costs 38 ms and 112 modules at startup but is used only inside a(); load it lazily.",
          fix: null,
          unfixableReason: 'the require() at line 1 is destructured with a default, a rest element or a computed key, and the codemod rewrites { a, b: c } only',
        },
        {
          file: 'b.js', line: 1, column: 25,
          message: "'date-fns' costs 31 ms and 250 modules at startup but is used only inside b(); load it lazily.",
          fix: { kind: 'lazy', specifier: 'date-fns', importIndexes: [0], shape: 'require' },
        },
      ],
    },
    {
      name: 'an ES module in a browser bundle (vite.config.js): no require() there, so no fix',
      files: { 'src/index.js': "import moment from 'moment';\nexport function formatDate(d) { return moment(d).format('LL'); }\n", 'vite.config.js': 'export default {};\n', 'index.html': '<script type="module" src="/src/index.js"></script>\n', ...ESM },
      link: ['moment'], entries: ['src/index.js'], costs: COSTS,
      errors: [{
        line: 1, column: 1,
        message: "'moment' costs 38 ms and 112 modules at startup but is used only inside formatDate(); load it lazily.",
        fix: null,
        unfixableReason: 'vite.config.js bundles it for the browser, where an ES module has no require(); load it with await import() once every use is in an async function',
      }],
    },
    {
      name: "a CommonJS module in a browser bundle (webpack.config.js): the bundler provides require(), so the inline lazy require() is fixable",
      files: { 'src/index.js': "const moment = require('moment');\nexports.formatDate = function formatDate(d) { return moment(d).format('LL'); };\n", 'webpack.config.js': 'module.exports = {};\n', 'package.json': '{ "name": "app" }' },
      link: ['moment'], entries: ['src/index.js'], costs: COSTS,
      errors: [{
        line: 1, column: 16,
        message: "'moment' costs 38 ms and 112 modules at startup but is used only inside formatDate(); load it lazily.",
        fix: { kind: 'lazy', specifier: 'moment', importIndexes: [0], shape: 'require' },
      }],
    },
    {
      name: 'a local ES module, required from an ES module whose engines.node admits Node without require(esm): no fix',
      files: {
        'src/index.js': "import { slow } from './slow.js';\nexport function f() { return slow(); }\n",
        'src/slow.js': 'export const slow = () => 1;\n',
        'package.json': '{ "name": "app", "type": "module", "engines": { "node": "^18.18 || >=20" } }',
      },
      entries: ['src/index.js'], options: { modules: ['src/slow.js'] },
      errors: [{
        line: 1, column: 1,
        message: "'src/slow.js' costs 1 module at startup but is used only inside f(); load it lazily.",
        fix: null,
        unfixableReason: "a lazy require() of an ES module needs Node 20.19 or later, and package.json declares engines.node '^18.18 || >=20', which admits Node versions where require() of an ES module fails (before 20.19, and 21.0 to 22.11); load it with await import() once every use is in an async function",
      }],
    },
    {
      name: "an ES module package in a sync function, where engines.node admits Node without require(esm): no fix",
      files: {
        'src/index.js': "import { run } from 'esm-default';\nexport function f() { return run(); }\n",
        'package.json': '{ "name": "app", "type": "module", "engines": { "node": ">=18" } }',
        ...esmPackage('esm-default', './index.js'),
      },
      entries: ['src/index.js'], costs: { 'esm-default': { ms: 25, modules: 40 } },
      errors: [{
        line: 1, column: 1,
        message: "'esm-default' costs 25 ms and 40 modules at startup but is used only inside f(); load it lazily.",
        fix: null,
        unfixableReason: "a lazy require() of an ES module needs Node 20.19 or later, and package.json declares engines.node '>=18', which admits Node versions where require() of an ES module fails (before 20.19, and 21.0 to 22.11); load it with await import() once every use is in an async function",
      }],
    },
    {
      name: 'a package whose exports map has only an import target, in a sync function: no fix (require() cannot resolve it)',
      files: {
        'src/index.js': "import { run } from 'import-only';\nexport function f() { return run(); }\n",
        ...ESM,
        ...esmPackage('import-only', { '.': { import: './index.js' } }),
      },
      entries: ['src/index.js'], costs: { 'import-only': { ms: 25, modules: 40 } },
      errors: [{
        line: 1, column: 1,
        message: "'import-only' costs 25 ms and 40 modules at startup but is used only inside f(); load it lazily.",
        fix: null,
        unfixableReason: 'its exports map has no target for require() (only for import), so require() would throw ERR_PACKAGE_PATH_NOT_EXPORTED; load it with await import() once every use is in an async function',
      }],
    },
    {
      name: "a subpath used at load and the main entry used only in a function: the main entry is deferred, priced without the subpath's load",
      files: { 'src/index.js': "import chunk from 'lodash/chunk.js';\nimport _ from 'lodash';\nconsole.log(chunk([1, 2], 1));\nexport function later(xs) { return _.uniq(xs); }\n", ...ESM },
      link: ['lodash'], entries: ['src/index.js'], costs: { lodash: { ms: 60, modules: 20, heapMb: 4 } },
      alone: { 'lodash lodash/chunk.js': { ms: 5.5, modules: 19, heapMb: 1 } },
      errors: [{
        line: 2, column: 1,
        message: "'lodash' costs 55 ms and 1 module at startup but is used only inside later(); load it lazily. 'lodash/chunk.js' stays at startup (src/index.js:1: 'chunk' is used while the module loads (line 3)): the cost is what it does not load.",
        fix: { kind: 'lazy', specifier: 'lodash', importIndexes: [1], shape: 'require' },
        cost: { ms: 54.5, modules: 1, mb: 3, source: 'measured' },
      }],
    },
    {
      name: 'a subpath used at load in one file and the main entry used only in functions in two others: both deferred together',
      files: {
        'src/index.js': "import chunk from 'lodash/chunk.js';\nimport { a } from './a.js';\nimport { b } from './b.js';\nconsole.log(chunk([a, b], 1));\n",
        'src/a.js': "import _ from 'lodash';\nexport function a() { return _.uniq([1]); }\n",
        'src/b.js': "import { uniq } from 'lodash';\nexport function b() { return uniq([2]); }\n",
        ...ESM,
      },
      link: ['lodash'], entries: ['src/index.js'], costs: { lodash: { ms: 60, modules: 20 } },
      alone: { 'lodash lodash/chunk.js': { ms: 5, modules: 19 } },
      errors: [
        {
          file: 'src/a.js', line: 1, column: 1,
          message: "'lodash' costs 55 ms and 1 module at startup but is used only inside a(); load it lazily. 'lodash/chunk.js' stays at startup (src/index.js:1: 'chunk' is used while the module loads (line 4)): the cost is what it does not load. The saving needs the import in src/b.js deferred too.",
        },
        {
          file: 'src/b.js', line: 1, column: 1,
          message: "'lodash' costs 55 ms and 1 module at startup but is used only inside b(); load it lazily. 'lodash/chunk.js' stays at startup (src/index.js:1: 'chunk' is used while the module loads (line 4)): the cost is what it does not load. The saving needs the import in src/a.js deferred too.",
        },
      ],
    },
    {
      name: "a dual package's subpath with one file for import and require, from ESM in a sync function: judged by that entry, so fixable",
      files: {
        'src/index.ts': "import Result from 'dualpc/lib/result';\nexport function make() { return new Result(); }\n",
        'node_modules/dualpc/package.json': JSON.stringify({ name: 'dualpc', version: '1.0.0', exports: { '.': { import: './lib/pc.mjs', require: './lib/pc.js' }, './lib/result': './lib/result.js' } }),
        'node_modules/dualpc/lib/pc.mjs': "export { default as Result } from './result.js';\n",
        'node_modules/dualpc/lib/pc.js': "exports.Result = require('./result.js');\n",
        'node_modules/dualpc/lib/result.js': 'module.exports = class Result {};\n',
        ...ESM,
      },
      entries: ['src/index.ts'], costs: { dualpc: { ms: 30, modules: 3 } },
      errors: [{
        line: 1, column: 1,
        message: "'dualpc' costs 30 ms and 3 modules at startup but is used only inside make(); load it lazily.",
        fix: { kind: 'lazy', specifier: 'dualpc/lib/result', importIndexes: [0], shape: 'require' },
        unfixableReason: null,
      }],
    },
    {
      name: 'dual package from ESM used in a sync function: reported without a fix',
      files: { 'src/index.ts': "import { format } from 'date-fns';\nexport function year(d: Date) { return format(d, 'yyyy'); }\n", ...ESM },
      link: ['date-fns'], entries: ['src/index.ts'], costs: COSTS,
      errors: [{
        line: 1, column: 1,
        message: "'date-fns' costs 31 ms and 250 modules at startup but is used only inside year(); load it lazily.",
        fix: null,
        unfixableReason: 'its exports map has separate import and require builds, so require() from this ES module would load a second copy; load it with await import() once every use is in an async function',
      }],
    },
    {
      name: 'the same dual package from CommonJS is a plain lazy require',
      files: { 'src/index.cjs': "const { format } = require('date-fns');\nexports.year = function year(d) { return format(d, 'yyyy'); };\n", ...ESM },
      link: ['date-fns'], entries: ['src/index.cjs'], costs: COSTS,
      errors: [{
        line: 1, column: 20,
        message: "'date-fns' costs 31 ms and 250 modules at startup but is used only inside year(); load it lazily.",
        fix: { kind: 'lazy', specifier: 'date-fns', importIndexes: [0], shape: 'require' },
      }],
    },
    {
      name: 'allowInTry opts in to uses inside try/catch',
      files: { 'src/index.ts': "import moment from 'moment';\nexport function f() { try { return moment(); } catch { return null; } }\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS, options: { allowInTry: true },
      errors: [{ line: 1, column: 1, message: "'moment' costs 38 ms and 112 modules at startup but is used only inside f(); load it lazily." }],
    },
    {
      name: 'many functions are summarised; types stay types',
      files: {
        'src/index.ts': "import moment, { type Moment } from 'moment';\nexport function a(m: Moment) { return moment(m); }\nexport function b() { return moment(); }\nexport const c = () => moment();\nexport function d() { return [1].map(() => moment()); }\n",
        ...ESM,
      },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
      errors: [{ line: 1, column: 1, message: "'moment' costs 38 ms and 112 modules at startup but is used only inside a(), b() and 2 more functions; load it lazily." }],
    },
    {
      name: 'a namespace whose value escapes is fine (the loader returns the real namespace)',
      files: { 'src/index.ts': "import * as m from 'moment';\nexport function keys() { return Object.keys(m); }\n", ...ESM },
      link: ['moment'], entries: ['src/index.ts'], costs: COSTS,
      errors: [{ line: 1, column: 1, message: "'moment' costs 38 ms and 112 modules at startup but is used only inside keys(); load it lazily.", fix: { kind: 'lazy', specifier: 'moment', importIndexes: [0], shape: 'require' } }],
    },
    {
      name: 'a JSX element: reported, not fixed',
      files: { 'src/index.tsx': "import { Chart } from 'chart-kit';\nexport function View() { return <Chart />; }\n", ...ESM, ...heavyPkg('chart-kit') },
      entries: ['src/index.tsx'], costs: { 'chart-kit': { ms: 60, modules: 80 } },
      errors: [{
        line: 1, column: 1,
        message: "'chart-kit' costs 60 ms and 80 modules at startup but is used only inside View(); load it lazily.",
        fix: null,
        unfixableReason: "'Chart' is used as a JSX element, which the codemod cannot turn into a lazy load",
      }],
    },
    {
      name: 'the same decorated class without emitDecoratorMetadata is deferrable',
      files: {
        'src/index.ts': "import { Svc } from 'svc';\nconst Injectable = (): ClassDecorator => () => {};\n@Injectable()\nexport class A {\n  constructor(private readonly s: Svc) {}\n  run() { return new Svc(); }\n}\n",
        ...ESM, ...heavyPkg('svc'),
      },
      entries: ['src/index.ts'], costs: { svc: { ms: 40, modules: 20 } },
      ts: { emitDecoratorMetadata: false, experimentalDecorators: true },
      errors: [{ line: 1, column: 1, message: "'svc' costs 40 ms and 20 modules at startup but is used only inside A.run(); load it lazily." }],
    },
    {
      name: 'the same CommonJS binding, not reassigned',
      files: { 'src/index.cjs': "let moment = require('moment');\nexports.f = function f() { return moment(); };\n", ...ESM },
      link: ['moment'], entries: ['src/index.cjs'], costs: COSTS,
      errors: [{ line: 1, column: 14, message: "'moment' costs 38 ms and 112 modules at startup but is used only inside f(); load it lazily." }],
    },
  ],
});

describe('prefer-lazy-import with many import sites', () => {
  it('lists at most 50 related sites and says how many more there are', async () => {
    const files: Record<string, string> = { 'package.json': '{ "name": "app", "type": "module" }' };
    const names = Array.from({ length: 53 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    files['src/index.ts'] = `${names.map((n) => `import './${n}.js';`).join('\n')}\n`;
    for (const n of names) files[`src/${n}.ts`] = `import moment from 'moment';\nexport function ${n}() { return moment(); }\n`;
    const { findings } = await runCase([rule], { name: 'many', files, link: ['moment'], entries: ['src/index.ts'], costs: COSTS });
    expect(findings).toHaveLength(53);
    const first = findings[0];
    expect(first.file).toBe('src/m00.ts');
    expect(first.message).toBe("'moment' costs 38 ms and 112 modules at startup but is used only inside m00(); load it lazily. The saving needs the imports in src/m01.ts, src/m02.ts, src/m03.ts and 49 more files deferred too.");
    expect(first.related).toHaveLength(51);
    expect(first.related?.[0]).toEqual({ file: 'src/m01.ts', line: 1, column: 1, message: "also imports 'moment' eagerly (deferrable)" });
    expect(first.related?.[50]).toEqual({ file: 'src/m50.ts', line: 1, column: 1, message: "and 2 more import sites of 'moment' (not listed)" });
    expect(first.fix).toEqual({ kind: 'lazy', file: 'src/m00.ts', specifier: 'moment', importIndexes: [0], shape: 'require' });
  });
});
