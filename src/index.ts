/**
 * The programmatic API. The CLI is one caller; tests are another. Each function returns data.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { ownVersion } from './version.js';
import { loadConfig } from './config/load.js';
import { readTsSettings, tsSettingsResolver } from './config/tsconfig.js';
import type { ResolvedConfig } from './config/types.js';
import type { Finding, Report } from './engine/types.js';
import type { ImportGraph } from './graph/types.js';
import type { CostModel, PackageCost } from './cost/types.js';
import type { SpecifierSet } from './engine/run.js';
import type { PackageRef } from './cost/index.js';

export type { UserConfig, ResolvedConfig } from './config/types.js';
export type { Report, Finding, FixPlan, Severity } from './engine/types.js';
export type { ImportGraph, ParsedModule, ImportRecord, BindingUsage } from './graph/types.js';
export type { CostModel, PackageCost } from './cost/types.js';

const VERSION = ownVersion();

export interface AnalyzeOptions {
  /** Folder to analyse (config is searched from here). Default: cwd. */
  root?: string;
  /** Restrict the files analysed (absolute or relative to cwd). */
  paths?: string[];
  configFile?: string;
  /** Override config entries. */
  entries?: string[];
  /** Only these rule ids. */
  rules?: string[];
  /** Measure package costs in child processes (default true); false uses static estimates. */
  measureCost?: boolean;
  baseline?: string;
  cache?: boolean;
  cwd?: string;
  onProgress?: (done: number, total: number, name: string) => void;
  /** Told about what did not stop the analysis (a cache file that cannot be written). Default: process.emitWarning. */
  onWarning?: (message: string) => void;
  /** Measure each entry's startup in fresh processes (config `measure.runs`) so startup-budget checks import time and RSS too. */
  measureStartup?: boolean;
}

export interface AnalyzeResult {
  report: Report;
  config: ResolvedConfig;
  graph: ImportGraph;
  cost: CostModel;
}

const toPosix = (root: string, file: string): string => path.relative(root, file).split(path.sep).join('/');

/** Builds the graph, prices packages, runs the configured rules; returns the serializable report. */
export async function analyze(opts: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const cwd = opts.cwd ?? process.cwd();
  const config = await loadConfig({ cwd, root: opts.root, configFile: opts.configFile });
  if (opts.entries?.length) {
    config.entries = opts.entries.map((e) => path.resolve(cwd, e));
    // As for config entries: an entry that does not exist is bad input, not an empty analysis.
    for (const [i, e] of config.entries.entries()) if (!existsSync(e)) throw new InputError(opts.entries[i], 'entry not found');
  }
  const [{ buildGraph }, { buildCostModel }, { runRules, specifierSetKey }, { allRules }] = await Promise.all([
    import('./graph/build.js'),
    import('./cost/index.js'),
    import('./engine/run.js'),
    import('../rules/index.js'),
  ]);
  const graph = await buildGraph(config.root, {
    include: config.include,
    exclude: config.exclude,
    paths: opts.paths?.map((p) => path.resolve(cwd, p)),
    // A CLI's extensionless `bin/name` is an entry like any other.
    scripts: config.entries,
    cache: opts.cache,
    onWarning: opts.onWarning,
  });
  const packages = importedPackages(graph);
  const cost = await buildCostModel(config.root, packages, { measure: opts.measureCost !== false, onProgress: opts.onProgress });
  const ts = readTsSettings(config.root);
  const tsFor = tsSettingsResolver(config.root);
  // A tsconfig that cannot be read leaves its settings unknown: an input problem, like an unresolved import.
  const tsProblems = (graph.tsconfigErrors ?? []).map((p) => ({ file: toPosix(config.root, p.file), line: 1, column: 1, message: `tsconfig ${p.message}; its settings are unknown to perf-lint` }));
  const packageEffects = await packageLoadEffectsOf(config.root, graph);
  const measurements = opts.measureStartup ? await measureEntries(config) : undefined;
  // A package loaded at startup by several specifiers is priced by all of them together; a rule
  // that needs some of them alone (the ones that must stay eager) asks, and they are priced here.
  const priceSpecifiers = async (requests: readonly SpecifierSet[]): Promise<Map<string, PackageCost | null>> => {
    const out = new Map<string, PackageCost | null>();
    for (const set of requests) {
      const p = graph.packages.get(set.pkg);
      if (!p) continue;
      const priced = await buildCostModel(config.root, [{ name: p.name, version: p.version, root: p.root, specifiers: set.specifiers }], { measure: opts.measureCost !== false, onProgress: opts.onProgress });
      out.set(specifierSetKey(set), priced.get(set.pkg) ?? null);
    }
    return out;
  };
  const { findings, problems, rules } = await runRules({ graph, cost, config, rules: allRules, only: opts.rules, ts, tsFor, baseline: opts.baseline, packageEffects, measurements, priceSpecifiers });
  // An entry the graph does not hold has no startup set: say so rather than report a clean run.
  const entryProblems = opts.paths?.length
    ? []
    : config.entries
        .filter((e) => !graph.modules.has(e))
        .map((e) => ({ file: toPosix(config.root, e), line: 1, column: 1, message: 'entry is not among the analysed files (not a JavaScript or TypeScript source, or left out by include/exclude or .gitignore), so nothing is traced from it' }));
  const report = makeReport(config, graph, findings, [...tsProblems, ...entryProblems, ...problems], rules);
  return { report, config, graph, cost };
}

