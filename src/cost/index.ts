import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CostModel, PackageCost } from './types.js';
import { createProgress } from '../progress.js';
import { cacheDirOf } from './file-facts.js';

export type { CostModel, PackageCost } from './types.js';

/** A package the project imports, as the graph found it. */
export interface PackageRef {
  name: string;
  version: string | null;
  /** The package's folder. */
  root: string;
  /**
   * The specifiers the project loads it by at startup (`lodash/chunk`, `zod/mini`); priced together,
   * as the program loads them. Default: the name alone (the main entry).
   */
  specifiers?: string[];
}

export interface BuildCostModelOptions {
  /** Measure in child processes (else static figures only). */
  measure: boolean;
  /** Where cost.json and the drivers live. Default: <root>/node_modules/.cache/perf-lint. */
  cacheDir?: string;
  onProgress?: (done: number, total: number, name: string) => void;
  /** Probed runs per package (median). Default 3. */
  runs?: number;
}

/** The cost model plus what building it took (how many packages were measured now, read from cache, estimated). */
export interface BuiltCostModel extends CostModel {
  stats: { measured: number; cached: number; static: number; failed: number };
  /** Why measuring failed, per package name. */
  errors: Map<string, string>;
}

interface CacheFile {
  version: 1;
  /** measureError: measuring failed for this exact key; not retried until the key changes. */
  entries: Record<string, PackageCost & { key: string; measuredAt: string; measureError?: string }>;
  /**
   * What each package's specifiers resolved to (resolveAll), by its package.json's size and mtime:
   * resolving needs oxc-resolver, about 25 ms to load here, which a run whose every package is
   * cached would load for nothing else.
   */
  resolved?: Record<string, { stamp: string; sets: Record<string, Resolved> }>;
}

type Resolved = { paths: string[]; kind: 'import' | 'require'; specifiers: { specifiers?: string[] } };

const CACHE_VERSION = 1;

function readCache(file: string): CacheFile {
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (c.version === CACHE_VERSION && c.entries && typeof c.entries === 'object') {
      // Entries of an older key scheme are never read again: not carried into the next write.
      for (const key of Object.keys(c.entries)) if (!key.endsWith('|b2') && !key.startsWith('<baseline:')) delete c.entries[key];
      if (typeof c.resolved !== 'object' || c.resolved === null) delete c.resolved;
      return c;
    }
  } catch {
    // Missing or corrupt: start over (it is only a cache).
  }
  return { version: CACHE_VERSION, entries: {} };
}

function writeCache(file: string, cache: CacheFile): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, `${JSON.stringify(cache, null, 2)}\n`);
  renameSync(tmp, file);
}

/** How the project loads its dependencies: import conditions for `"type": "module"` projects, else require. */
function projectKind(root: string): 'import' | 'require' {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { type?: string };
    return pkg.type === 'module' ? 'import' : 'require';
  } catch {
    return 'require';
  }
}

/** Resolves `name` from the project root the way the project would; falls back to the other condition set (ESM-only or CJS-only packages). */
async function resolveFromRoot(root: string, name: string, prefer: 'import' | 'require'): Promise<{ path: string; kind: 'import' | 'require' } | null> {
  const { ResolverFactory } = await import('oxc-resolver');
  for (const kind of prefer === 'import' ? (['import', 'require'] as const) : (['require', 'import'] as const)) {
    const resolver = new ResolverFactory({
      conditionNames: ['node', kind, 'default'],
      extensions: ['.js', '.mjs', '.cjs', '.json', '.node'],
      // Node ignores the bundlers' "module" field.
      mainFields: ['main'],
    });
    const r = resolver.sync(root, name);
    if (r.path) return { path: r.path, kind };
  }
  return null;
}

/**
 * A package's specifiers resolve the same while its package.json (the exports map, main, version:
 * a reinstall writes it again) and the Node version are; null when its package.json cannot be read.
 */
