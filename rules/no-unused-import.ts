import { createRule, tsOf } from '../src/engine/rule.js';
import { isJsxFactory } from '../src/engine/graph-view.js';
import { bindingsOf, formatCost, packageCost, requireView } from './lib/shared.js';

/**
 * An imported binding never referenced. Report only: removing an import can remove the side
 * effects of evaluating its module (decision table row 18), so there is never a fix plan.
 */
export default createRule<{ ignore: string[] }>({
  id: 'no-unused-import',
  meta: {
    description: 'Report imported bindings that are never used (report only: removing an import can drop side effects).',
    defaultSeverity: 'warn',
    recommended: true,
    fixable: false,
    messages: {
      unused: "'{{local}}' is imported from {{source}} but never used{{costNote}}; remove it (check that nothing relies on the module's load-time effects).",
      jsdocOnly:
        "'{{local}}' is imported from {{source}} but used only in JSDoc types{{costNote}}; the import still evaluates the module at run time: write the type with {{typeRef}} and remove the import (check that nothing relies on the module's load-time effects).",
    },
    defaultOptions: { ignore: [] },
    optionsSchema: {
      ignore: (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? null : 'an array of binding names to ignore'),
    },
  },
  check(ctx) {
    const view = requireView(ctx, 'no-unused-import');
    for (const mod of [...ctx.graph.modules.values()].sort((a, b) => (a.file < b.file ? -1 : 1))) {
      mod.imports.forEach((rec, importIndex) => {
        if (rec.kind === 'side-effect' || rec.kind === 'reexport' || rec.kind === 'dynamic') return;
        const bindings = bindingsOf(mod, importIndex);
        const allUnused = bindings.length > 0 && bindings.every((b) => b.unused);
        for (const b of bindings) {
          if (!b.unused || ctx.options.ignore.includes(b.local)) continue;
          // With the classic JSX transform, `React` is referenced by compiled JSX the parser cannot see.
          if (isJsxFactory(mod, b.local, tsOf(ctx, mod.file))) continue;
          // A type import named `_x` is unused on purpose (TypeScript's noUnusedLocals skips names
          // that start with `_`) and costs nothing at run time. A value import is reported whatever
          // its name: it still loads its module.
          if (b.local.startsWith('_') && (b.declaredAsType || rec.kind === 'type')) continue;
          let costNote = '';
          if (allUnused && view.isRuntimeEdge(mod.file, importIndex) && rec.package) {
            const c = packageCost(ctx, rec.package);
            if (c) costNote = ` (the import still loads '${rec.package}' at run time: ${formatCost(c)})`;
          }
          const ref = rec.names.find((n) => n.local === b.local);
          // Named in a JSDoc type of a JavaScript file: `tsc --checkJs` reads it, so "remove it" alone would break the types.
          const jsdoc = !rec.unresolvedDynamic && mod.jsdocTypeNames?.includes(b.local) === true;
          const imported = ref?.imported ?? b.imported;
          const typeRef = `import('${rec.specifier}')${imported === '*' ? '' : `.${imported}`}`;
          ctx.report({
            file: mod.file,
            line: rec.line,
            column: rec.column,
            messageId: jsdoc ? 'jsdocOnly' : 'unused',
            // A non-literal specifier is an expression, not a module name: shown as the call it is.
            data: { local: b.local, source: rec.unresolvedDynamic ? `${rec.kind === 'require' ? 'require' : 'import'}(${rec.specifier})` : `'${rec.specifier}'`, costNote, typeRef },
            cost: costNote && rec.package ? packageCost(ctx, rec.package) : undefined,
            key: `${rec.specifier}:${imported}:${b.local}`,
          });
        }
      });
    }
  },
});
