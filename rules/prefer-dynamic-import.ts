import { createRule } from '../src/engine/rule.js';
import { listFunctions } from './lib/shared.js';
import { lazyCandidates, lazyDefaultOptions, lazyOptionsSchema, relatedSites, togetherNote } from './lib/lazy.js';
import type { LazyOptions } from './lib/lazy.js';

/**
 * A heavy package used only inside async functions, where `await import()` beats a lazy require():
 * ESM-only packages, top-level await, dual packages imported from ESM. Never fires where
 * prefer-lazy-import does (both share lib/lazy.ts and split the candidates).
 */
export default createRule<LazyOptions>({
  id: 'prefer-dynamic-import',
  meta: {
    description: 'Load a heavy ESM-only, top-level-await or dual package with await import() when it is used only inside async functions.',
    defaultSeverity: 'warn',
    recommended: true,
    fixable: true,
    messages: {
      dynamic: "'{{name}}' costs {{cost}} at startup but is used only inside async functions ({{functions}}); load it with await import() there ({{why}}).{{note}}",
    },
    defaultOptions: lazyDefaultOptions,
    optionsSchema: lazyOptionsSchema,
  },
  check(ctx) {
    for (const c of lazyCandidates(ctx, ctx.options, 'prefer-dynamic-import')) {
      if (c.owner !== 'prefer-dynamic-import') continue;
      ctx.report({
        file: c.file,
        line: c.line,
        column: c.column,
        messageId: 'dynamic',
        data: { name: c.display, cost: c.costText, functions: listFunctions(c.functions), why: c.dynamicWhy ?? '', note: togetherNote(ctx, c) },
        cost: c.cost,
        related: relatedSites(c),
        fix: c.shape ? { kind: 'lazy', file: c.file, specifier: c.specifier, importIndexes: c.importIndexes, shape: c.shape } : undefined,
        unfixableReason: c.unfixableReason ?? undefined,
        key: c.specifier,
      });
    }
  },
});
