/**
 * Summary flags for one imported binding, derived from its references. Kept apart from the
 * walker so rules and tests can reason about the flags without parsing.
 */
import type { BindingUsage } from './types.js';

/** What the walker knows of a binding before its flags are summarised. */
export type BindingFacts = Pick<BindingUsage, 'local' | 'imported' | 'specifier' | 'importIndex' | 'declaredAsType' | 'references'> & {
  /** Per reference: a type that TS emits as decorator metadata (same order as references). */
  metadata: boolean[];
};

/** Computes a binding's summary flags (unused, typeOnly, usedAtLoad, ...) from its references. */
export function summarizeBinding(f: BindingFacts): BindingUsage {
  const refs = f.references;
  const values = refs.filter((r) => r.context !== 'type');
  // A use at load in a branch of a function (BindingReference.branch) runs on some loads only: as
  // for a use inside a function, deferring the import saves its load on the other runs.
  const functionsOnly = values.length > 0 && values.every((r) => r.context === 'function' || r.branch === true);
  return {
    local: f.local,
    imported: f.imported,
    specifier: f.specifier,
    importIndex: f.importIndex,
    declaredAsType: f.declaredAsType,
    references: refs,
    unused: refs.length === 0,
    typeOnly: refs.length > 0 && values.length === 0,
    usedAtLoad: values.some((r) => r.context === 'load' && r.branch !== true),
    functionsOnly,
    // The innermost function must be async for `await import()` to be usable at the site.
    asyncOnly: functionsOnly && values.every((r) => r.fn?.async === true),
    reassigned: refs.some((r) => r.kind === 'write'),
    mutated: refs.some((r) => r.kind === 'member-write'),
    reexported: refs.some((r) => r.kind === 'export'),
    inTry: values.some((r) => r.inTry),
    decoratorMetadata: f.metadata.some(Boolean),
  };
}
