import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { REPO, runCase } from '../helpers/rule-tester.js';
import type { Finding } from '../../src/engine/types.js';

/**
 * The demo app (fixtures/demo-app, copied to a temp dir) with its own perf-lint config and tsconfig
 * settings; package costs are fixed figures so the messages are exact.
 */
const show = (f: Finding) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.fix ? `[fix ${f.fix.kind}${f.fix.kind === 'lazy' ? `/${f.fix.shape}` : ''}]` : '[no fix]'} ${f.message}`;

describe('demo-app', () => {
  it('reports every over-import of the demo app', async () => {
    const config = JSON.parse(readFileSync(path.join(REPO, 'fixtures/demo-app/perf-lint.config.json'), 'utf8')) as { entries: string[]; heavy: string[]; budgets: { importMs: number; rssMb: number } };
    const { findings } = await runCase(allRules, {
      name: 'demo-app',
      fixture: 'fixtures/demo-app',
      link: ['date-fns', 'rxjs', 'ajv', 'lodash', 'luxon'],
      entries: config.entries,
      config: { heavy: config.heavy, budgets: { ...config.budgets, modules: Number.POSITIVE_INFINITY }, rules: {} },
      ts: { verbatimModuleSyntax: true, esModuleInterop: true },
      costs: { 'date-fns': { ms: 31, modules: 250 }, rxjs: { ms: 18, modules: 130 }, ajv: { ms: 45, modules: 60 }, lodash: { ms: 24, modules: 1 }, luxon: { ms: 12, modules: 1 } },
    });
    expect(findings.map(show)).toEqual([
      "src/cli.ts:3:1 prefer-type-import [fix type-import] 'Observable' from 'rxjs' is used only as a type, but this import still evaluates it at run time (18 ms and 130 modules); write `import type`.",
      "src/cli.ts:8:1 no-barrel-import [fix barrel] './util/index.js' is a barrel: importing 'slugify' through it evaluates 4 modules (including 'luxon') this file never uses; import from './util/strings.js' (slugify) instead.",
      "src/commands/report.ts:1:1 prefer-dynamic-import [fix lazy/dynamic] 'date-fns' costs 31 ms and 250 modules at startup but is used only inside async functions (runReport()); load it with await import() there (it ships separate import and require builds, and require() would load a second copy).",
      "src/commands/report.ts:1:1 prefer-subpath-import [fix subpath] 'date-fns' is imported whole (31 ms and 250 modules) for 'addDays' and 'format'; import 'date-fns/addDays' and 'date-fns/format' instead.",
      "src/commands/report.ts:2:1 prefer-lazy-import [fix lazy/require] 'lodash' costs 24 ms and 1 module at startup but is used only inside runReport(); load it lazily.",
      // rxjs leaves startup once stream.ts is lazy and cli.ts imports Observable as a type.
      "src/commands/stream.ts:1:1 prefer-lazy-import [fix lazy/require] 'rxjs' costs 18 ms and 130 modules at startup but is used only inside runStream(); load it lazily. It also needs src/cli.ts:3 (used only as a type) written as `import type` (see prefer-type-import).",
      "src/commands/validate.ts:1:1 prefer-lazy-import [fix lazy/require] 'ajv' costs 45 ms and 60 modules at startup but is used only inside runValidate(); load it lazily.",
      // luxon ships separate import and require builds and weekLabel() is synchronous: reported without a fix.
      "src/util/dates.ts:1:1 prefer-lazy-import [no fix] 'luxon' costs 12 ms and 1 module at startup but is used only inside weekLabel(); load it lazily.",
    ]);
    const rxjs = findings.find((f) => f.file === 'src/commands/stream.ts');
    expect(rxjs?.related).toEqual([{ file: 'src/cli.ts', line: 3, column: 1, message: "imports 'rxjs' only for types but keeps it at run time: write `import type`" }]);
    expect(rxjs?.cost).toEqual({ ms: 18, modules: 130, mb: null, source: 'measured' });
  });
});
