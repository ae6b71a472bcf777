/**
 * What a cached build's file list and resolutions depend on besides the source files: the folders
 * discovery listed, and the files that decide discovery and resolution (.gitignore, package.json,
 * tsconfig and what it extends, node_modules and its install markers, lockfiles). Each is kept
 * with its mtime (and size, for files), as git's index keeps a file's. While every one is
 * unchanged, the next cached build takes the stored file list instead of listing folders, and
 * every stored resolution instead of asking the resolver (build.ts).
 *
 * What a folder's mtime catches: a file or folder added, removed or renamed in it (in place edits
 * change the file's own mtime, which the parse cache checks per file). node_modules: npm rewrites
 * node_modules/.package-lock.json on every install, pnpm .modules.yaml, yarn .yarn-integrity or
 * .yarn-state.yml; a package added or removed by hand changes node_modules (or its @scope folder).
 * A package's own package.json (its version, its `exports`) is kept for every package the graph
 * reaches. Not caught: a file inside an installed package edited by hand without its
 * package.json; run without --cache (or delete the cache file) after such an edit.
 *
 * A value too close to the time the snapshot is taken is not trusted (stored as -2, which no stat
 * returns): a change later in the same tick of the file system's clock would leave the mtime as it
 * was (git's "racily clean" entries). Too close: RACY_MS for a time in whole seconds (a file system
 * that keeps seconds, or FAT's two), RACY_FINE_MS for a time with milliseconds.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DiscoverOptions, FolderListing } from './discover.js';
import { NODE_MODULES_SEGMENT, relPath } from './paths.js';

export interface Snapshot {
  /** The discovery options the file list was found with (discoveryKey). */
  options: string;
  /** Each listed folder (relative to the root, POSIX separators) and its mtime. */
  dirs: [string, number][];
  /** Other paths and their [mtime, size]: [-1, -1] when absent, -2 when not trusted. */
  watch: [string, number, number][];
}

const RACY_MS = 3000;
const RACY_FINE_MS = 100;
const ABSENT = -1;
const UNTRUSTED = -2;

