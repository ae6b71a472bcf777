import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Ignore } from 'ignore';
import { InputError } from '../errors.js';
import { relPath } from './paths.js';
import { isNodeScript } from './script.js';

/** The source extensions perf-lint reads. */
export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'] as const;

export interface DiscoverOptions {
  /** Globs relative to root; default every source file. */
  include?: string[];
  /** Globs relative to root, applied after include. */
  exclude?: string[];
  /** The folder include and exclude are relative to, when not root (a config's folder, for a graph of one of its sub-folders). */
  globRoot?: string;
  /** Files or directories (absolute, or relative to root). Default: root itself. */
  paths?: string[];
  /**
   * Entry files (absolute) taken even without a source extension when they are Node scripts: a
   * CLI's `bin/name` (a `#!` line naming node, or none). Files with an extension follow the rules above.
   */
  scripts?: string[];
}

const SOURCE_SET: ReadonlySet<string> = new Set(SOURCE_EXTENSIONS);

/** True for a file name perf-lint parses (a source extension, not a declaration file). */
export function isSourceFile(file: string): boolean {
  const dot = file.lastIndexOf('.');
  // A name that is only an extension (`.ts`, a dotfile) has none, as for path.extname.
  const ext = dot <= 0 || file[dot - 1] === '/' || file[dot - 1] === path.sep ? '' : file.slice(dot);
  if (!SOURCE_SET.has(ext)) return false;
  // Only these can be declarations (a.d.ts, a.d.mts, a.d.cts, a.d.json.ts, ...).
  return !(ext === '.ts' || ext === '.mts' || ext === '.cts') || !isDeclarationFile(file);
}

