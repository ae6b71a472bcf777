import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { ParseCache, defaultCachePath, hashSource, type Hint, type NextResolutions, type ResolutionRow, type StoredSlots } from './cache.js';
import { discoveryKey, mappingFacts, snapshotHolds, takeSnapshot, type MappingFacts, type Snapshot } from './snapshot.js';
import { discoverTree, scriptFiles, type DiscoverOptions, type FolderListing } from './discover.js';
import type { parseModule as ParseModule } from './parse.js';
import type { scanImportsAsync as ScanImportsAsync } from './scan.js';
import { NODE_MODULES_SEGMENT, relPath } from './paths.js';
import { caseSensitiveAt, resolveFromListing } from './relative.js';
import { isTypeOnly } from './queries.js';
import { tsconfigProblems } from '../config/tsconfig.js';
import { createProgress } from '../progress.js';
import { createResolver, EXTENSION_ALIAS, EXTENSIONS, packageNameOf, type ResolveMode, type Resolution, type Resolver } from './resolve.js';
import type { ImportGraph, ImportRecord, PackageNode, ParsedModule, ParseError, UnresolvedImport } from './types.js';

export interface BuildOptions extends DiscoverOptions {
  /** true: `<root>/node_modules/.cache/perf-lint/graph.bin`; a string: that file; false/undefined: no cache. */
  cache?: boolean | string;
  /** Use these files instead of discovering them (absolute paths). */
  files?: string[];
  /** Reuse a resolver (and its caches) across builds. */
  resolver?: Resolver;
  /** Told about what did not stop the build (a cache file that cannot be written). Default: process.emitWarning. */
  onWarning?: (message: string) => void;
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
  /** Import records whose resolution was reused from the cache: a relative one to a source file while the set of source files is the same, any other while the snapshot holds. */
  reusedResolutions: number;
  /** Relative specifiers resolved from discovery's folder listings rather than by the resolver. */
  listedResolutions: number;
  /** The file list and the stored resolutions came from the cache's snapshot (no folder was listed). */
  fromSnapshot: boolean;
}

const lastStats = new WeakMap<ImportGraph, BuildStats>();

/** Files parsed at once on the thread pool (imports-only builds with the native parse). */
const IN_FLIGHT = 8;

/**
 * Full parses between two turns of the event loop: what a parse leaves in Rust (its module record,
 * when nothing reads it) is freed by finalizers that run only then (see parse.ts).
 */
const YIELD_EVERY = 32;

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** readFileSync's options as an object: a string is copied into a fresh options object on every call. */
const UTF8 = { encoding: 'utf8' } as const;

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
  return build(root, opts, false);
}

