/** Plain serializable measurement types (saved with --save, read back with --compare). */

/** Distribution of one figure across the measured runs. */
export interface Summary {
  median: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
  /** 95% bootstrap confidence interval of the median (seeded, reproducible). */
  ci: [number, number];
  /** One value per run, in run order. */
  samples: number[];
}

/** How a module's self time splits by phase (ms). */
export interface PhaseTimes {
  /** Resolving its specifier (ESM resolve hook). */
  resolve: number;
  /** Reading its source (ESM load hook). */
  load: number;
  /** Main-thread loader time after its source arrived: parse, link, instantiate (inferred from the gaps). */
  parse: number;
  /** Evaluating its body (ESM) or its whole require() call (CommonJS: resolve, read, compile, run). */
  eval: number;
}

/** One module in the import tree. Times are means across runs, scaled (see treeScale); cumulative = self + children. */
export interface TreeNode {
  /** Path relative to the project root (POSIX), or a URL for non-file modules. */
  id: string;
  format: 'esm' | 'cjs' | 'json' | 'other';
  /** `name@version` of the nearest package under node_modules, or null for project files. */
  package: string | null;
  selfMs: number;
  cumulativeMs: number;
  /** Smallest self time seen in any hooked run, scaled like selfMs (the least disturbed figure). */
  minSelfMs: number;
  phases: PhaseTimes;
  /** Source size in bytes when known. */
  bytes: number | null;
  /** True when the module was not observed directly but found statically (ESM inside require(esm)). */
  inferred?: boolean;
  children: TreeNode[];
}

/** One package's share of the startup. */
export interface PackageStat {
  name: string;
  version: string | null;
  modules: number;
  selfMs: number;
}

/** A measurement: N fresh processes of one entry. */
export interface Measurement {
  schemaVersion: 1;
  /** Entry relative to the root (POSIX). */
  entry: string;
  args: string[];
  scenario: string | null;
  root: string;
  node: string;
  platform: string;
  createdAt: string;
  runs: number;
  /** Time from the end of probe setup to the end of the entry's evaluation, in runs without loader hooks. */
  importMs: Summary;
  /** The same in the runs with loader hooks that build the tree (slower on Node 20: off-thread hooks). */
  treeImportMs: Summary;
  /**
   * Factor applied to the tree's per-module mean times so the root equals importMs.median:
   * evaluation is timed exactly, loader time is inflated by the hooks, so normally only the
   * loader phases (resolve, load, parse) are scaled. See METHOD.md.
   */
  treeScale: number;
  /** Which phases treeScale applied to: the loader phases, or all (no loader time to scale, as with CommonJS). */
  treeScaled: 'loader' | 'all';
  rssMb: Summary;
  heapUsedMb: Summary;
  gc: { count: number; ms: number; countSamples: number[]; msSamples: number[] };
  modules: { count: number; esm: number; cjs: number; packages: PackageStat[] };
  /** Time in the scenario script after the entry loaded, when one was given. */
  scenarioMs: Summary | null;
  tree: TreeNode;
  /**
   * Per hooked run, on the probe's own clock (median across runs): total = share of the import
   * window attributed to modules in the tree; measured = the part of it timed directly (bodies,
   * require frames, hook calls); the rest is main-thread loader time between hook calls (parse,
   * link), attributed by rule to the module whose source arrived last. See METHOD.md.
   */
  coverage: { measured: number; total: number };
  /** How each run ended: 'loaded' (the entry finished evaluating) or 'exit' (it exited while loading). */
  endReasons: string[];
  exitCodes: (number | null)[];
  warnings: string[];
}

/** Options of measure(). */
export interface MeasureOptions {
  /** Project root: paths are shown relative to it; the child runs with it as cwd. Default: process.cwd(). */
  root?: string;
  /** Alias of root (kept for callers that think of it as the child's working directory). */
  cwd?: string;
  /** Arguments passed to the entry (after `--`). */
  args?: string[];
  /** Measured runs (fresh processes) of each kind: without hooks (figures) and with hooks (tree). Default 10. */
  runs?: number;
  /** Runs with hooks (the tree); fewer than `runs` is enough when only the module list matters. Default: runs. */
  treeRuns?: number;
  /** Warm-up runs discarded before measuring (fill the OS file cache). Default 1. */
  warmup?: number;
  /** A module run after the entry loads: its default export is called with the entry's exports. */
  scenario?: string;
  /** Kill a run after this many ms. Default 60000. */
  timeoutMs?: number;
  /** Stop each run as soon as the probe has reported (for servers that never exit). Default false. */
  killAfterLoad?: boolean;
  /** Extra `node` flags for the child. */
  nodeArgs?: string[];
  /** Extra environment for the child. */
  env?: Record<string, string>;
  /** Seed of the bootstrap resampling. Default 1. */
  seed?: number;
  /** Called after each run (progress). */
  onRun?: (done: number, total: number) => void;
}
