import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ParseCache, defaultCachePath, hashSource } from './cache.js';
import { discoverFiles, type DiscoverOptions } from './discover.js';
import type { parseModule as ParseModule } from './parse.js';
import type { scanImportsAsync as ScanImportsAsync } from './scan.js';
import { isTypeOnly } from './queries.js';
import { createProgress } from '../progress.js';
import { createResolver, type ResolveMode, type Resolution, type Resolver } from './resolve.js';
import type { ImportGraph, ImportRecord, PackageNode, ParsedModule, ParseError, UnresolvedImport } from './types.js';

export interface BuildOptions extends DiscoverOptions {
  /** true: `<root>/node_modules/.cache/perf-lint/graph.json`; a string: that file; false/undefined: no cache. */
  cache?: boolean | string;
  /** Use these files instead of discovering them (absolute paths). */
  files?: string[];
  /** Reuse a resolver (and its caches) across builds. */
  resolver?: Resolver;
  /**
   * Classify how every imported binding is used (parseModule; what rules need). false: imports
   * only (scanImports, several times faster; `bindings` and `exports` are then empty). Default true.
   */
  usage?: boolean;
}

/** Build statistics, for `--performance`-style output and the benchmark. */
export interface BuildStats {
  files: number;
  parsed: number;
  cacheHits: number;
  edges: number;
  /** Relative resolutions reused from the cache (same set of source files). */
  reusedResolutions: number;
}

const lastStats = new WeakMap<ImportGraph, BuildStats>();

/** Files parsed at once on the thread pool (imports-only builds). */
const IN_FLIGHT = 8;

/** From this many files on, a progress bar shows on a TTY. */
const BIG_GRAPH = 1000;

/** Statistics of the build that produced `graph`, if it came from buildGraph. */
export function buildStats(graph: ImportGraph): BuildStats | undefined {
  return lastStats.get(graph);
}

/** The condition set Node (or tsc's emit) uses for this import in a file of this format. */
function modeOf(rec: ImportRecord, format: 'esm' | 'cjs'): ResolveMode {
  if (rec.kind === 'require') return 'require';
  if (rec.kind === 'dynamic') return 'import';
  // A static import in a CommonJS-format file (a .ts compiled to CJS) runs as require().
  return format === 'cjs' ? 'require' : 'import';
}

/**
 * Builds the import graph of a project: discover, read, parse each file once (from the cache when
 * its content hash is unchanged), resolve every import, and collect packages, unresolved
 * specifiers and parse errors. A file that does not parse is reported and the rest still built.
 */