/** buildGraph; `ignoreSnapshot`: list the folders whatever the cache's snapshot says. */
async function build(root: string, opts: BuildOptions, ignoreSnapshot: boolean): Promise<ImportGraph> {
  const absRoot = path.resolve(root);
  const cacheFile = opts.cache ? (typeof opts.cache === 'string' ? path.resolve(opts.cache) : defaultCachePath(absRoot)) : null;
  // The cache's folder is made before anything is listed: making node_modules/.cache changes
  // node_modules (or the root), which a snapshot then keeps as this change left it.
  let madeCacheDir: string | undefined;
  if (cacheFile) {
    try {
      madeCacheDir = mkdirSync(path.dirname(cacheFile), { recursive: true });
    } catch {
      // save() reports it
    }
  }
  // A file written after this may have been read before or after the change (see takeSnapshot).
  const start = Date.now();
  const cache = cacheFile ? ParseCache.open(cacheFile) : null;
  // While the stored snapshot holds (no folder listed, no resolution input changed: snapshot.ts),
  // the stored file list and resolutions are this build's. A project moved elsewhere starts again.
  const options = discoveryKey(absRoot, opts);
  const snap = cache && !opts.files && !ignoreSnapshot ? cache.snapshot() : null;
  const held = snap && snapshotHolds(snap, absRoot, options) ? snap : null;
  const storedTable = held ? (cache as ParseCache).storedTable(absRoot) : null;
  const stored = storedTable ? (cache as ParseCache).storedKeys : null;
  const storedKeys = stored ? withScripts(absRoot, stored, opts) : null;
  const tree = opts.files || storedKeys ? null : await discoverTree(absRoot, opts, cache !== null);
  const files = storedKeys ? storedKeys.map((k) => fromKey(absRoot, k)) : tree ? tree.files : [...new Set(opts.files ?? [])];
  // The folder listings answer most relative imports without the resolver (see relative.ts).
  const folders = tree && caseSensitiveAt(absRoot, existsSync) ? tree.folders : null;
  // Made when first needed: a build whose resolutions all come from the cache does not need it.
  let madeResolver: Resolver | undefined;
  const resolver = (): Resolver => (madeResolver ??= opts.resolver ?? createResolver(absRoot));

  // Each file's cache key: its path relative to the root (computed once, for lookups and for telling whether the file list changed).
  const keys = storedKeys ?? (cache ? files.map((f) => relPath(absRoot, f)) : null);
  const usage = opts.usage !== false;
  // With usage, a cached imports-only scan that found no imports will do (see mayImportNothing).
  const need = usage ? ('or-import-free' as const) : false;
  const modules = new Map<string, ParsedModule>();
  const parseErrors: ParseError[] = [];
  let parsed = 0;
  let fullParses = 0;
  // The parser (oxc-parser and the walker) is loaded only when some file needs parsing, so a fully
  // cached run does not pay for it.
  let parser: Parser | null = null;
  // Big graphs take seconds: show where the parse is when stderr is a terminal.
  const progress = files.length >= BIG_GRAPH ? createProgress('reading files') : undefined;
  let done = 0;
  const counted = new Uint8Array(files.length);
  const tick = (index: number): void => {
    if (counted[index]) return;
    counted[index] = 1;
    if (progress && (++done % 250 === 0 || done === files.length)) progress(done, files.length, path.relative(absRoot, files[index]));
  };
  // Scans: with raw transfer (oxc-raw.ts) each parse runs on this thread and a scan is done when
  // it returns. With the native parse (where raw transfer is unavailable), oxc parses on libuv's
  // thread pool while this thread reads, lexes and hashes the next files; a few files in flight
  // keep both cores busy.
  const inFlight: Promise<void>[] = [];
  const results: (ParsedModule | null)[] = new Array<ParsedModule | null>(files.length).fill(null);
  const stats: ({ size: number; mtimeMs: number } | undefined)[] = [];
  const hashes: string[] = [];
  // Unreadable files, reported in file order with the parse errors.
  const readErrors: (ParseError | undefined)[] = [];
  // The format hint each file is parsed with (package.json `type`, the extension): an entry parsed
  // with another is not used. While the snapshot holds, no package.json changed: the stored ones stand.
  const hints: Hint[] = new Array<Hint>(files.length);
  const hintOf = (index: number): Hint => (held ? 'stored' : (hints[index] ??= resolver().formatHint(files[index])));
  /** Keeps a file's result; `write`: record it in the cache (a fresh parse, or a hit by hash with a new mtime). */
  const store = (index: number, mod: ParsedModule, write: boolean): void => {
    results[index] = mod;
    // Recorded with binding usage whenever it has it: a graph build's full parses (where the token
    // reader gives up) and hits by hash serve a later analyze too.
    if (cache && write) cache.set((keys as string[])[index], index, hashes[index], mod, !mod.shallow, hints[index] ?? hintOf(index), stats[index]);
    tick(index);
  };
  /** Scans one file on the thread pool, with at most IN_FLIGHT at once. */
  const scanInFlight = async (index: number, source: string, format: 'esm' | 'cjs' | undefined): Promise<void> => {
    const p = parser as Parser;
    const file = files[index];
    const job = p.scanImportsAsync(file, source, format).then((m) => {
      // With usage, the scan stands only for a file that imports nothing (see mayImportNothing).
      store(index, usage && m.imports.length > 0 ? p.parseModule(file, source, { format }) : m, true);
      inFlight.splice(inFlight.indexOf(job), 1);
    });
    inFlight.push(job);
    if (inFlight.length >= IN_FLIGHT) await Promise.race(inFlight);
  };
  // With usage: the files that seem to import nothing, scanned, with their source kept in case
  // resolution shows that another module imports them.
  const deferred: { index: number; source: string; format: 'esm' | 'cjs' | undefined }[] = [];
  for (let index = 0; index < files.length; index++) {
    const file = files[index];
    let mod: ParsedModule | null = null;
    let stat: { size: number; mtimeMs: number } | undefined;
    if (cache) {
      // Same size and mtime as when cached: the content is taken as unchanged without reading it
      // (as git's index does); otherwise the content hash decides.
      try {
        stat = statSync(file, { throwIfNoEntry: false });
        // A stored file that is gone while the snapshot held: its folder's mtime was put back
        // (by hand, or a restore that keeps mtimes). List the folders after all.
        if (!stat && storedKeys) return build(root, opts, true);
        if (stat) mod = cache.getByStat((keys as string[])[index], index, file, stat.size, stat.mtimeMs, need, hintOf(index));
      } catch {
        // unreadable: reported below by the read
      }
    }
    if (mod) {
      store(index, mod, false);
      continue;
    }
    // Only a file that is read keeps its size and mtime (for its cache entry), not the Stats object.
    if (stat) stats[index] = { size: stat.size, mtimeMs: stat.mtimeMs };
    let source: string;
    try {
      source = readFileSync(file, UTF8);
    } catch (err) {
      readErrors[index] = { file, line: 1, column: 1, message: `cannot read file: ${(err as Error).message}` };
      tick(index);
      continue;
    }
    const hash = cache ? hashSource(source) : '';
    hashes[index] = hash;
    if (cache) mod = cache.get((keys as string[])[index], index, file, hash, need, hintOf(index));
    if (mod) {
      store(index, mod, true);
      continue;
    }
    parser ??= await loadParser();
    // Undefined when Node would detect the format from the syntax (no package.json `type`).
    const format = resolver().formatHint(file);
    hints[index] = format;
    parsed++;
    if (usage && !mayImportNothing(source)) {
      store(index, parser.parseModule(file, source, { format }), true);
      if (++fullParses % YIELD_EVERY === 0) await turn();
      continue;
    }
    // With usage, a file that seems to import nothing is scanned now; if another module turns out
    // to import it, it gets the full parse after resolution.
    if (usage) deferred.push({ index, source, format });
    await scanInFlight(index, source, format);
  }
  await Promise.all(inFlight);
  for (let index = 0; index < files.length; index++) {
    const mod = results[index];
    if (mod) modules.set(files[index], mod);
  }

  // Relative resolutions that depend only on which source files exist are reused when the set of
  // source files is unchanged (see isStableRelative); everything else is resolved every build.
  // Only while the snapshot holds: a file that is not a source file (`util` beside `util.ts`)
  // can change what `./util` means without changing the list of source files.
  const known = keys && cache && storedTable ? cache.resolutions(keys) : null;
  const stable: NextResolutions | null = cache ? new Array<ArrayLike<number> | undefined>(files.length) : null;
  const table = cache ? new ResolutionTable(storedTable?.resolutions ?? []) : null;
  // Read when a non-relative specifier's resolution is to be kept (see keepable).
  let facts: MappingFacts | undefined;
  const factsOf = (): MappingFacts =>
    (facts ??= mappingFacts(absRoot, tree ? tree.folders.keys() : (held?.dirs ?? []).map(([rel]) => fromKey(absRoot, rel)), tree?.folders ?? null, tree ? null : (held?.watch ?? []).map(([rel]) => rel)));
  const { unresolved, packages, edges, reused, fresh, listed } = resolveAll(modules, resolver, files, known, stable, folders, storedTable, table, factsOf);
  if (usage) {
    // Files that import nothing: a module something imports gets the full parse (rules read its
    // exports, top-level effects and top-level await); the others only the scan.
    const imported = new Set<string>();
    for (const mod of modules.values()) for (const rec of mod.imports) if (rec.resolved) imported.add(rec.resolved);
    const waiting = new Set(deferred.map((d) => d.index));
    for (let index = 0; index < files.length; index++) {
      const mod = results[index];
      if (!mod?.shallow || waiting.has(index) || !imported.has(files[index])) continue;
      // From the cache, without its syntax tree.
      try {
        const source = readFileSync(files[index], UTF8);
        hashes[index] = hashSource(source);
        const format = resolver().formatHint(files[index]);
        hints[index] = format;
        deferred.push({ index, source, format });
        parsed++;
      } catch {
        // gone since it was cached: the cached scan stands
      }
    }
    for (const d of deferred) {
      const file = files[d.index];
      if (!results[d.index]?.shallow || !imported.has(file)) continue;
      // Loaded here when every other file came from the cache.
      parser ??= await loadParser();
      store(d.index, parser.parseModule(file, d.source, { format: d.format }), true);
      if (++fullParses % YIELD_EVERY === 0) await turn();
      modules.set(file, results[d.index] as ParsedModule);
    }
  }
  if (cache && stable && table) {
    cache.setResolutions(keys as string[], stable, fresh);
    // The folders this build's file list came from: listed now, or the snapshot's that held.
    const dirs = cache.changed || !held ? (tree?.mtimes ?? (held ? new Map(held.dirs.map(([rel, mtime]) => [fromKey(absRoot, rel), mtime])) : null)) : null;
    const cacheDir = path.dirname(cache.file);
    // No snapshot when writing the cache changes a listed folder's mtime (a cache file among the sources).
    if (dirs && !dirs.has(cacheDir)) {
      const { targets, missingPackages } = resolutionInputs(modules, dirs, packages);
      const snapshot = takeSnapshot({
        root: absRoot,
        options,
        dirs,
        listings: tree?.folders ?? null,
        carried: tree ? null : (held as Snapshot).watch.map(([rel]) => rel),
        // Workspaces: each package's folder and the folder holding it (a new workspace package
        // appears there; one outside the project is not otherwise listed).
        packageRoots: [...[...packages.values()].map((p) => p.root), ...[...resolver().workspaces.values()].flatMap((dir) => [dir, path.dirname(dir)])],
        targets,
        missingPackages,
        // The folders made for the cache just before the build, and the one they were made in:
        // trusted however recent.
        ours: madeCacheDir ? madeFolders(madeCacheDir, cacheDir) : [],
        previous: held,
        start,
      });
      const { rows, remap } = table.compact(absRoot);
      cache.setSnapshot(snapshot, rows, [...packages.values()].map((p) => [p.name, p.version, relPath(absRoot, p.root), p.workspace ? 1 : 0, p.dependencies ?? null]), remap);
    }
    const problem = cache.save();
    if (problem) (opts.onWarning ?? ((m: string) => process.emitWarning(m)))(problem);
  }
  for (let index = 0; index < files.length; index++) {
    const readError = readErrors[index];
    if (readError) parseErrors.push(readError);
    const parseError = results[index]?.parseError;
    if (parseError) parseErrors.push(parseError);
  }

  const graph: ImportGraph = { root: absRoot, modules, packages, unresolved, parseErrors, tsconfigErrors: tsconfigProblems(absRoot) };
  lastStats.set(graph, { files: files.length, parsed, cacheHits: cache?.hits ?? 0, edges, reusedResolutions: reused, listedResolutions: listed, fromSnapshot: storedKeys !== null });
  return graph;
}

