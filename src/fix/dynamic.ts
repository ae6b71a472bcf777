/**
 * Shape D (LAZY-SEMANTICS §C.4): `await import()` through a memoised promise, only where every use
 * is already inside an async function. The import condition is used, so it is the safe choice for
 * ES-module-only packages with top-level await and for dual packages.
 */
import { applyEdits } from './diff.js';
import type { ParsedModule } from '../graph/types.js';
import { fileContext, loaderEdits, type LazyFileState, type LazyOptions, type LazyPlanInput } from './lazy.js';
import type { FileContext, TransformResult } from './interop.js';
import type { SafetyContext } from './safety.js';

/** Edits for one shape-D plan: `let _p; const $m = () => (_p ??= import('m'));` and `(await $m()).x` at each use. */
export function dynamicEdits(ctx: FileContext, plan: LazyPlanInput, opts: LazyOptions, state: LazyFileState, safety: SafetyContext = {}): TransformResult {
  return loaderEdits(ctx, plan, opts, state, safety, 'dynamic');
}

/** Makes every import of `specifier` lazy with `await import()` (shape D); the code, or why not. */
export function transformDynamic(source: string, parsed: ParsedModule, specifier: string, opts: LazyOptions & { safety?: SafetyContext }): { code: string } | { skipped: string } {
  const ctx = fileContext(parsed.file, source, parsed, { format: opts.format, esModuleInterop: opts.esModuleInterop });
  ctx.lang = opts.lang;
  const r = dynamicEdits(ctx, { specifier }, opts, { requireInjected: false, usedNames: new Set() }, opts.safety);
  if ('skipped' in r) return r;
  return { code: applyEdits(source, r.edits) };
}