export async function buildGraph(root: string, opts: BuildOptions = {}): Promise<ImportGraph> {
  const absRoot = path.resolve(root);
  const files = opts.files ?? (await discoverFiles(absRoot, opts));
  const resolver = opts.resolver ?? createResolver(absRoot);
  const cache = opts.cache ? ParseCache.open(typeof opts.cache === 'string' ? path.resolve(opts.cache) : defaultCachePath(absRoot), absRoot) : null;

  const usage = opts.usage !== false;
  const modules = new Map<string, ParsedModule>();
  const parseErrors: ParseError[] = [];
  let parsed = 0;
  // The parser (oxc-parser and the walker) is loaded only when some file needs parsing, so a fully
  // cached run does not pay for it.
  let parser: { parseModule: typeof ParseModule; scanImportsAsync: typeof ScanImportsAsync } | null = null;
  // Big graphs take seconds: show where the parse is when stderr is a terminal.
  const progress = files.length >= BIG_GRAPH ? createProgress('reading files') : undefined;
  let done = 0;
  const tick = (file: string): void => {
    if (progress && (++done % 250 === 0 || done === files.length)) progress(done, files.length, path.relative(absRoot, file));
  };
  // Imports only: oxc parses on libuv's thread pool while this thread reads, lexes and hashes the
  // next files. A few files in flight are enough to keep both cores busy.
  const inFlight: Promise<void>[] = [];
  const results: (ParsedModule | null)[] = new Array<ParsedModule | null>(files.length).fill(null);
  const stats: ({ size: number; mtimeMs: number } | undefined)[] = [];
  const hashes: string[] = [];
  // Unreadable files, reported in file order with the parse errors.
  const readErrors: (ParseError | undefined)[] = [];
  /** Keeps a file's result; `write`: record it in the cache (a fresh parse, or a hit by hash with a new mtime). */
  const store = (index: number, mod: ParsedModule, write: boolean): void => {
    results[index] = mod;
    if (cache && write) cache.set(files[index], hashes[index], mod, usage, stats[index]);
    tick(files[index]);
  };
  for (let index = 0; index < files.length; index++) {
    const file = files[index];
    let mod: ParsedModule | null = null;
    let stat: { size: number; mtimeMs: number } | undefined;
    if (cache) {
      // Same size and mtime as when cached: the content is taken as unchanged without reading it
      // (as git's index does); otherwise the content hash decides.
      try {
        stat = statSync(file);
        mod = cache.getByStat(file, stat.size, stat.mtimeMs, usage);
      } catch {
        // unreadable: reported below by the read
      }
    }
    stats[index] = stat;
    if (mod) {
      store(index, mod, false);
      continue;
    }
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (err) {
      readErrors[index] = { file, line: 1, column: 1, message: `cannot read file: ${(err as Error).message}` };
      tick(file);
      continue;
    }
    const hash = cache ? hashSource(source) : '';
    hashes[index] = hash;
    if (cache) mod = cache.get(file, hash, usage);
    if (mod) {
      store(index, mod, true);
      continue;
    }
    parser ??= { parseModule: (await import('./parse.js')).parseModule, scanImportsAsync: (await import('./scan.js')).scanImportsAsync };
    // Undefined when Node would detect the format from the syntax (no package.json `type`).
    const format = resolver.formatHint(file);
    parsed++;
    if (usage) {
      store(index, parser.parseModule(file, source, { format }), true);
      continue;
    }
    const job = parser.scanImportsAsync(file, source, format).then((m) => {
      store(index, m, true);
      inFlight.splice(inFlight.indexOf(job), 1);
    });
    inFlight.push(job);
    if (inFlight.length >= IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  for (let index = 0; index < files.length; index++) {
    const mod = results[index];
    const readError = readErrors[index];
    if (readError) parseErrors.push(readError);
    if (!mod) continue;
    modules.set(files[index], mod);
    if (mod.parseError) parseErrors.push(mod.parseError);
  }

  // Relative resolutions that depend only on which source files exist are reused when the set of
  // source files is unchanged (see isStableRelative); everything else is resolved every build.
  const fingerprint = cache ? hashSource(files.map((f) => path.relative(absRoot, f)).join('\n')) : '';
  const known = cache?.resolutions(fingerprint) ?? null;
  const stable = cache ? new Map<string, string>() : null;
  const { unresolved, packages, edges, reused } = resolveAll(modules, resolver, absRoot, known, stable);
  if (cache && stable) {
    cache.setResolutions(fingerprint, stable);
    cache.save();
  }

  const graph: ImportGraph = { root: absRoot, modules, packages, unresolved, parseErrors };
  lastStats.set(graph, { files: files.length, parsed, cacheHits: cache?.hits ?? 0, edges, reusedResolutions: reused });
  return graph;
}

const PROBED = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const ALIASED: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

/**
 * True when a relative specifier resolved to a project source file by name alone: the exact path,
 * the path plus a source extension, or a `.js`-family specifier mapped to its TypeScript source.
 * Such a result can only change if a source file appears or disappears (which changes the
 * fingerprint), so it is safe to reuse. Directory resolutions (index files, a folder's
 * package.json `main`), JSON and declaration files are never reused.
 */
function isStableRelative(dir: string, spec: string, resolved: string, modules: Map<string, ParsedModule>): boolean {
  if (!modules.has(resolved)) return false;
  const target = path.resolve(dir, spec);
  if (resolved === target) return true;
  if (PROBED.some((ext) => resolved === target + ext)) return true;
  const ext = path.extname(target);
  return (ALIASED[ext] ?? []).some((alias) => resolved === target.slice(0, -ext.length) + alias);
}

/** Fills every record's resolution and gathers the packages reached (with their own dependencies). */
function resolveAll(
  modules: Map<string, ParsedModule>,
  resolver: Resolver,
  root: string,
  known: ReadonlyMap<string, string> | null,
  stable: Map<string, string> | null,
): { unresolved: UnresolvedImport[]; packages: Map<string, PackageNode>; edges: number; reused: number } {
  let reused = 0;
  const unresolved: UnresolvedImport[] = [];
  const packages = new Map<string, PackageNode>();
  // Same folder + specifier + mode resolves the same way (tsconfig is found per folder too).
  const memo = new Map<string, Resolution>();
  let edges = 0;
  for (const mod of modules.values()) {
    const dir = path.dirname(mod.file);
    let relDir: string | null = null;
    for (const rec of mod.imports) {
      if (rec.unresolvedDynamic) {
        rec.resolved = null;
        unresolved.push({ file: mod.file, specifier: rec.specifier, line: rec.line, column: rec.column, reason: `${rec.kind === 'require' ? 'require()' : 'import()'} with a non-literal specifier` });
        continue;
      }
      const mode = modeOf(rec, mod.format);
      const typeOnly = isTypeOnly(rec);
      const key = `${mode}${typeOnly ? 't' : 'v'}\0${dir}\0${rec.specifier}`;
      let res = memo.get(key);
      if (!res) {
        const relative = rec.specifier.startsWith('./') || rec.specifier.startsWith('../');
        if (relative && relDir === null) relDir = path.relative(root, dir);
        const stableKey = relative ? `${relDir}\0${rec.specifier}` : '';
        const cached = relative && known ? known.get(stableKey) : undefined;
        if (cached !== undefined) {
          reused++;
          // Stored relative to the root with native separators; plain concatenation is enough.
          res = { resolved: root + path.sep + cached };
        } else {
          res = resolver.resolve(mod.file, rec.specifier, mode, typeOnly);
          if (relative && res.resolved && !res.package && isStableRelative(dir, rec.specifier, res.resolved, modules)) {
            stable?.set(stableKey, path.relative(root, res.resolved));
          }
        }
        if (relative && cached !== undefined) stable?.set(stableKey, cached);
        memo.set(key, res);
      }
      rec.resolved = res.resolved;
      if (res.builtin) rec.builtin = true;
      if (res.package) {
        rec.package = res.package;
        const node = resolver.getPackage(res.package);
        if (node) packages.set(node.name, node);
      }
      if (res.resolved === null && !res.builtin) {
        unresolved.push({ file: mod.file, specifier: rec.specifier, line: rec.line, column: rec.column, reason: res.reason ?? 'cannot resolve' });
      } else {
        edges++;
      }
    }
  }

  // The packages' own dependencies, transitively: cheap (package.json reads), and what makes
  // "package A eagerly pulls package B" answerable without parsing node_modules.
  const queue = [...packages.values()];
  while (queue.length > 0) {
    const pkg = queue.pop() as PackageNode;
    if (pkg.dependencies) continue;
    const deps = resolver.packageDependencies(pkg);
    pkg.dependencies = deps.map((d) => d.name);
    for (const dep of deps) {
      if (!packages.has(dep.name)) packages.set(dep.name, dep);
      if (!dep.dependencies) queue.push(dep);
    }
  }
  return { unresolved, packages, edges, reused };
}
