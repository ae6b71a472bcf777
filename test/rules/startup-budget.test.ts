import rule from '../../rules/startup-budget.js';
import { ruleTester } from '../helpers/rule-tester.js';

const ESM = { 'package.json': '{ "name": "app", "type": "module" }' };
const app = {
  'src/cli.ts': "import moment from 'moment';\nimport { get } from 'lodash';\nimport { run } from './run.js';\nexport const x = [moment, get, run];\n",
  'src/run.ts': 'export const run = () => 1;\n',
  ...ESM,
};
const COSTS = { moment: { ms: 38, modules: 112 }, lodash: { ms: 24, modules: 1 } };

ruleTester(rule, {
  valid: [
    { name: 'no budgets set (modules defaults to Infinity)', files: app, link: ['moment', 'lodash'], entries: ['src/cli.ts'], costs: COSTS },
    { name: 'within the static module budget', files: app, link: ['moment', 'lodash'], entries: ['src/cli.ts'], costs: COSTS, config: { budgets: { importMs: 200, rssMb: 100, modules: 115 } } },
    {
      name: 'measured and within every budget',
      files: app, link: ['moment', 'lodash'], entries: ['src/cli.ts'], costs: COSTS,
      measurements: { 'src/cli.ts': { importMs: 90, rssMb: 60, modules: 120 } }, config: { budgets: { importMs: 100, rssMb: 64, modules: 200 } },
    },
  ],
  invalid: [
    {
      name: 'static count over budgets.modules',
      files: app, link: ['moment', 'lodash'], entries: ['src/cli.ts'], costs: COSTS, config: { budgets: { importMs: 200, rssMb: 100, modules: 100 } },
      errors: [{
        file: 'src/cli.ts', line: 1, column: 1,
        message: "'src/cli.ts' loads 115 modules at startup, over the budget of 100 modules (static count: run perf-lint measure for time and memory); heaviest at startup: moment (38 ms, 112 modules), lodash (24 ms, 1 module). Defer or remove them (see prefer-lazy-import).",
        cost: { ms: null, modules: 15, mb: null, source: 'static' },
      }],
    },
    {
      name: 'measured time and memory over budget; the rule option overrides the config',
      files: app, link: ['moment', 'lodash'], entries: ['src/cli.ts'], costs: COSTS,
      measurements: { 'src/cli.ts': { importMs: 140.4, rssMb: 80.26, modules: 120 } }, config: { budgets: { importMs: 100, rssMb: 64, modules: 500 } },
      options: { modules: 119 },
      errors: [
        { file: 'src/cli.ts', line: 1, column: 1, message: "'src/cli.ts' loads 120 modules at startup, over the budget of 119 modules (measured); heaviest at startup: moment (38 ms, 112 modules), lodash (24 ms, 1 module). Defer or remove them (see prefer-lazy-import)." },
        { file: 'src/cli.ts', line: 1, column: 1, message: "'src/cli.ts' takes 140 ms at startup, over the budget of 100 ms (measured); heaviest at startup: moment (38 ms, 112 modules), lodash (24 ms, 1 module). Defer or remove them (see prefer-lazy-import)." },
        { file: 'src/cli.ts', line: 1, column: 1, message: "'src/cli.ts' uses 80.3 MB RSS at startup, over the budget of 64 MB (measured); heaviest at startup: moment (38 ms, 112 modules), lodash (24 ms, 1 module). Defer or remove them (see prefer-lazy-import)." },
      ],
    },
  ],
});
