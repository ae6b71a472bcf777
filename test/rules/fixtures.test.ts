import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { runCase } from '../helpers/rule-tester.js';
import type { Finding } from '../../src/engine/types.js';

/** Fixture mini-projects (copied to a temp dir, never mutated): the whole set of findings is asserted. */
const show = (f: Finding) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.fix ? `[fix ${f.fix.kind}${f.fix.kind === 'lazy' ? `/${f.fix.shape}` : ''}]` : '[no fix]'} ${f.message}`;
const COSTS = {
  moment: { ms: 38, modules: 112 },
  'date-fns': { ms: 31, modules: 250 },
  lodash: { ms: 24, modules: 1 },
  luxon: { ms: 12, modules: 1 },
  rxjs: { ms: 18, modules: 130 },
};

describe('fixtures/rules', () => {
  it('cli-app: an ESM TypeScript CLI', async () => {
    const { findings } = await runCase(allRules, {
      name: 'cli-app', fixture: 'fixtures/rules/cli-app', link: ['moment', 'date-fns', 'lodash', 'luxon', 'rxjs'], entries: ['src/cli.ts'], costs: COSTS,
      config: { rules: { 'startup-budget': ['error', { modules: 500 }] } },
    });
    expect(findings.map(show)).toEqual([
      "src/cli.ts:1:1 startup-budget [no fix] 'src/cli.ts' loads 502 modules at startup, over the budget of 500 modules (static count: run perf-lint measure for time and memory); heaviest at startup: moment (38 ms, 112 modules), date-fns (31 ms, 250 modules), lodash (24 ms, 1 module). Defer or remove them (see prefer-lazy-import).",
      "src/cli.ts:3:1 no-barrel-import [fix barrel] './utils/index.js' is a barrel: importing 'slugify' through it evaluates 133 modules (including 'rxjs') this file never uses; import from './utils/slug.js' (slugify) instead.",
      "src/commands/report.ts:1:1 prefer-lazy-import [no fix] 'moment' costs 38 ms and 112 modules at startup but is used only inside report(); load it lazily. Deferring it saves nothing yet: src/commands/serve.ts:1 keeps it at startup ('moment' is used while the module loads (line 5)).",
      "src/commands/report.ts:2:1 prefer-dynamic-import [fix lazy/dynamic] 'date-fns' costs 31 ms and 250 modules at startup but is used only inside async functions (archive()); load it with await import() there (it ships separate import and require builds, and require() would load a second copy).",
      "src/commands/report.ts:2:1 prefer-subpath-import [fix subpath] 'date-fns' is imported whole (31 ms and 250 modules) for 'format'; import 'date-fns/format' instead.",
      "src/commands/report.ts:3:1 prefer-lazy-import [fix lazy/require] 'lodash' costs 24 ms and 1 module at startup but is used only inside report(); load it lazily.",
      "src/commands/report.ts:3:1 prefer-subpath-import [fix subpath] 'lodash' is imported whole (24 ms and 1 module) for 'get'; import 'lodash/get' instead.",
      "src/commands/report.ts:4:1 no-import-cycle [no fix] Import cycle of 2 modules evaluated at load: src/commands/report.ts -> src/logger.ts -> src/commands/report.ts; while it loads one side sees the other half-initialised. Loading '../logger.js' lazily in src/commands/report.ts:4 would break it (its bindings are used only inside functions).",
      // luxon ships separate import and require builds and info() is synchronous: reported, not fixed.
      "src/logger.ts:1:1 prefer-lazy-import [no fix] 'luxon' costs 12 ms and 1 module at startup but is used only inside info(); load it lazily.",
    ]);
    const luxon = findings.find((f) => f.message.startsWith("'luxon'"));
    expect(luxon?.unfixableReason).toBe('its exports map has separate import and require builds, so require() from this ES module would load a second copy; load it with await import() once every use is in an async function');
    const moment = findings.find((f) => f.rule === 'prefer-lazy-import' && f.message.startsWith("'moment'"));
    expect(moment?.related).toEqual([{ file: 'src/commands/serve.ts', line: 1, column: 1, message: "keeps 'moment' at startup: 'moment' is used while the module loads (line 5)" }]);
  });

  it('cjs-app: CommonJS with side-effect requires, try/catch, nested require, a load-time use and a cycle', async () => {
    const { findings } = await runCase(allRules, {
      name: 'cjs-app', fixture: 'fixtures/rules/cjs-app', link: ['moment', 'date-fns', 'lodash', 'luxon', 'rxjs'], entries: ['lib/main.js'], costs: COSTS,
    });
    expect(findings.map(show)).toEqual([
      // polyfill (side effect), luxon (used inside try), lodash (used at load) and rxjs (already lazy) are left alone.
      "lib/main.js:3:16 prefer-lazy-import [fix lazy/require] 'moment' costs 38 ms and 112 modules at startup but is used only inside stamp(); load it lazily.",
      // date-fns is a dual package, but from CommonJS require() picks the same build every time.
      "lib/main.js:4:20 prefer-lazy-import [fix lazy/require] 'date-fns' costs 31 ms and 250 modules at startup but is used only inside day(); load it lazily.",
      "lib/main.js:4:20 prefer-subpath-import [fix subpath] 'date-fns' is imported whole (31 ms and 250 modules) for 'format'; import 'date-fns/format' instead.",
      "lib/main.js:7:15 no-import-cycle [no fix] Import cycle of 2 modules evaluated at load: lib/main.js -> lib/tools.js -> lib/main.js; while it loads one side sees the other half-initialised. Loading './main' lazily in lib/tools.js:2 would break it (its bindings are used only inside functions).",
    ]);
  });

  it('decorators: emitDecoratorMetadata keeps the constructor type a value import', async () => {
    const { findings } = await runCase(allRules, {
      name: 'decorators', fixture: 'fixtures/rules/decorators', entries: ['src/app.ts'],
      ts: { verbatimModuleSyntax: true, emitDecoratorMetadata: true, experimentalDecorators: true },
    });
    expect(findings.map(show)).toEqual([
      // Database types the decorated constructor's parameter: design:paramtypes needs the class, so it is not reported.
      "src/app.ts:2:1 prefer-type-import [fix type-import] 'Logger' from './logger.js' is used only as a type, but this import still evaluates it at run time (1 module); write `import type`.",
      "src/app.ts:3:1 prefer-type-import [fix type-import] Every name imported from './settings.js' is marked `type`, but under verbatimModuleSyntax `import {}` stays and evaluates it at run time (1 module); write `import type { ... }`.",
    ]);
  });
});