function packageStamp(pkg: PackageRef): string | null {
  try {
    const st = statSync(join(pkg.root, 'package.json'));
    return `${st.size}|${st.mtimeMs}|node ${process.version}`;
  } catch {
    return null;
  }
}

/**
 * The cache key: a package is measured again only when one of these changes. `b2`: the figures are
 * net of the baseline of their driver's kind (see Baseline); older entries subtracted an empty ES
 * module's from every driver.
 */
export function costKey(name: string, version: string | null, resolved: string, kind: string): string {
  return `${name}@${version ?? '?'}|${resolved}|${kind}|node ${process.version}|b2`;
}

/**
 * The program a package's figures are net of, by how its driver loads it:
 * - `cjs`: an empty CommonJS driver (`require()` drivers);
 * - `esm`: an empty ES module (`import` drivers of ES modules);
 * - `esm-cjs`: an ES module importing an empty CommonJS file. The first CommonJS module an ES
 *   module imports sets up Node's CommonJS interop (its export lexer): about 3 ms here, which a
 *   program importing any other CommonJS package at startup pays anyway, so deferring one does
 *   not save it.
 */
type Baseline = 'cjs' | 'esm' | 'esm-cjs';

const BASELINE_DRIVERS: Record<Baseline, { file: string; source: string; dep?: string }> = {
  cjs: { file: 'driver-baseline.cjs', source: '' },
  esm: { file: 'driver-baseline.mjs', source: 'export {};\n' },
  'esm-cjs': { file: 'driver-baseline-cjs.mjs', source: "import './driver-baseline-dep.cjs';\n", dep: 'driver-baseline-dep.cjs' },
};

/** Whether Node loads `file` as CommonJS (by its extension, else the nearest package.json `type`). */
function loadsAsCommonJs(file: string): boolean {
  if (file.endsWith('.mjs')) return false;
  if (!file.endsWith('.js')) return true;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: string }).type !== 'module';
    } catch {
      // no readable package.json here: one folder up
    }
    if (dirname(dir) === dir) return true;
  }
}

function driverFor(dir: string, resolved: string[], kind: 'import' | 'require'): string {
  const hash = createHash('sha256').update(`${kind}:${resolved.join('\n')}`).digest('hex').slice(0, 16);
  const file = join(dir, `driver-${hash}.${kind === 'import' ? 'mjs' : 'cjs'}`);
  const source = resolved.map((r) => (kind === 'import' ? `import ${JSON.stringify(pathToFileURL(r).href)};\n` : `require(${JSON.stringify(r)});\n`)).join('');
  writeFileSync(file, source);
  return file;
}

/**
 * Prices every package the project imports: measured in isolation in fresh child processes
 * (import/require from the project root, median of `runs`), cached on disk by name@version,
 * resolved path and Node version, with a static fallback (files and bytes of the eager closure).
 * Packages are measured one after the other: parallel runs would distort each other's timings.
 */