function isDeclarationFile(file: string): boolean {
  return /\.d\.[mc]?ts$/.test(file) || /\.d\.[^/\\]+\.[mc]?ts$/.test(file);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** What one folder holds, as its walk saw it: regular files, and every other entry (folders, links, ...). */
export interface FolderListing {
  files: Set<string>;
  other: Set<string>;
}

/** The source files, and the complete listing of every folder the walk read (keyed by absolute path). */
export interface DiscoveredTree {
  files: string[];
  folders: Map<string, FolderListing>;
  /**
   * With `withMtimes`: each walked folder's mtime, taken just before it was listed (a listing is
   * then at least as new as its mtime; snapshot.ts compares them on the next cached run).
   */
  mtimes?: Map<string, number>;
}

/**
 * Lists the source files under root: the given paths (or root) filtered by include/exclude and
 * every .gitignore on the way (root and nested), never node_modules or .d.ts. Sorted absolute paths.
 */
export async function discoverFiles(root: string, opts: DiscoverOptions = {}): Promise<string[]> {
  return (await discoverTree(root, opts)).files;
}

/** discoverFiles, with the listings of the folders it walked (build.ts resolves relative imports from them). */
export async function discoverTree(root: string, opts: DiscoverOptions = {}, withMtimes = false): Promise<DiscoveredTree> {
  const absRoot = path.resolve(root);
  if (!existsSync(absRoot)) throw new InputError(root, 'project root does not exist');
  const { explicitFiles, dirs } = targetsOf(absRoot, opts);

  // The glob matcher loads only when globs are given (it is a tenth of a cached graph run's start).
  const picomatch = opts.include?.length || opts.exclude?.length ? (await import('picomatch')).default : null;
  const includeMatch = picomatch && opts.include && opts.include.length > 0 ? picomatch(opts.include, { dot: true }) : null;
  const excludeMatch = picomatch && opts.exclude && opts.exclude.length > 0 ? picomatch(opts.exclude, { dot: true }) : null;
  const filtered = includeMatch !== null || excludeMatch !== null;
  // Globs match paths relative to their folder; a file outside it (a path argument) matches by its absolute path.
  const globRoot = opts.globRoot ? path.resolve(opts.globRoot) : absRoot;
  const passesFilters = (rel: string): boolean =>
    (includeMatch === null || includeMatch(rel)) && (excludeMatch === null || !excludeMatch(rel));

  const result = new Set<string>();
  // A file named on the command line is taken as asked (if it is a source file), like eslint does
  // with explicit paths; directories are walked with .gitignore applied.
  for (const file of explicitFiles) {
    if (isSourceFile(file) && !file.split(path.sep).includes('node_modules')) result.add(file);
  }

  for (const file of scriptsWithin(opts.scripts, explicitFiles, dirs)) result.add(file);

  const folders = new Map<string, FolderListing>();
  const mtimes = withMtimes ? new Map<string, number>() : undefined;
  for (const dir of dirs) {
    const frames = ancestorIgnores(absRoot, dir);
    crawl(dir, frames, folders, mtimes, (abs) => {
      if (filtered) {
        const rel = relPath(globRoot, abs);
        if (!passesFilters(rel.startsWith('..') ? toPosix(abs) : rel)) return;
      }
      result.add(abs);
    });
  }
  return { files: [...result].sort(), folders, ...(mtimes ? { mtimes } : {}) };
}

/** The given paths (or the root), split into files and folders; an InputError for a path that does not exist. */
function targetsOf(absRoot: string, opts: DiscoverOptions): { explicitFiles: string[]; dirs: string[] } {
  const targets = (opts.paths && opts.paths.length > 0 ? opts.paths : [absRoot]).map((p) => path.resolve(absRoot, p));
  const explicitFiles: string[] = [];
  const dirs: string[] = [];
  for (const target of targets) {
    let isDir: boolean;
    try {
      isDir = statSync(target).isDirectory();
    } catch {
      throw new InputError(target, 'no such file or directory');
    }
    if (isDir) dirs.push(target);
    else explicitFiles.push(target);
  }
  return { explicitFiles, dirs };
}

/** The entry scripts without an extension that are Node scripts inside what is analysed (the root, or the paths given). */
function scriptsWithin(scripts: readonly string[] | undefined, explicitFiles: readonly string[], dirs: readonly string[]): string[] {
  const within = (file: string): boolean => explicitFiles.includes(file) || dirs.some((d) => !path.relative(d, file).startsWith('..'));
  return (scripts ?? []).filter((file) => path.extname(file) === '' && within(file) && !file.split(path.sep).includes('node_modules') && isNodeScript(file));
}

/**
 * What `opts.scripts` adds to the source files discoverTree finds (they have no source extension, so
 * no walk finds them). A cached build whose file list comes from the snapshot adds them again, so
 * the snapshot does not depend on the entries a command names.
 */
export function scriptFiles(root: string, opts: DiscoverOptions): string[] {
  if (!opts.scripts?.some((file) => path.extname(file) === '')) return [];
  const { explicitFiles, dirs } = targetsOf(path.resolve(root), opts);
  return scriptsWithin(opts.scripts, explicitFiles, dirs);
}

/** The top of the git work tree holding `dir` (a folder with `.git`), or null. */
function gitTop(dir: string): string | null {
  for (let cur = dir; ; ) {
    if (existsSync(path.join(cur, '.git'))) return cur;
    const parent = path.dirname(cur);
    if (parent === cur) return null;
    cur = parent;
  }
}

/** One .gitignore: its rules apply to paths below its folder. */
interface IgnoreFrame {
  dir: string;
  rules: Ignore;
}

const require = createRequire(import.meta.url);
let ignoreFactory: typeof import('ignore') | undefined;

function loadIgnore(dir: string): IgnoreFrame | null {
  const file = path.join(dir, '.gitignore');
  try {
    const text = readFileSync(file, 'utf8');
    // The .gitignore parser loads (synchronously, it is CommonJS) with the first .gitignore found.
    ignoreFactory ??= require('ignore') as typeof import('ignore');
    return { dir, rules: ignoreFactory().add(text) };
  } catch {
    return null;
  }
}

/**
 * The .gitignore files above a walked folder, from the git work tree top (or the project root when
 * it is not in a repository) down to the folder's parent, so a walk of a subfolder still honours them.
 */
function ancestorIgnores(projectRoot: string, dir: string): IgnoreFrame[] {
  const top = gitTop(projectRoot) ?? projectRoot;
  const rel = path.relative(top, dir);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return [];
  const frames: IgnoreFrame[] = [];
  let cur = top;
  for (const part of ['', ...rel.split(path.sep).filter(Boolean)]) {
    cur = part === '' ? cur : path.join(cur, part);
    if (cur === dir) break;
    const frame = existsSync(path.join(cur, '.gitignore')) ? loadIgnore(cur) : null;
    if (frame) frames.push(frame);
  }
  return frames;
}

/**
 * Git's precedence: the deepest .gitignore with a matching rule (ignore or `!` negation) decides.
 * `isDir`: the path is a folder (matched with a trailing slash, as `dist/` rules need).
 */
function ignored(frames: readonly IgnoreFrame[], abs: string, isDir: boolean): boolean {
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i];
    const rel = relPath(frame.dir, abs);
    const verdict = frame.rules.test(isDir ? `${rel}/` : rel);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

/**
 * Walks a folder with one readdir per folder, recording each folder's listing in `folders`. Source
 * files (not declarations) are passed to `visit`; node_modules, .git and ignored folders are not
 * entered (git cannot re-include a file below an ignored folder either); symbolic links are not
 * followed. Unreadable folders are skipped. A few times faster than a glob crawl, which matches
 * every path against the patterns.
 */
function crawl(dir: string, frames: readonly IgnoreFrame[], folders: Map<string, FolderListing>, mtimes: Map<string, number> | undefined, visit: (abs: string) => void): void {
  let entries: Dirent[];
  try {
    const mtime = mtimes ? statSync(dir).mtimeMs : 0;
    entries = readdirSync(dir, { withFileTypes: true });
    mtimes?.set(dir, mtime);
  } catch {
    // Unreadable: NaN never matches, so a snapshot with it never holds (it may become readable
    // without its mtime changing).
    mtimes?.set(dir, Number.NaN);
    return;
  }
  const listing: FolderListing = { files: new Set(), other: new Set() };
  folders.set(dir, listing);
  if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
    const frame = loadIgnore(dir);
    if (frame) frames = [...frames, frame];
  }
  for (const e of entries) {
    const name = e.name;
    if (e.isFile()) listing.files.add(name);
    else listing.other.add(name);
    if (e.isDirectory()) {
      if (name === 'node_modules' || name === '.git') continue;
      // readdir names never hold a separator and dir is normalized: concatenation is enough.
      const sub = dir + path.sep + name;
      if (frames.length > 0 && ignored(frames, sub, true)) continue;
      crawl(sub, frames, folders, mtimes, visit);
    } else if (e.isFile() && isSourceFile(name)) {
      const abs = dir + path.sep + name;
      if (frames.length > 0 && ignored(frames, abs, false)) continue;
      visit(abs);
    }
  }
}