/**
 * The packages to price: those the project's own files import. Rules ask only for these (a
 * finding is about an import in the project, and a package measured alone includes its own
 * dependencies); graph.packages also holds the packages' dependencies, transitively, and pricing
 * those too meant 76 packages instead of 28 for ESLint's sources (about 0.7 s each on a first run)
 * and 323 instead of 29 for perf-lint's own.
 */
function importedPackages(graph: ImportGraph): PackageRef[] {
  // Per package, the specifiers that load it at startup, and (for a package loaded only later)
  // every specifier of it: a project that imports only `lodash/chunk` pays for that, not for lodash.
  const eager = new Map<string, Set<string>>();
  const any = new Map<string, Set<string>>();
  for (const mod of graph.modules.values()) {
    for (const rec of mod.imports) {
      if (!rec.package || rec.kind === 'type') continue;
      const into = rec.kind !== 'dynamic' && !rec.nested ? eager : any;
      if (!into.has(rec.package)) into.set(rec.package, new Set());
      into.get(rec.package)!.add(rec.specifier);
    }
  }
  const out: PackageRef[] = [];
  for (const name of new Set([...eager.keys(), ...any.keys()])) {
    const p = graph.packages.get(name);
    if (!p || p.workspace) continue;
    const specifiers = [...(eager.get(name) ?? any.get(name)!)];
    out.push({ name: p.name, version: p.version, root: p.root, ...(specifiers.every((s) => s === name) ? {} : { specifiers }) });
  }
  return out;
}

/** Startup figures per entry (keyed by the analysed entry), measured on what Node runs (TypeScript maps to its build output). */
async function measureEntries(config: ResolvedConfig): Promise<Record<string, { importMs: number; rssMb: number; modules: number }>> {
  const [{ measure: measureEntry }, { runnableEntry }] = await Promise.all([import('./measure/index.js'), import('./config/tsconfig.js')]);
  const out: Record<string, { importMs: number; rssMb: number; modules: number }> = {};
  for (const entry of config.entries) {
    // The tree is not needed for budgets: one hooked run keeps the module count, the rest are plain.
    const m = await measureEntry(runnableEntry(config.root, entry), { root: config.root, runs: config.measure.runs, treeRuns: 1, args: config.measure.args });
    out[entry] = { importMs: m.importMs.median, rssMb: m.rssMb.median, modules: m.modules.count };
  }
  return out;
}