/** Names in a listed folder whose content decides discovery or resolution. */
const WATCHED_FILE = /^(?:package\.json|[tj]sconfig(?:\.[^/]*)?\.json|\.gitignore|pnpm-workspace\.yaml|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$/;
/** Names looked for in every folder above the root (present or not). */
const ANCESTOR_NAMES = ['package.json', 'tsconfig.json', 'jsconfig.json', '.gitignore', '.git', 'node_modules', 'pnpm-workspace.yaml', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml'];
/** Files package managers rewrite in node_modules on every install. */
const INSTALL_MARKERS = ['.package-lock.json', '.modules.yaml', '.yarn-integrity', '.yarn-state.yml'];
const TSCONFIG = /(?:^|[\\/])[tj]sconfig(?:\.[^\\/]*)?\.json$/;

/**
 * What the discovery options are, as a snapshot records them: options that find the same files
 * are one key (no globs and empty lists, the root as the only path and no paths).
 */
export function discoveryKey(root: string, opts: DiscoverOptions): string {
  // Not `scripts`: build.ts adds them to the stored file list on each build (`graph` and `analyze`
  // name different entries and share the cache).
  const list = (globs: string[] | undefined): string[] | null => (globs && globs.length > 0 ? globs : null);
  const include = list(opts.include);
  const exclude = list(opts.exclude);
  const paths = list(opts.paths?.map((p) => path.resolve(root, p)));
  const onlyRoot = paths?.length === 1 && paths[0] === path.resolve(root);
  return JSON.stringify([root, include, exclude, onlyRoot ? null : paths, (include || exclude) && opts.globRoot ? path.resolve(opts.globRoot) : null]);
}

function absolute(root: string, rel: string): string {
  return rel === '' ? root : path.join(root, rel);
}

/** [mtime, size] of a path ([-1, -1] when absent; NaN, which never matches, when it cannot be read). */
function signature(abs: string): [number, number] {
  try {
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st) return [ABSENT, ABSENT];
    return [st.mtimeMs, st.isDirectory() ? 0 : st.size];
  } catch {
    return [Number.NaN, Number.NaN];
  }
}

/** Whether every folder and file recorded in `snap` is as it was (and the options are the same). */
export function snapshotHolds(snap: Snapshot, root: string, options: string): boolean {
  if (snap.options !== options) return false;
  for (const [rel, mtime] of snap.dirs) {
    let st;
    try {
      st = statSync(absolute(root, rel), { throwIfNoEntry: false });
    } catch {
      return false;
    }
    if (!st || !st.isDirectory() || st.mtimeMs !== mtime) return false;
  }
  for (const [rel, mtime, size] of snap.watch) {
    const [m, s] = signature(absolute(root, rel));
    if (m !== mtime || s !== size) return false;
  }
  return true;
}

/** Whether `value` has the shape of a Snapshot (it comes from a file that may be damaged). */
export function isSnapshot(value: unknown): value is Snapshot {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const rows = (x: unknown, n: number): boolean =>
    Array.isArray(x) && x.every((r) => Array.isArray(r) && r.length === n && typeof r[0] === 'string' && r.slice(1).every((k) => typeof k === 'number' || k === null));
  return typeof v.options === 'string' && rows(v.dirs, 2) && rows(v.watch, 3);
}

export interface SnapshotInput {
  root: string;
  options: string;
  /** Listed folders (absolute) and the mtimes taken before listing them. */
  dirs: ReadonlyMap<string, number>;
  /** The listings, when discovery ran in this build; otherwise `carried` names the paths. */
  listings: ReadonlyMap<string, FolderListing> | null;
  /** The watched paths (relative) of the snapshot that held, when the listings were not read. */
  carried: readonly string[] | null;
  /** Package roots the graph reached and workspace folders (each folder, its package.json and its node_modules are kept). */
  packageRoots: Iterable<string>;
  /**
   * Folders outside the listed ones that imports resolved into or pointed at (a gitignored folder,
   * a folder above the root, a sibling workspace package's): each is kept, present or not.
   */
  targets: Iterable<string>;
  /** Packages that unresolved imports name: kept in every node_modules folder kept (present or not). */
  missingPackages: Iterable<string>;
  /**
   * When the build started: a value written since then may have been read before or after the
   * change, so it is not trusted.
   */
  start: number;
  /** Folders this build changed itself just now (made the cache's folder in): kept however recent. */
  ours?: readonly string[];
  /** The snapshot that held for this build: a value it trusted, still the same, stays trusted. */
  previous?: Snapshot | null;
}

/** Takes the snapshot of a build that just listed (or reused) its folders and resolved its imports. */
export function takeSnapshot(input: SnapshotInput): Snapshot {
  const { root } = input;
  const paths = new Set<string>();
  // node_modules folders that exist (missing packages are looked for in each).
  const nodeModules: string[] = [];
  /** A node_modules folder, present or not; when present, its install markers and @scope folders too. */
  const addNm = (nm: string): void => {
    if (paths.has(nm)) return;
    paths.add(nm);
    let names: string[];
    try {
      names = readdirSync(nm);
    } catch {
      // absent (its own entry says so) or not a folder
      return;
    }
    nodeModules.push(nm);
    for (const marker of INSTALL_MARKERS) paths.add(path.join(nm, marker));
    for (const name of names) if (name.startsWith('@')) paths.add(path.join(nm, name));
  };
  if (input.listings) {
    for (const [dir, listing] of input.listings) {
      for (const name of listing.files) if (WATCHED_FILE.test(name)) paths.add(dir + path.sep + name);
      if (listing.other.has('node_modules')) addNm(dir + path.sep + 'node_modules');
    }
  } else {
    for (const rel of input.carried ?? []) {
      const abs = absolute(root, rel);
      if (path.basename(abs) === 'node_modules') addNm(abs);
      else paths.add(abs);
    }
  }
  // Every folder above a listed folder whose parent was not listed: above the root, and between
  // the root and the paths given.
  for (const up of foldersAbove(new Set(input.dirs.keys()))) {
    for (const name of ANCESTOR_NAMES) {
      const p = path.join(up, name);
      if (name === 'node_modules') addNm(p);
      else paths.add(p);
    }
  }
  for (const dir of input.packageRoots) {
    paths.add(dir);
    paths.add(path.join(dir, 'package.json'));
    addNm(path.join(dir, 'node_modules'));
  }
  for (const dir of input.targets) {
    if (input.dirs.has(dir)) continue;
    if (path.basename(dir) === 'node_modules') addNm(dir);
    else paths.add(dir);
  }
  const missing = [...new Set(input.missingPackages)];
  for (const nm of nodeModules) {
    for (const name of missing) {
      paths.add(path.join(nm, name));
      paths.add(path.join(nm, name, 'package.json'));
    }
  }
  // What each tsconfig extends by a relative path (a package's config lives in node_modules,
  // which the markers cover), followed down the chain.
  addExtended(paths);
  const now = input.start;
  // A time with milliseconds comes from a file system with sub-second times, where a change
  // shows once the clock has ticked (Linux stamps files from a clock that ticks every few ms).
  const ours = new Set(input.ours);
  const before = new Map<string, number>();
  for (const [rel, m] of input.previous?.dirs ?? []) before.set(rel, m);
  for (const [rel, m] of input.previous?.watch ?? []) before.set(rel, m);
  const trusted = (m: number, abs: string, rel: string): number =>
    ours.has(abs) || before.get(rel) === m || m < now - (m % 1000 === 0 ? RACY_MS : RACY_FINE_MS) ? m : UNTRUSTED;
  const dirs: [string, number][] = [];
  for (const [dir, mtime] of input.dirs) {
    const rel = relPath(root, dir);
    dirs.push([rel, trusted(mtime, dir, rel)]);
  }
  const watch: [string, number, number][] = [];
  for (const p of paths) {
    const [m, s] = signature(p);
    const rel = relPath(root, p);
    watch.push([rel, m === ABSENT ? m : trusted(m, p, rel), s]);
  }
  return { options: input.options, dirs, watch };
}

/** The folders above the listed ones that are not listed themselves, up to the file system's root. */
function foldersAbove(dirs: ReadonlySet<string>): Set<string> {
  const above = new Set<string>();
  for (const dir of dirs) {
    for (let up = path.dirname(dir); !dirs.has(up) && !above.has(up); up = path.dirname(up)) {
      above.add(up);
      if (path.dirname(up) === up) break;
    }
  }
  return above;
}

/** Adds to `files` what the tsconfig files among them extend, followed down the chain. */
function addExtended(files: Set<string>): void {
  const queue = [...files].filter((p) => TSCONFIG.test(p));
  for (let i = 0; i < queue.length && i < 1000; i++) {
    for (const target of extendsOf(queue[i])) {
      if (files.has(target)) continue;
      files.add(target);
      queue.push(target);
    }
  }
}

/** The files a tsconfig names in `extends` by a relative path (as TypeScript finds them: as written, or with .json). */
function extendsOf(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  // Every match, a commented-out one too: keeping a file too many costs a stat.
  const out: string[] = [];
  for (const m of text.matchAll(/"extends"\s*:\s*(\[[^\]]*\]|"(?:[^"\\]|\\.)*")/g)) {
    for (const s of m[1].match(/"(?:[^"\\]|\\.)*"/g) ?? []) {
      const spec = s.slice(1, -1);
      if (!spec.startsWith('.') && !path.isAbsolute(spec)) continue;
      const target = path.resolve(path.dirname(file), spec);
      out.push(target);
      if (!target.endsWith('.json')) out.push(`${target}.json`);
    }
  }
  return out;
}