interface Parser {
  parseModule: typeof ParseModule;
  scanImportsAsync: typeof ScanImportsAsync;
}

async function loadParser(): Promise<Parser> {
  return { parseModule: (await import('./parse.js')).parseModule, scanImportsAsync: (await import('./scan.js')).scanImportsAsync };
}

/**
 * Whether a file's text suggests it imports nothing: no line starting with `import`, no
 * `require(` or `import(`, no `export … from`. A build with usage only scans such a file (no
 * syntax tree): it has no bindings to classify, and its own facts are read only if another module
 * imports it (it is parsed after resolution then). A guess, on the side of parsing: when the scan
 * finds an import after all (an import after a comment on its line, say), the file is parsed fully.
 */
function mayImportNothing(source: string): boolean {
  return !STATIC_IMPORT.test(source) && !CALL.test(source) && !REEXPORT.test(source);
}

const STATIC_IMPORT = /^[ \t]*import\b/m;
const CALL = /\b(?:require|import)\s*\(/;
const REEXPORT = /\bexport\s*(?:type\s*)?(?:\*|\{[^}]*\}\s*from\b)/;


/**
 * True when a relative specifier resolved to a project source file by name alone: the exact path,
 * the path plus a source extension, or a `.js`-family specifier mapped to its TypeScript source.
 * Such a result can only change if a source file appears or disappears (which changes the
 * list of files the cache compares), so it is safe to reuse. Directory resolutions (index files, a folder's
 * package.json `main`), JSON and declaration files are never reused.
 */
