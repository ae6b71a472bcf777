import { createRule, tsOf, type RuleContext } from '../src/engine/rule.js';
import type { FindingCost } from '../src/engine/types.js';
import { bindingsOf, formatCost, listQuoted, moduleCost, packageCost, rel } from './lib/shared.js';
import { BUILTIN_EAGER, matchesAny } from './lib/lazy.js';
import { isJsxFactory } from '../src/engine/graph-view.js';

/**
 * A value import used only in type positions (or `import { type A }` leaving `import {}` behind)
 * that still evaluates its module at run time. That happens under verbatimModuleSyntax: without it
 * tsc (and per-file transpilers) drop such imports, so there is nothing to save.
 */
export default createRule<Record<string, never>>({
  id: 'prefer-type-import',
  meta: {
    description: 'Use `import type` for imports used only as types, so their module is not evaluated at run time.',
    defaultSeverity: 'warn',
    recommended: true,
    fixable: true,
    messages: {
      typeOnly: "{{names}} from '{{specifier}}' {{verb}} used only as {{types}}, but this import still evaluates it at run time ({{cost}}); write `import type`.",
      inlineOnly: "Every name imported from '{{specifier}}' is marked `type`, but under verbatimModuleSyntax `import {}` stays and evaluates it at run time ({{cost}}); write `import type { ... }`.",
    },
    defaultOptions: {},
    optionsSchema: {},
  },
  check(ctx) {
    for (const mod of [...ctx.graph.modules.values()].sort((a, b) => (a.file < b.file ? -1 : 1))) {
      if (!/\.(c|m)?tsx?$/.test(mod.file) || /\.d\.(c|m)?ts$/.test(mod.file)) continue;
      const ts = tsOf(ctx, mod.file);
      if (!ts.verbatimModuleSyntax) continue;
      mod.imports.forEach((rec, importIndex) => {
        // kind 'type' covers `import { type A }` too; the view knows which of them stay at run time.
        if ((rec.kind !== 'static' && rec.kind !== 'type') || rec.names.length === 0 || rec.importEquals) return;
        if (rec.kind === 'type' && !ctx.view?.isRuntimeEdge(mod.file, importIndex)) return;
        const bindings = bindingsOf(mod, importIndex);
        if (bindings.length === 0) return;
        // emitDecoratorMetadata reads these types at class definition: they must stay values.
        if (ts.emitDecoratorMetadata && bindings.some((b) => b.decoratorMetadata)) return;
        // `import type React` would leave the JSX in this file without its factory.
        if (bindings.some((b) => !b.declaredAsType && isJsxFactory(mod, b.local, ts))) return;
        const allInline = rec.names.every((n) => n.isType);
        if (!allInline && !bindings.every((b) => b.declaredAsType || b.typeOnly)) return;
        if (!allInline && !bindings.some((b) => !b.declaredAsType)) return;
        let cost: FindingCost | undefined;
        let unfixableReason: string | undefined;
        let related: { file: string; line: number; column: number; message: string }[] | undefined;
        // What the import evaluates (the message) can exceed what fixing it alone saves (the cost field).
        let evaluated: FindingCost | undefined;
        const target = rec.resolved && ctx.graph.modules.has(rec.resolved) ? ctx.graph.modules.get(rec.resolved)! : undefined;
        if (target) {
          cost = moduleCost(ctx, target.file);
          // Dropping the runtime import also drops the module's load-time effects.
          if (target.topLevelEffects > 0) unfixableReason = `'${rec.specifier}' has ${target.topLevelEffects} top-level statement${target.topLevelEffects === 1 ? '' : 's'} with load-time effects; keep \`import '${rec.specifier}'\` if they are needed`;
        } else if (rec.package) {
          if (matchesAny([...BUILTIN_EAGER, ...ctx.eager], rec.specifier, rec.package)) return;
          cost = packageCost(ctx, rec.specifier) ?? packageCost(ctx, rec.package);
          // The saving is real only when no other eager site keeps the package at startup.
          const others = otherEagerSites(ctx, mod.file, importIndex, rec.package);
          if (cost && others.length > 0) {
            evaluated = cost;
            cost = { ...cost, ms: cost.ms === null ? null : 0, modules: 0, mb: cost.mb === null ? null : 0 };
            related = others;
          }
        } else if (rec.builtin) {
          return; // builtins are in the startup snapshot: nothing to save
        }
        const shown = evaluated ?? cost;
        const costText = shown ? formatCost(shown) : 'cost not measured';
        const names = rec.names.filter((n) => n.local !== null).map((n) => n.local as string);
        const valueNames = bindings.filter((b) => !b.declaredAsType).map((b) => b.local);
        ctx.report({
          file: mod.file,
          line: rec.line,
          column: rec.column,
          messageId: allInline ? 'inlineOnly' : 'typeOnly',
          data: allInline
            ? { specifier: rec.specifier, cost: costText }
            : { names: listQuoted(valueNames), specifier: rec.specifier, verb: valueNames.length === 1 ? 'is' : 'are', types: valueNames.length === 1 ? 'a type' : 'types', cost: costText },
          cost,
          related,
          fix: unfixableReason ? undefined : { kind: 'type-import', file: mod.file, importIndex, names },
          unfixableReason,
          key: `${rec.specifier}:${[...names].sort().join(',')}`,
        });
      });
    }
  },
});

/** Other eager import sites of `pkg` in the startup set of an entry that loads `file` (they keep it loaded whatever this import does). */
function otherEagerSites(ctx: RuleContext<Record<string, never>>, file: string, importIndex: number, pkg: string): { file: string; line: number; column: number; message: string }[] {
  const out = new Map<string, { file: string; line: number; column: number; message: string }>();
  for (const entry of ctx.entries) {
    if (!ctx.view?.startupModules(entry).has(file)) continue;
    for (const site of ctx.view.eagerSites(entry, pkg)) {
      if (site.file === file && site.importIndex === importIndex) continue;
      const rec = ctx.graph.modules.get(site.file)?.imports[site.importIndex];
      if (!rec) continue;
      out.set(`${site.file}:${site.importIndex}`, { file: rel(ctx, site.file), line: rec.line, column: rec.column, message: `keeps '${pkg}' at startup too, so fixing this import alone saves nothing` });
    }
  }
  return [...out.values()];
}
