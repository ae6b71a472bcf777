/** What users write (every key optional). Validated strictly by src/config/validate.ts. */
export interface UserConfig {
  entries?: string[];
  include?: string[];
  exclude?: string[];
  heavy?: string[];
  /** Packages that must never be deferred (load-time effects), added to the built-in list. */
  eager?: string[];
  /** Heavy threshold in ms for prefer-lazy-import (default 10). */
  rules?: Record<string, RuleSetting>;
  extends?: 'recommended' | 'strict';
  budgets?: Budgets;
  cache?: CacheTarget[];
  /** Command to run after --fix before measuring again (e.g. "npm run build"). */
  build?: string;
  /** Command that must pass after --fix, or every file is rolled back (e.g. "npm test"). */
  verify?: string;
  measure?: { runs?: number; maxRegression?: number; args?: string[] };
}

export type RuleSetting = 'off' | 'warn' | 'error' | ['off' | 'warn' | 'error', Record<string, unknown>?];

export interface Budgets {
  importMs?: number;
  rssMb?: number;
  modules?: number;
}

export interface CacheTarget {
  /** `glob#Class.method` or `glob#functionName`. */
  target: string;
  ttl?: string | number;
  max?: number;
  tier?: 'memory' | 'redis';
  key?: string;
  namespace?: string;
}

/** The resolved config: defaults applied, paths absolute. Only this type travels past src/config. */
export interface ResolvedConfig {
  /** Absolute project root (the folder holding the config, or the analysed folder). */
  root: string;
  /** Absolute path of the config file, or null when none was found. */
  configFile: string | null;
  /** Absolute entry files. */
  entries: string[];
  include: string[];
  exclude: string[];
  heavy: string[];
  eager: string[];
  preset: 'recommended' | 'strict';
  rules: Record<string, RuleSetting>;
  budgets: Required<Budgets>;
  cache: CacheTarget[];
  build: string | null;
  verify: string | null;
  /** `args`: what the entries are run with when analyze measures them (`--measure`, `--fix --measure`). */
  measure: { runs: number; maxRegression: number; args: string[] };
}