function isStableRelative(dir: string, spec: string, resolved: string, modules: Map<string, ParsedModule>): boolean {
  if (!modules.has(resolved)) return false;
  const target = path.resolve(dir, spec);
  if (resolved === target) return true;
  // The resolver's own probe and alias tables (only source files pass the check above).
  if (EXTENSIONS.some((ext) => resolved === target + ext)) return true;
  const ext = path.extname(target);
  return (EXTENSION_ALIAS[ext] ?? []).some((alias) => resolved === target.slice(0, -ext.length) + alias);
}

/**
 * This build's resolutions other than stable relative ones (isStableRelative), as the cache keeps
 * them: one row per distinct result, coded -2 - row in a module's stored resolutions (an index
 * into the files is 0 or more; -1 is none). It starts with the stored rows (when the snapshot
 * holds), so a reused row keeps its code; compact() drops the rows no import uses any more.
 */
class ResolutionTable {
  private readonly rows: Resolution[];
  private byContent: Map<string, number> | null = null;
  private readonly used: number[] = [];

  constructor(stored: readonly Resolution[]) {
    this.rows = [...stored];
  }

  private static key(res: Resolution): string {
    return `${res.resolved}\0${res.package}\0${res.builtin === true}\0${res.reason}`;
  }

  /** The code of a resolution: its row, added if new. */
  code(res: Resolution): number {
    if (!this.byContent) {
      this.byContent = new Map();
      for (let r = 0; r < this.rows.length; r++) if (!this.byContent.has(ResolutionTable.key(this.rows[r]))) this.byContent.set(ResolutionTable.key(this.rows[r]), r);
    }
    const key = ResolutionTable.key(res);
    let row = this.byContent.get(key);
    if (row === undefined) {
      row = this.rows.length;
      this.rows.push(res);
      this.byContent.set(key, row);
    }
    this.used[row] = 1;
    return -2 - row;
  }

