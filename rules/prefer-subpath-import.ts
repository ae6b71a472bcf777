import { createRule } from '../src/engine/rule.js';
import type { FindingCost } from '../src/engine/types.js';
import { declarationBlocker, formatCost, formatMs, listQuoted, packageCost } from './lib/shared.js';

interface Options {
  /** Report only when the whole package costs at least this many ms (0 = always). */
  minMs: number;
}

/** A named import from a package's root where the package ships one entry point per function. */
export default createRule<Options>({
  id: 'prefer-subpath-import',
  meta: {
    description: 'Import per-function entry points (lodash/get, date-fns/format) instead of the whole library.',
    defaultSeverity: 'warn',
    recommended: true,
    fixable: true,
    messages: {
      subpath: "'{{pkg}}' is imported whole ({{cost}}) for {{names}}; import {{subpaths}} instead{{saving}}.",
    },
    defaultOptions: { minMs: 0 },
    optionsSchema: {
      minMs: (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'a number of milliseconds >= 0'),
    },
  },
  check(ctx) {
    const subpaths = ctx.subpaths ?? {};
    for (const mod of [...ctx.graph.modules.values()].sort((a, b) => (a.file < b.file ? -1 : 1))) {
      mod.imports.forEach((rec, importIndex) => {
        if (!rec.package || rec.builtin || rec.specifier !== rec.package) return;
        if (rec.kind !== 'static' && rec.kind !== 'require') return;
        if (ctx.view && !ctx.view.isRuntimeEdge(mod.file, importIndex)) return;
        const available = subpaths[rec.package];
        if (!available) return;
        const values = rec.names.filter((n) => !n.isType);
        // A default or namespace import may touch any member; only named imports tell us what is used.
        if (values.length === 0 || values.some((n) => n.imported === 'default' || n.imported === '*' || n.local === null)) return;
        if (!values.every((n) => available[n.imported] !== undefined)) return;
        const whole = packageCost(ctx, rec.package);
        if (ctx.options.minMs > 0 && (whole?.ms ?? 0) < ctx.options.minMs) return;
        const rewrites = values.map((n) => ({ name: n.imported, subpath: available[n.imported] }));
        const parts = rewrites.map((r) => packageCost(ctx, r.subpath));
        let saving = '';
        let cost: FindingCost | undefined;
        if (whole && parts.every((p) => p !== undefined)) {
          const known = parts as FindingCost[];
          const ms = whole.ms === null || known.some((p) => p.ms === null) ? null : known.reduce((s, p) => s + (p.ms ?? 0), 0);
          const modules = known.reduce((s, p) => s + p.modules, 0);
          cost = {
            ms: ms === null || whole.ms === null ? null : Math.max(0, whole.ms - ms),
            modules: Math.max(0, whole.modules - modules),
            mb: null,
            source: whole.source === 'static' || known.some((p) => p.source === 'static') ? 'static' : 'measured',
          };
          if (cost.modules === 0 && (cost.ms ?? 0) <= 0) return; // the subpaths cost as much: nothing to gain
          saving = ` (${formatCost({ ms, modules })}, saving ${cost.modules === 0 && cost.ms !== null ? formatMs(cost.ms) : formatCost(cost)})`;
        }
        const blocker = declarationBlocker(mod, importIndex);
        ctx.report({
          file: mod.file,
          line: rec.line,
          column: rec.column,
          messageId: 'subpath',
          data: {
            pkg: rec.package,
            cost: whole ? formatCost(whole) : 'cost not measured',
            names: listQuoted(values.map((n) => n.imported)),
            subpaths: listQuoted(rewrites.map((r) => r.subpath)),
            saving,
          },
          cost,
          fix: blocker ? undefined : { kind: 'subpath', file: mod.file, importIndex, rewrites },
          unfixableReason: blocker ?? undefined,
          key: `${rec.specifier}:${values.map((n) => n.imported).sort().join(',')}`,
        });
      });
    }
  },
});