export async function buildCostModel(root: string, packages: PackageRef[], opts: BuildCostModelOptions): Promise<BuiltCostModel> {
  const cacheDir = opts.cacheDir ?? cacheDirOf(root);
  const cacheFile = join(cacheDir, 'cost.json');
  mkdirSync(cacheDir, { recursive: true });
  const cache = readCache(cacheFile);
  const prefer = projectKind(root);
  const onProgress = opts.onProgress ?? createProgress('pricing packages');
  const stats = { measured: 0, cached: 0, static: 0, failed: 0 };
  const errors = new Map<string, string>();
  const costs = new Map<string, PackageCost>();
  let dirty = false;
  const resolutions = (cache.resolved ??= {});
  const baselines = new Map<Baseline, { ms: number; heapMb: number }>();

  const { measure } = opts.measure ? await import('../measure/index.js') : { measure: null };

  // An empty driver's figures, subtracted so a package's cost is its own (cached like a package).
  const getBaseline = async (kind: Baseline): Promise<{ ms: number; heapMb: number }> => {
    const known = baselines.get(kind);
    if (known) return known;
    const key = `<baseline:${kind}>|node ${process.version}`;
    const hit = cache.entries[key];
    if (hit && hit.ms !== null && hit.heapMb !== null) {
      baselines.set(kind, { ms: hit.ms, heapMb: hit.heapMb });
      return { ms: hit.ms, heapMb: hit.heapMb };
    }
    const driver = BASELINE_DRIVERS[kind];
    const file = join(cacheDir, driver.file);
    if (!existsSync(file)) writeFileSync(file, driver.source);
    if (driver.dep && !existsSync(join(cacheDir, driver.dep))) writeFileSync(join(cacheDir, driver.dep), 'module.exports = {};\n');
    const m = await measure!(file, { root: cacheDir, runs: opts.runs ?? 3, treeRuns: 1, warmup: 0 });
    const figures = { ms: m.importMs.median, heapMb: m.heapUsedMb.median };
    baselines.set(kind, figures);
    cache.entries[key] = { key, name: '<baseline>', version: null, ...figures, modules: m.modules.count, source: 'measured', measuredAt: new Date().toISOString() };
    dirty = true;
    return figures;
  };

  let done = 0;
  for (const pkg of packages) {
    const stamp = packageStamp(pkg);
    const at = `${root}|${pkg.root}`;
    const set = `${prefer}|${[...new Set(pkg.specifiers ?? [pkg.name])].sort().join(',')}`;
    const stored = stamp !== null && resolutions[at]?.stamp === stamp ? resolutions[at].sets?.[set] : undefined;
    // A hand-edited or damaged entry is resolved again.
    const known = stored && Array.isArray(stored.paths) && stored.paths.every((p) => typeof p === 'string') && (stored.kind === 'import' || stored.kind === 'require') ? stored : undefined;
    const resolved = known ?? (await resolveAll(root, pkg, prefer));
    if (stamp !== null && resolved && !known) {
      // A package.json written again (a reinstall) makes the package's older resolutions stale.
      if (resolutions[at]?.stamp !== stamp || typeof resolutions[at].sets !== 'object') resolutions[at] = { stamp, sets: {} };
      resolutions[at].sets[set] = resolved;
      dirty = true;
    }
    if (!resolved) {
      errors.set(pkg.name, `cannot resolve "${pkg.name}" from ${root}`);
      stats.failed++;
      onProgress?.(++done, packages.length, pkg.name);
      continue;
    }
    const key = costKey(pkg.name, pkg.version, resolved.paths.join('|'), resolved.kind);
    const hit = cache.entries[key];
    // A measured entry from before the per-package breakdown was recorded is measured again.
    const complete = hit !== undefined && (hit.source !== 'measured' || hit.packages !== undefined);
    if (hit && complete && (hit.source === 'measured' || hit.measureError !== undefined || !opts.measure)) {
      const { key: _k, measuredAt: _at, measureError, ...cost } = hit;
      if (measureError !== undefined && opts.measure) errors.set(pkg.name, measureError);
      costs.set(pkg.name, cost);
      stats.cached++;
      onProgress?.(++done, packages.length, pkg.name);
      continue;
    }
    let cost: PackageCost | null = null;
    const closure = await staticFigures(resolved.paths, resolved.kind);
    if (measure) {
      try {
        const base = await getBaseline(resolved.kind === 'require' ? 'cjs' : resolved.paths.some(loadsAsCommonJs) ? 'esm-cjs' : 'esm');
        const driver = driverFor(cacheDir, resolved.paths, resolved.kind);
        // One hooked run is enough for the module count; the timing comes from the plain runs. No
        // warm-up run: staticFigures has just read the package's files, and the median of the
        // plain runs sets a cold first one aside. Each run is a fresh process (about 130 ms here),
        // so this is a fifth of a first analyze's pricing.
        let m: Awaited<ReturnType<NonNullable<typeof measure>>>;
        try {
          m = await measure(driver, { root: cacheDir, runs: opts.runs ?? 3, treeRuns: 1, warmup: 0 });
        } finally {
          // Only the figures are kept (cost.json): a driver is written again if it is ever needed.
          rmSync(driver, { force: true });
        }
        if (m.exitCodes.some((c) => c !== 0)) {
          const printed = m.warnings.find((w) => w.startsWith('the program printed: '))?.slice('the program printed: '.length);
          throw new Error(`importing it exits with code ${m.exitCodes.find((c) => c !== 0)}${printed ? ` (${printed})` : ''}`);
        }
        const ms = Math.round(Math.max(0, m.importMs.median - base.ms) * 100) / 100;
        cost = {
          name: pkg.name,
          version: pkg.version,
          ...resolved.specifiers,
          ms,
          // The driver itself is one module.
          modules: Math.max(0, m.modules.count - 1),
          heapMb: Math.round(Math.max(0, m.heapUsedMb.median - base.heapMb) * 100) / 100,
          source: 'measured',
          packages: packageShares(m.modules.packages, ms),
          files: closure?.files,
          bytes: closure?.bytes,
        };
        stats.measured++;
      } catch (err) {
        errors.set(pkg.name, err instanceof Error ? err.message.split('\n')[0] : String(err));
        stats.failed++;
      }
    }
    if (!cost) {
      cost = {
        name: pkg.name,
        version: pkg.version,
        ...resolved.specifiers,
        ms: null,
        modules: closure?.files ?? 0,
        heapMb: null,
        source: 'static',
        files: closure?.files ?? 0,
        bytes: closure?.bytes ?? 0,
      };
      stats.static++;
    }
    costs.set(pkg.name, cost);
    const measureError = opts.measure ? errors.get(pkg.name) : undefined;
    cache.entries[key] = { ...cost, key, measuredAt: new Date().toISOString(), ...(measureError !== undefined ? { measureError } : {}) };
    dirty = true;
    onProgress?.(++done, packages.length, pkg.name);
  }
  if (dirty) writeCache(cacheFile, cache);

  return {
    get: (name) => costs.get(name),
    all: () => [...costs.values()],
    stats,
    errors,
  };
}