  /** The code of stored row `row`, used again. */
  reuse(row: number): number {
    this.used[row] = 1;
    return -2 - row;
  }

  /** The rows this build used, in order, and each row's new number (-1: dropped). */
  compact(root: string): { rows: ResolutionRow[]; remap: Int32Array } {
    const remap = new Int32Array(this.rows.length).fill(-1);
    const rows: ResolutionRow[] = [];
    for (let r = 0; r < this.rows.length; r++) {
      if (this.used[r] !== 1) continue;
      remap[r] = rows.length;
      const res = this.rows[r];
      rows.push([res.resolved === null ? null : relPath(root, res.resolved), res.package ?? null, res.builtin ? 1 : 0, res.reason ?? null]);
    }
    return { rows, remap };
  }
}

/**
 * Whether a resolution other than a stable relative one may be kept while the snapshot holds:
 * what decides it is then among what the snapshot keeps. A builtin; a relative or absolute
 * specifier (the folders it points into are kept); and, where no tsconfig `paths`/`baseUrl`,
 * package.json `imports`/`workspaces` or pnpm workspace can map a bare specifier to project files,
 * a package resolved into node_modules or a package that is not installed (the node_modules
 * folders are kept). Anything else (a mapped specifier, a workspace package, a package importing
 * itself) is resolved again on every build: the places a mapping may look are not all kept.
 */
