import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { glob } from 'tinyglobby';
import picomatch from 'picomatch';
import { InputError } from '../errors.js';


/** The source extensions perf-lint reads. */
export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'] as const;

const SOURCE_GLOB = '**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}';
// Pruned while crawling: dependencies are resolved, never read as project sources.
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

export interface DiscoverOptions {
  /** Globs relative to root; default every source file. */
  include?: string[];
  /** Globs relative to root, applied after include. */
  exclude?: string[];
  /** Files or directories (absolute, or relative to root). Default: root itself. */
  paths?: string[];
}

/** True for a file name perf-lint parses (a source extension, not a declaration file). */
export function isSourceFile(file: string): boolean {
  if (isDeclarationFile(file)) return false;
  return (SOURCE_EXTENSIONS as readonly string[]).includes(path.extname(file));
}

function isDeclarationFile(file: string): boolean {
  return /\.d\.[mc]?ts$/.test(file) || /\.d\.[^/\\]+\.[mc]?ts$/.test(file);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Lists the source files under root: the given paths (or root) filtered by include/exclude and
 * every .gitignore on the way (root and nested), never node_modules or .d.ts. Sorted absolute paths.
 */
export async function discoverFiles(root: string, opts: DiscoverOptions = {}): Promise<string[]> {
  const absRoot = path.resolve(root);
  if (!existsSync(absRoot)) throw new InputError(root, 'project root does not exist');
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

  const includeMatch = opts.include && opts.include.length > 0 ? picomatch(opts.include, { dot: true }) : null;
  const excludeMatch = opts.exclude && opts.exclude.length > 0 ? picomatch(opts.exclude, { dot: true }) : null;
  const passesFilters = (rel: string): boolean =>
    (includeMatch === null || includeMatch(rel)) && (excludeMatch === null || !excludeMatch(rel));

  const result = new Set<string>();
  // A file named on the command line is taken as asked (if it is a source file), like eslint does
  // with explicit paths; directories are walked with .gitignore applied.
  for (const file of explicitFiles) {
    if (isSourceFile(file) && !file.split(path.sep).includes('node_modules')) result.add(file);
  }

  for (const dir of dirs) {
    // One crawl collects both the sources and the .gitignore files that filter them.
    const found = await glob([SOURCE_GLOB, '**/.gitignore'], {
      cwd: dir,
      absolute: true,
      dot: true,
      ignore: ALWAYS_IGNORED,
      followSymbolicLinks: false,
    });
    const gitignores = new GitignoreSet(absRoot);
    gitignores.loadAncestors(dir);
    const sources: string[] = [];
    for (const f of found) {
      const abs = path.normalize(f);
      if (path.basename(abs) === '.gitignore') gitignores.load(path.dirname(abs));
      else sources.push(abs);
    }
    for (const abs of sources) {
      if (!isSourceFile(abs)) continue;
      const rel = toPosix(path.relative(absRoot, abs));
      if (!passesFilters(rel.startsWith('..') ? toPosix(abs) : rel)) continue;
      if (gitignores.ignores(abs)) continue;
      result.add(abs);
    }
  }
  return [...result].sort();
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

/** The .gitignore files of a tree; each applies to paths below its own directory. */
class GitignoreSet {
  private readonly byDir = new Map<string, Ignore>();
  /** Where the .gitignore chain starts: the git top when the project sits inside a repository, else the root. */
  private readonly root: string;
  constructor(projectRoot: string) {
    this.root = gitTop(projectRoot) ?? projectRoot;
  }

  /** Loads .gitignore files from the top down to (excluding) dir, so a walk of a subfolder still honours them. */
  loadAncestors(dir: string): void {
    const rel = path.relative(this.root, dir);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return;
    let cur = this.root;
    this.load(cur);
    for (const part of rel.split(path.sep).filter(Boolean)) {
      cur = path.join(cur, part);
      if (cur !== dir) this.load(cur);
    }
  }

  load(dir: string): void {
    if (this.byDir.has(dir)) return;
    const file = path.join(dir, '.gitignore');
    if (!existsSync(file)) return;
    this.byDir.set(dir, ignore().add(readFileSync(file, 'utf8')));
  }

  /** Git's precedence: the deepest .gitignore with a matching rule (ignore or `!` negation) decides. */
  ignores(abs: string): boolean {
    let dir = path.dirname(abs);
    for (;;) {
      const ig = this.byDir.get(dir);
      if (ig) {
        const verdict = ig.test(toPosix(path.relative(dir, abs)));
        if (verdict.ignored) return true;
        if (verdict.unignored) return false;
      }
      if (dir === this.root) break;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return false;
  }
}