/** Packages whose entry file has load-time effects (registers itself, patches, sets globals): the fixer refuses them, so rules must not offer a fix. */
async function packageLoadEffectsOf(root: string, graph: ImportGraph): Promise<Record<string, string>> {
  const [{ FileFacts, moduleStamp }, { parserVersion }, { createRequire }] = await Promise.all([import('./cost/file-facts.js'), import('./graph/cache.js'), import('node:module')]);
  const req = createRequire(path.join(root, 'package.json'));
  // The verdicts stand while the detector and the parser it reads the entry with are the same.
  const cache = FileFacts.open<string | null>(root, 'effects.json', `${moduleStamp('./fix/index.js', import.meta.url)}\n${parserVersion()}`);
  // Loaded only when some entry is not in the cache (the fixer and the parser, with oxc-parser).
  let detect: ((entry: string) => string | null) | undefined;
  const out: Record<string, string> = {};
  // Rules ask about the packages the project's files import, the ones a fix would defer; the
  // graph also holds their dependencies, transitively (stylelint: 112 packages, 39 imported), and
  // reading each one's entry cost 1.6 s there.
  const imported = new Set<string>();
  for (const mod of graph.modules.values()) for (const rec of mod.imports) if (rec.package && rec.kind !== 'type') imported.add(rec.package);
  for (const p of graph.packages.values()) {
    if (p.workspace || !imported.has(p.name)) continue;
    let entry: string;
    try {
      entry = req.resolve(p.name);
    } catch {
      continue; // ESM-only or unresolvable from the root: the fixer decides per site
    }
    const key = FileFacts.keyOf(entry);
    let why = key === null ? undefined : cache.get(key);
    if (why === undefined) {
      if (!detect) {
        const [{ packageLoadEffects }, { parseModule }] = await Promise.all([import('./fix/index.js'), import('./graph/parse.js')]);
        detect = (file) => packageLoadEffects(file, (f, source) => parseModule(f, source));
      }
      why = detect(entry);
      if (key !== null) cache.set(key, why);
    }
    if (why) out[p.name] = why;
  }
  cache.save();
  return out;
}

function makeReport(
  config: ResolvedConfig,
  graph: ImportGraph,
  findings: Finding[],
  problems: Report['problems'],
  rules: Report['rules'],
): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'perf-lint', version: VERSION },
    root: config.root,
    entries: config.entries.map((e) => toPosix(config.root, e)),
    findings,
    summary: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warn').length,
      fixable: findings.filter((f) => f.fix).length,
      files: graph.modules.size,
      modules: graph.modules.size,
      packages: graph.packages.size,
    },
    rules,
    problems,
  };
}

export interface FixOptions {
  dryRun?: boolean;
  /** 'defer' writes `import defer * as ns` where the project's toolchain supports it (see docs/rules/prefer-lazy-import.md). */
  shape?: 'auto' | 'defer';
}

export interface FixOutcome {
  /** One line: files fixed, unchanged, skipped (with reasons), errors. */
  summary: string;
  /** Unified diff (dry run). */
  diff: string;
  fixed: string[];
  /** Files with plans and nothing changed. */
  unchanged: string[];
  skipped: { file: string; reason: string }[];
  errors: { file: string; message: string }[];
  /** Restores every written file (used when the verify command fails). */
  rollback(): Promise<void>;
}

/** Applies the fix plans of an analysis (and the config's cache injections). Writes nothing on dryRun. */
export async function fix(result: AnalyzeResult, opts: FixOptions = {}): Promise<FixOutcome> {
  // A fix keeps what the TypeScript settings need (decorator metadata, verbatimModuleSyntax, JSX):
  // with settings unknown, nothing is written.
  const [tsProblem] = result.graph.tsconfigErrors ?? [];
  if (tsProblem) throw new InputError(toPosix(result.config.root, tsProblem.file), `${tsProblem.message}; --fix needs the TypeScript settings to keep the program's behaviour, so nothing was written`);
  const { applyFixes, formatFixSummary } = await import('./fix/index.js');
  const plans = result.report.findings.map((f) => f.fix).filter((p): p is NonNullable<typeof p> => p !== undefined);
  const extra: { file: string; before: string; after: string }[] = [];
  const reports: { file: string; reason: string }[] = [];
  if (result.config.cache.length) {
    const { injectCaching } = await import('./fix/cache-inject.js');
    const injected = await injectCaching(result.config.root, result.config.cache, { dryRun: true });
    extra.push(...injected.changed);
    for (const r of injected.reports) reports.push({ file: r.file ?? r.target, reason: r.reason });
  }
  const res = await applyFixes(plans, { root: result.config.root, dryRun: opts.dryRun === true, extraChanges: extra, ts: readTsSettings(result.config.root), tsFor: tsSettingsResolver(result.config.root), graph: result.graph, lazyShape: opts.shape ?? 'auto' });
  res.skipped.push(...reports);
  return {
    summary: formatFixSummary(res),
    diff: res.diff ?? '',
    fixed: res.fixed,
    unchanged: res.unchanged,
    skipped: res.skipped,
    errors: res.errors,
    rollback: () => res.rollback(),
  };
}

export { loadConfig } from './config/load.js';

/** Measures an entry in fresh processes (see docs/measuring.md). */
export async function measure(...args: Parameters<typeof import('./measure/index.js').measure>): ReturnType<typeof import('./measure/index.js').measure> {
  const m = await import('./measure/index.js');
  return m.measure(...args);
}
