import { createRule } from '../src/engine/rule.js';
import { formatMs, rel, requireView } from './lib/shared.js';

interface Options {
  /** Override config budgets.importMs (null: use the config). */
  importMs: number | null;
  rssMb: number | null;
  modules: number | null;
}

const optionalNumber = (v: unknown) => (v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0) ? null : 'a number >= 0 or null');

/**
 * An entry over its startup budget. With measurements (perf-lint measure) it checks import time,
 * RSS and module count; without them it counts the static startup set against budgets.modules.
 */
export default createRule<Options>({
  id: 'startup-budget',
  meta: {
    description: 'Fail when an entry loads more modules, takes longer or uses more memory at startup than its budget.',
    defaultSeverity: 'error',
    recommended: true,
    fixable: false,
    messages: {
      over: "'{{entry}}' {{what}} at startup, over the budget of {{budget}}{{source}}; heaviest at startup: {{heaviest}}. Defer or remove them (see prefer-lazy-import).",
    },
    defaultOptions: { importMs: null, rssMb: null, modules: null },
    optionsSchema: { importMs: optionalNumber, rssMb: optionalNumber, modules: optionalNumber },
  },
  check(ctx) {
    const view = requireView(ctx, 'startup-budget');
    const set = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);
    const budget = {
      importMs: set(ctx.options.importMs ?? ctx.budgets?.importMs),
      rssMb: set(ctx.options.rssMb ?? ctx.budgets?.rssMb),
      modules: set(ctx.options.modules ?? ctx.budgets?.modules),
    };
    for (const entry of ctx.entries) {
      const packages = [...view.startupPackages(entry)];
      const heaviest = packages
        .map((p) => ({ p, c: ctx.cost.get(p) }))
        .filter((x) => x.c !== undefined)
        .sort((a, b) => (b.c!.ms ?? 0) - (a.c!.ms ?? 0) || b.c!.modules - a.c!.modules || (a.p < b.p ? -1 : 1))
        .slice(0, 3)
        .map((x) => `${x.p} (${x.c!.ms !== null ? `${formatMs(x.c!.ms)}, ` : ''}${x.c!.modules} module${x.c!.modules === 1 ? '' : 's'})`);
      const heaviestText = heaviest.length > 0 ? heaviest.join(', ') : 'local modules only';
      const m = ctx.measurements?.[entry];
      const checks: { key: string; value: number; limit: number | null; what: string; budget: string; source: string }[] = [];
      if (m) {
        checks.push({ key: 'importMs', value: m.importMs, limit: budget.importMs, what: `takes ${formatMs(m.importMs)}`, budget: budget.importMs !== null ? formatMs(budget.importMs) : '', source: ' (measured)' });
        checks.push({ key: 'rssMb', value: m.rssMb, limit: budget.rssMb, what: `uses ${Math.round(m.rssMb * 10) / 10} MB RSS`, budget: `${budget.rssMb} MB`, source: ' (measured)' });
        checks.push({ key: 'modules', value: m.modules, limit: budget.modules, what: `loads ${m.modules} modules`, budget: `${budget.modules} modules`, source: ' (measured)' });
      } else {
        let modules = view.startupModules(entry).size;
        for (const p of packages) modules += ctx.cost.get(p)?.modules ?? 1;
        checks.push({ key: 'modules', value: modules, limit: budget.modules, what: `loads ${modules} modules`, budget: `${budget.modules} modules`, source: ' (static count: run perf-lint measure for time and memory)' });
      }
      for (const c of checks) {
        if (c.limit === null || c.value <= c.limit) continue;
        ctx.report({
          file: entry,
          line: 1,
          column: 1,
          messageId: 'over',
          data: { entry: rel(ctx, entry), what: c.what, budget: c.budget, source: c.source, heaviest: heaviestText },
          cost: c.key === 'modules' ? { ms: null, modules: c.value - c.limit, mb: null, source: m ? 'measured' : 'static' } : undefined,
          key: c.key,
        });
      }
    }
  },
});
