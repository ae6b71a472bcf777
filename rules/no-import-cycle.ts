import { createRule } from '../src/engine/rule.js';
import { bindingsOf, rel, requireView } from './lib/shared.js';

/**
 * Runtime cycles among local modules (type-only and elided imports excluded). While a cycle loads,
 * one side sees the other's exports before they are initialised (undefined in CJS, a TDZ error in ESM).
 */
export default createRule<{ maxLength: number }>({
  id: 'no-import-cycle',
  meta: {
    description: 'Report import cycles among local modules that are evaluated at load time.',
    defaultSeverity: 'warn',
    recommended: true,
    fixable: false,
    messages: {
      cycle: 'Import cycle of {{count}} modules evaluated at load: {{path}}; while it loads one side sees the other half-initialised.{{note}}',
    },
    defaultOptions: { maxLength: 0 },
    optionsSchema: {
      maxLength: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? null : 'an integer >= 0 (0 = report cycles of any length)'),
    },
  },
  check(ctx) {
    const view = requireView(ctx, 'no-import-cycle');
    for (const cycle of view.cycles()) {
      const members = cycle.length - 1;
      if (ctx.options.maxLength > 0 && members > ctx.options.maxLength) continue;
      const from = ctx.graph.modules.get(cycle[0])!;
      const firstIndex = from.imports.findIndex((r, i) => r.resolved === cycle[1] && view.isRuntimeEdge(from.file, i));
      const first = from.imports[firstIndex];
      // An edge whose bindings are all used inside functions can be made lazy, which breaks the load-time cycle.
      let note = '';
      for (let i = 0; i < members; i++) {
        const mod = ctx.graph.modules.get(cycle[i])!;
        const index = mod.imports.findIndex((r, k) => r.resolved === cycle[i + 1] && view.isRuntimeEdge(mod.file, k));
        const rec = mod.imports[index];
        if (!rec || rec.kind === 'side-effect' || rec.kind === 'reexport') continue;
        const values = bindingsOf(mod, index).filter((b) => !b.declaredAsType && !b.typeOnly);
        if (values.length > 0 && values.every((b) => b.functionsOnly && !b.reassigned && !b.mutated && !b.reexported)) {
          note = ` Loading '${rec.specifier}' lazily in ${rel(ctx, mod.file)}:${rec.line} would break it (its bindings are used only inside functions).`;
          break;
        }
      }
      ctx.report({
        file: from.file,
        line: first?.line ?? 1,
        column: first?.column ?? 1,
        messageId: 'cycle',
        data: { count: members, path: cycle.map((f) => rel(ctx, f)).join(' -> '), note },
        related: cycle.slice(1, -1).map((f, i) => {
          const mod = ctx.graph.modules.get(f)!;
          const rec = mod.imports.find((r) => r.resolved === cycle[i + 2]);
          return { file: f, line: rec?.line ?? 1, column: rec?.column ?? 1, message: `imports ${rel(ctx, cycle[i + 2])}` };
        }),
        key: [...cycle.slice(0, -1)].map((f) => rel(ctx, f)).sort().join('|'),
      });
    }
  },
});
