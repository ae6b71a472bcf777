import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { buildGraph } from '../../src/graph/build.js';
import { explainFinding } from '../../src/engine/explain.js';
import { runRules } from '../../src/engine/run.js';
import { DEFAULT_TS, fixedCostModel, makeConfig, writeProject } from '../helpers/rule-tester.js';

describe('explainFinding', () => {
  it('shows the eager paths from each entry, the usage sites and why a fix is or is not safe', async () => {
    const root = writeProject({
      name: 'explain',
      files: {
        'package.json': '{ "name": "app", "type": "module" }',
        'src/cli.ts': "import { report } from './report.js';\nexport const run = () => report(new Date());\n",
        'src/server.ts': "import { report } from './report.js';\nimport moment from 'moment';\nexport const started = moment();\nexport const r = report;\n",
        'src/report.ts': "import moment from 'moment';\nexport function report(d: Date) { return moment(d).format('LL'); }\n",
      },
      link: ['moment'],
    });
    const graph = await buildGraph(root);
    const config = makeConfig(root, ['src/cli.ts', 'src/server.ts']);
    const cost = fixedCostModel({ moment: { ms: 38, modules: 112 } });
    const { findings } = await runRules({ graph, cost, config, rules: allRules, ts: DEFAULT_TS, only: ['prefer-lazy-import'] });
    expect(findings).toHaveLength(1);
    const text = explainFinding(findings[0], { graph, cost, config, ts: DEFAULT_TS });
    expect(text).toBe([
      'src/report.ts:1:1  prefer-lazy-import (warn)',
      "  'moment' costs 38 ms and 112 modules at startup but is used only inside report(); load it lazily.",
      '  Saving if fixed: 38 ms, 112 modules (measured)',
      '',
      'Eager paths from each entry:',
      "  src/cli.ts -> src/report.ts -> 'moment'",
      "  src/server.ts -> src/report.ts -> 'moment'",
      '',
      "Usage sites of the import of 'moment' (static):",
      '  moment <- default: only inside functions',
      '    moment (call) at src/report.ts:2:42: inside report()',
      '',
      'Fix (lazy, shape require) is safe because every value binding of the import is used only inside functions; none is reassigned, mutated, re-exported, used at load or inside try/catch; the package is not on the eager list (polyfills, instrumentation, JSX runtimes) and every other eager import site of it can be deferred too. Apply it with --fix.',
    ].join('\n'));
    // In the cli entry only src/report.ts keeps moment: the finding is priced from there, not from server.ts where moment is used at load.
    expect(findings[0].cost).toEqual({ ms: 38, modules: 112, mb: null, source: 'measured' });
  });

  it('lists the usage sites of every import of the package in the file, which the fix rewrites together', async () => {
    const root = writeProject({
      name: 'explain-two',
      files: {
        'package.json': '{ "name": "app", "type": "module" }',
        'src/index.ts': "import moment from 'moment';\nimport { duration } from 'moment';\nimport type { Moment } from 'moment';\nexport function a(): Moment { return moment(); }\nexport function b() { return duration(1); }\n",
      },
      link: ['moment'],
    });
    const graph = await buildGraph(root);
    const config = makeConfig(root, ['src/index.ts']);
    const cost = fixedCostModel({ moment: { ms: 38, modules: 112 } });
    const { findings } = await runRules({ graph, cost, config, rules: allRules, ts: DEFAULT_TS, only: ['prefer-lazy-import'] });
    expect(findings).toHaveLength(1);
    const text = explainFinding(findings[0], { graph, cost, config, ts: DEFAULT_TS });
    expect(text).toContain([
      "Usage sites of the import of 'moment' at line 1 (static):",
      '  moment <- default: only inside functions',
      '    moment (call) at src/index.ts:4:38: inside a()',
      '',
      "Usage sites of the import of 'moment' at line 2 (static):",
      '  duration <- duration: only inside functions',
      '    duration (call) at src/index.ts:5:30: inside b()',
      '',
    ].join('\n'));
    expect(text).not.toContain('at line 3');
  });

  it('says why there is no fix', async () => {
    const root = writeProject({ name: 'unused', files: { 'package.json': '{ "type": "module" }', 'src/a.js': "import moment from 'moment';\nexport const a = 1;\n" }, link: ['moment'] });
    const graph = await buildGraph(root);
    const config = makeConfig(root, ['src/a.js']);
    const cost = fixedCostModel({});
    const { findings } = await runRules({ graph, cost, config, rules: allRules, ts: DEFAULT_TS, only: ['no-unused-import'] });
    const text = explainFinding(findings[0], { graph, cost, config, ts: DEFAULT_TS });
    expect(text).toContain('  moment <- default: unused\n    moment: never used');
    expect(text.split('\n').at(-1)).toBe('No automatic fix: no-unused-import reports only (removing an import can drop the side effects of evaluating its module).');
  });
});