/** What decides whether a non-relative specifier can resolve outside node_modules. */
export interface MappingFacts {
  /**
   * Some tsconfig has `paths` or `baseUrl`, some package.json `imports` or `workspaces`, or there is
   * a pnpm-workspace.yaml: a bare specifier may then resolve to project files, wherever they are.
   */
  mapped: boolean;
  /** The names of the project's own packages (a package may import itself by its name). */
  names: Set<string>;
}

const CONFIG_FILE = /^(?:package\.json|[tj]sconfig(?:\.[^/\\]*)?\.json|pnpm-workspace\.yaml)$/;

/**
 * Reads the project's configuration files (in the listed folders, or those a held snapshot kept,
 * above the listed folders, and what tsconfig files extend) for what MappingFacts says.
 */
export function mappingFacts(root: string, dirs: Iterable<string>, listings: ReadonlyMap<string, FolderListing> | null, carried: readonly string[] | null): MappingFacts {
  const files = new Set<string>();
  const dirSet = new Set(dirs);
  if (listings) {
    for (const [dir, listing] of listings) for (const name of listing.files) if (CONFIG_FILE.test(name)) files.add(dir + path.sep + name);
  }
  for (const rel of carried ?? []) if (CONFIG_FILE.test(path.basename(rel))) files.add(absolute(root, rel));
  for (const up of foldersAbove(dirSet)) for (const name of ['package.json', 'tsconfig.json', 'jsconfig.json', 'pnpm-workspace.yaml']) files.add(path.join(up, name));
  addExtended(files);
  const facts: MappingFacts = { mapped: false, names: new Set() };
  for (const file of files) {
    if (file.includes(NODE_MODULES_SEGMENT)) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const base = path.basename(file);
    if (base === 'pnpm-workspace.yaml') facts.mapped = true;
    else if (base === 'package.json') {
      if (/"(?:imports|workspaces)"\s*:/.test(text)) facts.mapped = true;
      const name = /"name"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
      if (name) facts.names.add(name[1]);
    } else if (/"(?:paths|baseUrl)"\s*:/.test(text)) facts.mapped = true;
  }
  return facts;
}