/** The packages a measured run loaded, each with its modules and its share of `ms` by self time. */
function packageShares(stats: readonly { name: string; modules: number; selfMs: number }[], ms: number): { name: string; modules: number; ms: number }[] {
  const total = stats.reduce((a, p) => a + p.selfMs, 0);
  // The measuring driver sits in node_modules/.cache: not a package.
  return stats.filter((p) => !p.name.startsWith('.')).map((p) => ({ name: p.name, modules: p.modules, ms: total > 0 ? Math.round(((ms * p.selfMs) / total) * 100) / 100 : 0 }));
}

/**
 * The files the package's specifiers load (each resolved from the project root; one that does not
 * resolve is left out), and the loader kind of the driver that loads them all: `import` unless
 * every one resolved only for `require`. Null when none resolves.
 */
async function resolveAll(root: string, pkg: PackageRef, prefer: 'import' | 'require'): Promise<Resolved | null> {
  const specs = pkg.specifiers?.length ? [...new Set(pkg.specifiers)].sort() : [pkg.name];
  const paths = new Set<string>();
  const kinds = new Set<'import' | 'require'>();
  for (const spec of specs) {
    const r = await resolveFromRoot(root, spec, prefer);
    if (!r) continue;
    paths.add(r.path);
    kinds.add(r.kind);
  }
  if (paths.size === 0) return null;
  const kind = kinds.size === 1 ? [...kinds][0]! : 'import';
  return { paths: [...paths], kind, specifiers: specs.length === 1 && specs[0] === pkg.name ? {} : { specifiers: specs } };
}

async function staticFigures(entries: string[], kind: 'import' | 'require'): Promise<{ files: number; bytes: number } | null> {
  try {
    const { staticClosure } = await import('./static.js');
    const c = await staticClosure(entries, kind);
    return { files: c.files, bytes: c.bytes };
  } catch {
    return null;
  }
}