function keepable(spec: string, res: Resolution, factsOf: () => MappingFacts): boolean {
  if (res.builtin) return true;
  if (spec.startsWith('./') || spec.startsWith('../') || path.isAbsolute(spec)) return true;
  if (spec.startsWith('#')) return false;
  const facts = factsOf();
  if (facts.mapped || facts.names.has(packageNameOf(spec))) return false;
  return res.resolved === null ? true : res.package !== undefined && res.resolved.includes(NODE_MODULES_SEGMENT);
}

/**
 * What the resolutions depend on beyond the listed folders: the folders that relative imports
 * (and resolutions) point into outside them, and the packages unresolved imports name.
 */
function resolutionInputs(
  modules: ReadonlyMap<string, ParsedModule>,
  dirs: ReadonlyMap<string, number>,
  packages: ReadonlyMap<string, PackageNode>,
): { targets: Set<string>; missingPackages: Set<string> } {
  const targets = new Set<string>();
  const missingPackages = new Set<string>();
  const outside = (folder: string): void => {
    if (!dirs.has(folder) && !folder.includes(NODE_MODULES_SEGMENT)) targets.add(folder);
  };
  // Each link on the way to a path outside the listed folders: the folder holding a link
  // changes when the link is replaced (the folder the link leads to may not).
  const links = (p: string): void => {
    let cur = path.parse(p).root;
    for (const part of p.slice(cur.length).split(path.sep)) {
      if (!part) continue;
      const next = path.join(cur, part);
      try {
        if (lstatSync(next).isSymbolicLink()) {
          targets.add(cur);
          cur = realpathSync(next);
        } else {
          cur = next;
        }
      } catch {
        return;
      }
    }
  };
  for (const mod of modules.values()) {
    const from = path.dirname(mod.file);
    for (const rec of mod.imports) {
      const spec = rec.specifier;
      if (rec.resolved) outside(path.dirname(rec.resolved));
      if (spec.startsWith('./') || spec.startsWith('../') || path.isAbsolute(spec)) {
        // The folder holding what the specifier names (`lib.ts` may appear beside `lib/`), and
        // the folder it names when it resolved to an index file in it; through any links on the way.
        const target = path.resolve(from, spec);
        outside(path.dirname(target));
        if (rec.resolved?.startsWith(target + path.sep)) outside(target);
        if (!dirs.has(path.dirname(target))) links(target);
      } else if (!rec.resolved && !rec.builtin && !rec.unresolvedDynamic) {
        missingPackages.add(packageNameOf(spec));
      }
    }
  }
  // Packages: the links on the way to each (pnpm's store), the node_modules folders its
  // dependencies are looked for in, and the dependencies it declares that are not installed.
  for (const pkg of packages.values()) {
    if (pkg.workspace) continue;
    links(pkg.root);
    // As the resolver looks for a package's dependencies: <folder>/node_modules for each folder above it.
    for (let up = pkg.root; up !== path.dirname(up); up = path.dirname(up)) if (path.basename(up) !== 'node_modules') targets.add(path.join(up, 'node_modules'));
    try {
      const json = JSON.parse(readFileSync(path.join(pkg.root, 'package.json'), 'utf8')) as Record<string, unknown>;
      const found = new Set(pkg.dependencies ?? []);
      for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
        const deps = json[field];
        if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) if (!found.has(name)) missingPackages.add(name);
      }
    } catch {
      // no readable package.json: nothing declared
    }
  }
  return { targets, missingPackages };
}

/** The folder `first` was made in, and every folder from `first` down to `last` (mkdir -p made them all). */
function madeFolders(first: string, last: string): string[] {
  const out = [path.dirname(first)];
  for (let dir = last; dir.length >= first.length && dir !== path.dirname(dir); dir = path.dirname(dir)) out.push(dir);
  return out;
}

/**
 * The stored file list with this build's entry scripts (discover.ts scriptFiles) in place of the
 * ones of the build that stored it: the keys without an extension are those scripts, as discovery
 * finds only files with a source extension. The stored list itself when nothing changes.
 */
