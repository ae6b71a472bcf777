/**
 * Summary flags for one imported binding, derived from its references. Kept apart from the
 * walker so rules and tests can reason about the flags without parsing.
 */
import type { BindingUsage, RequireDeclaration } from './types.js';

/** What the walker knows of a binding before its flags are summarised. */
export type BindingFacts = Pick<BindingUsage, 'local' | 'imported' | 'specifier' | 'importIndex' | 'declaredAsType' | 'references' | 'declaration'> & {
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
  const usage: BindingUsage = {
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
  if (f.declaration) usage.declaration = f.declaration;
  return usage;
}

/**
 * Why the lazy codemod leaves a `require()` declared as `declaration` says (at `line`) as it is:
 * the rule says it in place of a fix, and the codemod when it skips the file.
 */
export function declarationProblem(declaration: RequireDeclaration, line: number): string {
  switch (declaration) {
    case 'in-block':
      return `the require() at line ${line} is inside a block, and the codemod rewrites top-level declarations only`;
    case 'pattern':
      return `the require() at line ${line} is destructured with a default, a rest element or a computed key, and the codemod rewrites { a, b: c } only`;
    case 'wrapped':
      return `the require() at line ${line} is written in a form the codemod does not rewrite (it rewrites const x = require('m') and require('m').y)`;
    case 'helper':
      return `the require() at line ${line} is inside an interop helper, which the codemod keeps in a lazy require() but not in await import()`;
  }
}
