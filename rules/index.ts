/**
 * The rule registry: every rule perf-lint ships, in the order `perf-lint rules` lists them.
 * The API hands this list to the engine (the engine never imports rules/).
 */
import type { AnyRule } from '../src/engine/run.js';
import preferLazyImport from './prefer-lazy-import.js';
import preferDynamicImport from './prefer-dynamic-import.js';
import preferSubpathImport from './prefer-subpath-import.js';
import noBarrelImport from './no-barrel-import.js';
import preferTypeImport from './prefer-type-import.js';
import noUnusedImport from './no-unused-import.js';
import noImportCycle from './no-import-cycle.js';
import startupBudget from './startup-budget.js';
import cacheTargetMissing from './cache-target-missing.js';

/** Every rule (options erased: each rule validates its own, see AnyRule). */
export const allRules: AnyRule[] = [
  preferLazyImport,
  preferDynamicImport,
  preferSubpathImport,
  noBarrelImport,
  preferTypeImport,
  noUnusedImport,
  noImportCycle,
  startupBudget,
  cacheTargetMissing,
];

/** A rule by id, or undefined. */
export function ruleById(id: string): AnyRule | undefined {
  return allRules.find((r) => r.id === id);
}