function withScripts(root: string, stored: readonly string[], opts: BuildOptions): readonly string[] {
  const scripts = scriptFiles(root, opts);
  const extensionless = (key: string): boolean => key.lastIndexOf('.') <= key.lastIndexOf('/') + 1;
  // The usual case, without a copy of the list.
  if (scripts.length === 0 && !stored.some(extensionless)) return stored;
  const walked = stored.filter((key) => !extensionless(key));
  const keys = [...walked, ...scripts.map((file) => relPath(root, file))];
  if (keys.length === stored.length && stored.every((key, i) => keys[i] === key)) return stored;
  // In discovery's order: sorted absolute paths.
  return keys
    .map((key) => [fromKey(root, key), key] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, key]) => key);
}

/** The absolute path of a cache key (relPath's inverse; the same string discovery builds). */
function fromKey(root: string, key: string): string {
  if (key === '') return root;
  if (key.startsWith('..')) return path.join(root, key);
  return (root.endsWith(path.sep) ? root : root + path.sep) + (path.sep === '/' ? key : key.split('/').join(path.sep));
}

/**
 * Fills every record's resolution and gathers the packages reached (with their own dependencies).
 * `known`: stored relative resolutions per module (aligned with its imports: an index into `files`,
 * or -1), reused as they are; `stable`: receives this build's, for the cache. `folders`: discovery's listings, which answer
 * most relative specifiers without the resolver.
 */
