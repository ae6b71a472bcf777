import { createRule } from '../src/engine/rule.js';
import { listFunctions } from './lib/shared.js';
import { lazyCandidates, lazyDefaultOptions, lazyOptionsSchema, relatedSites, togetherNote } from './lib/lazy.js';
import type { LazyOptions } from './lib/lazy.js';

/** A heavy package evaluated at startup whose bindings are used only inside functions: load it on first use. */
export default createRule<LazyOptions>({
  id: 'prefer-lazy-import',
  meta: {
    description: 'Load a heavy package on first use when every binding of it is used only inside functions.',
    defaultSeverity: 'warn',
    recommended: true,
    fixable: true,
    messages: {
      lazy: "'{{name}}' costs {{cost}} at startup but is used only inside {{functions}}; load it lazily.{{note}}",
    },
    defaultOptions: lazyDefaultOptions,
    optionsSchema: lazyOptionsSchema,
  },
  check(ctx) {
    for (const c of lazyCandidates(ctx, ctx.options, 'prefer-lazy-import')) {
      if (c.owner !== 'prefer-lazy-import') continue;
      ctx.report({
        file: c.file,
        line: c.line,
        column: c.column,
        messageId: 'lazy',
        data: { name: c.display, cost: c.costText, functions: listFunctions(c.functions), note: togetherNote(ctx, c) },
        cost: c.cost,
        related: relatedSites(c),
        fix: c.shape ? { kind: 'lazy', file: c.file, specifier: c.specifier, importIndexes: c.importIndexes, shape: c.shape } : undefined,
        unfixableReason: c.unfixableReason ?? undefined,
        key: c.specifier,
      });
    }
  },
});