function resolveAll(
  modules: Map<string, ParsedModule>,
  resolver: () => Resolver,
  files: readonly string[],
  known: StoredSlots | null,
  stable: NextResolutions | null,
  folders: ReadonlyMap<string, FolderListing> | null,
  storedTable: { resolutions: Resolution[]; packages: Map<string, PackageNode> } | null = null,
  table: ResolutionTable | null = null,
  factsOf: (() => MappingFacts) | null = null,
): { unresolved: UnresolvedImport[]; packages: Map<string, PackageNode>; edges: number; reused: number; fresh: number; listed: number } {
  let reused = 0;
  let listed = 0;
  let fresh = 0;
  const unresolved: UnresolvedImport[] = [];
  const packages = new Map<string, PackageNode>();
  // Same folder + specifier + mode resolves the same way (tsconfig is found per folder too): one
  // memo per folder, keyed by mode, type-only flag and specifier. With the resolution, the
  // target's index in `files` when it is stable (see isStableRelative), else -1.
  const memos = new Map<string, Map<string, [Resolution, number]>>();
  const storedPackages = storedTable?.packages;
  /** Records `res` on `rec`; `fromTable`: a stored resolution, whose package comes from the stored packages. */
  const apply = (mod: ParsedModule, rec: ImportRecord, res: Resolution, fromTable: boolean): void => {
    rec.resolved = res.resolved;
    if (res.builtin) rec.builtin = true;
    if (res.package) {
      rec.package = res.package;
      if (!packages.has(res.package)) {
        const node = fromTable ? storedPackages?.get(res.package) : resolver().getPackage(res.package);
        if (node) packages.set(node.name, node);
      }
    }
    if (res.resolved === null && !res.builtin) {
      unresolved.push({ file: mod.file, specifier: rec.specifier, line: rec.line, column: rec.column, reason: res.reason ?? 'cannot resolve' });
    } else {
      edges++;
    }
  };
  // Which index each file has (built on the first stable resolution that is not reused).
  let indexOf: Map<string, number> | null = null;
  let edges = 0;
  const storedInts = known?.ints;
  for (let index = 0; index < files.length; index++) {
    const mod = modules.get(files[index]);
    if (!mod) continue;
    const imports = mod.imports;
    if (imports.length === 0) continue;
    // Where this module's stored resolutions start (-1: none usable).
    const at = known ? known.at(index, mod) : -1;
    // This build's codes for the module, made only when one differs from what is stored.
    let out: number[] | null = null;
    const keep = (i: number, code: number): void => {
      if (out) out[i] = code;
      else if (at >= 0 ? (storedInts as Int32Array)[at + i] !== code : code !== -1) {
        out = at >= 0 ? Array.from((storedInts as Int32Array).subarray(at, at + imports.length)) : new Array<number>(imports.length).fill(-1);
        out[i] = code;
      }
    };
    let dir: string | null = null;
    let memo: Map<string, [Resolution, number]> | undefined;
    for (let i = 0; i < imports.length; i++) {
      const rec = imports[i];
      // Reused first: with an unchanged source set (the same files in the same order), most
      // relative imports end here, as the index of the file they resolved to.
      const cached = at < 0 ? -1 : (storedInts as Int32Array)[at + i];
      if (cached >= 0) {
        reused++;
        edges++;
        rec.resolved = files[cached];
        continue;
      }
      // Then any other stored resolution, while the snapshot holds.
      const row = cached <= -2 && storedTable ? storedTable.resolutions[-2 - cached] : undefined;
      if (row !== undefined) {
        reused++;
        apply(mod, rec, row, true);
        if (table) keep(i, table.reuse(-2 - cached));
        continue;
      }
      const spec = rec.specifier;
      if (rec.unresolvedDynamic) {
        keep(i, -1);
        rec.resolved = null;
        unresolved.push({ file: mod.file, specifier: spec, line: rec.line, column: rec.column, reason: `${rec.kind === 'require' ? 'require()' : 'import()'} with a non-literal specifier` });
        continue;
      }
      if (dir === null) {
        dir = path.dirname(mod.file);
        memo = memos.get(dir);
        if (!memo) memos.set(dir, (memo = new Map()));
      }
      const mode = modeOf(rec, mod.format);
      const typeOnly = isTypeOnly(rec);
      const key = (mode === 'require' ? (typeOnly ? 'rt' : 'rv') : typeOnly ? 'it' : 'iv') + spec;
      let hit = (memo as Map<string, [Resolution, number]>).get(key);
      if (!hit) {
        const relative = spec.startsWith('./') || spec.startsWith('../');
        const fromListing = relative && folders ? resolveFromListing(dir, spec, folders) : undefined;
        if (fromListing !== undefined) listed++;
        const res = fromListing !== undefined ? { resolved: fromListing } : resolver().resolve(mod.file, spec, mode, typeOnly);
        // A listing's answer is by name alone, so stable when it is a source file (isStableRelative's test).
        const stableHere = fromListing !== undefined ? modules.has(fromListing) : relative && res.resolved && !res.package && isStableRelative(dir, spec, res.resolved, modules);
        let target = -1;
        if (stableHere && res.resolved && stable) {
          indexOf ??= new Map(files.map((f, k) => [f, k]));
          target = indexOf.get(res.resolved) ?? -1;
        }
        // The code the cache keeps: the target's index when stable, else a row of this build's table.
        hit = [res, target !== -1 ? target : table && factsOf && keepable(spec, res, factsOf) ? table.code(res) : -1];
        (memo as Map<string, [Resolution, number]>).set(key, hit);
      }
      const [res, code] = hit;
      // A new stable one makes the cache rewrite its resolutions (a changed table, its snapshot: see setSnapshot).
      if (code >= 0) fresh++;
      keep(i, code);
      apply(mod, rec, res, false);
    }
    if (out && stable) stable[index] = out;
  }

  // The packages' own dependencies, transitively: cheap (package.json reads), and what makes
  // "package A eagerly pulls package B" answerable without parsing node_modules.
  const queue = [...packages.values()];
  while (queue.length > 0) {
    const pkg = queue.pop() as PackageNode;
    if (pkg.dependencies) {
      // Known already (stored, or from an earlier build with this resolver): the nodes it names.
      for (const name of pkg.dependencies) {
        if (packages.has(name)) continue;
        const dep = storedPackages?.get(name) ?? resolver().getPackage(name);
        if (!dep) continue;
        packages.set(name, dep);
        queue.push(dep);
      }
      continue;
    }
    const deps = resolver().packageDependencies(pkg);
    pkg.dependencies = deps.map((d) => d.name);
    for (const dep of deps) {
      if (!packages.has(dep.name)) packages.set(dep.name, dep);
      if (!dep.dependencies) queue.push(dep);
    }
  }
  return { unresolved, packages, edges, reused, fresh, listed };
}
