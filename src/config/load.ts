import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, InputError } from '../errors.js';
import { launchedScripts } from '../graph/launch.js';
import { isNodeScript } from '../graph/script.js';
import { sourceOfOutput } from './tsconfig.js';
import type { ResolvedConfig, UserConfig } from './types.js';
import { validateConfig } from './validate.js';

/** Where a config may live, in search order (the first found wins). */
export const CONFIG_FILES = [
  'package.json',
  '.perf-lintrc',
  '.perf-lintrc.json',
  'perf-lint.config.js',
  'perf-lint.config.mjs',
  'perf-lint.config.cjs',
  'perf-lint.config.json',
] as const;

export const DEFAULT_BUDGETS = { importMs: 200, rssMb: 100, modules: Number.POSITIVE_INFINITY } as const;

interface Found {
  config: unknown;
  filepath: string;
}

/**
 * False when cosmiconfig's search from `from` cannot find a config: none of CONFIG_FILES but
 * package.json in the folders it looks in (up to the first with a package.json or package.yaml),
 * no package.json there naming perf-lint, and nothing in the working directory that configures
 * cosmiconfig itself (a package.json naming it, a `.config` folder). On the safe side: true
 * whenever a file might count. Loading cosmiconfig and searching take tens of ms that a project
 * without a config should not pay (knip and eslint look for their config files directly too).
 */
function mayFindConfig(cwd: string, from: string): boolean {
  // Each file read once (the working directory's package.json is usually the project's).
  const texts = new Map<string, string | null>();
  const textOf = (file: string): string | null => {
    if (!texts.has(file)) {
      try {
        texts.set(file, readFileSync(file, 'utf8'));
      } catch (err) {
        // Unreadable counts as a file that may matter: cosmiconfig decides.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        texts.set(file, null);
      }
    }
    return texts.get(file) ?? null;
  };
  const mentions = (file: string, word: string): boolean => {
    try {
      return textOf(file)?.includes(word) ?? false;
    } catch {
      return true;
    }
  };
  // cosmiconfig reads its own options in the process's working directory.
  for (const dir of new Set([process.cwd(), cwd])) {
    if (existsSync(path.join(dir, '.config')) || mentions(path.join(dir, 'package.json'), 'cosmiconfig') || mentions(path.join(dir, 'package.yaml'), 'cosmiconfig')) return true;
  }
  for (let dir = from; ; ) {
    if (CONFIG_FILES.some((name) => name !== 'package.json' && existsSync(path.join(dir, name)))) return true;
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      let text: string | null;
      try {
        text = textOf(pkg);
        // One that does not parse: cosmiconfig reports it.
        JSON.parse(text ?? '');
      } catch {
        return true;
      }
      return (text ?? '').includes('perf-lint');
    }
    if (existsSync(path.join(dir, 'package.yaml'))) return false;
    const parent = path.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

async function search(cwd: string, from: string, explicit?: string): Promise<Found | null> {
  if (!explicit && !mayFindConfig(cwd, from)) return null;
  // cosmiconfig is only needed when there is a config to find: load it here, not at startup.
  const { cosmiconfig } = await import('cosmiconfig');
  try {
    // Inside the try: creating the explorer already reads package.json (cosmiconfig's own options).
    const explorer = cosmiconfig('perf-lint', { searchPlaces: [...CONFIG_FILES], searchStrategy: 'project', cache: false });
    if (explicit) {
      if (!existsSync(explicit)) throw new ConfigError(explicit, 'config file not found');
      const r = await explorer.load(explicit);
      if (!r || r.isEmpty) throw new ConfigError(explicit, 'config file is empty');
      return { config: r.config, filepath: r.filepath };
    }
    const r = await explorer.search(from);
    return r ? { config: r.config, filepath: r.filepath } : null;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const e = err as Error & { filepath?: string; mark?: { line: number } };
    const where = e.filepath ?? explicit ?? from;
    // A JS config with a syntax error surfaces from cosmiconfig's require-then-import loader as an
    // unrelated require(esm) message: parse it to name the real reason and place.
    const syntax = /\.(c|m)?js$/.test(where) ? await jsSyntaxError(where) : null;
    if (syntax) throw new ConfigError(path.relative(cwd, where) || where, `cannot load config: ${syntax}`);
    throw new ConfigError(path.relative(cwd, where) || where, `cannot load config: ${loadReason(e.message || String(err), where)}`);
  }
}

/**
 * The reason in a loader's message. cosmiconfig puts "JSON Error in <file>:" and a code frame
 * around JSON.parse's own words; those words are kept, with the offset as line:column.
 */
function loadReason(message: string, file: string): string {
  const frame = /^(>\s*)?\d+\s*\||^\|/;
  // The code frame is coloured when the terminal (or FORCE_COLOR) says colours are supported.
  const plain = message.replace(/\u001b\[[0-9;]*m/g, '');
  const lines = plain.split('\n').map((l) => l.trim()).filter((l) => l && !/^(JSON|YAML) Error in /.test(l) && !frame.test(l));
  let reason = (lines[0] ?? 'unreadable').replace(/ while parsing .*$/, '');
  const at = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec(reason);
  if (at) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // gone: keep the offset as it is
    }
    if (text) {
      reason = reason.replace(at[0], ` at ${lineColumn(text, Number(at[1]))}`);
    }
  }
  return reason;
}

/** "line:column" (1-based) of an offset in a text. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** "syntax error at line:column: reason" for a JS file that does not parse, else null. */
async function jsSyntaxError(file: string): Promise<string | null> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const { parseSync } = await import('oxc-parser');
  const first = parseSync(file, source).errors[0];
  if (!first) return null;
  const at = first.labels[0]?.start ?? 0;
  return `syntax error at ${lineColumn(source, at)}: ${first.message}`;
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * Maps a build output path (dist/x.js) back to a source file: through the tsconfig's `outDir` and
 * `rootDir` whether or not the output was built (perf-lint reads the sources; a built dist/ is
 * usually git-ignored, and an entry outside the analysed files has no startup set), else by folder
 * names (dist, lib, build, out -> src) when the output does not exist.
 */
function toSource(root: string, rel: string): string | null {
  const abs = path.resolve(root, rel);
  const built = sourceOfOutput(root, abs);
  if (built) return built;
  if (existsSync(abs) && statSync(abs).isFile()) return abs;
  const noExt = rel.replace(/\.(c|m)?js$/, '');
  const candidates = [noExt, noExt.replace(/^(\.\/)?(dist|lib|build|out)\//, 'src/')];
  for (const c of candidates) {
    for (const ext of ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs']) {
      const f = path.resolve(root, c + ext);
      if (existsSync(f)) return f;
    }
  }
  return null;
}

/** Entry files from package.json `bin`, `main` and `exports` (first the ones that exist or map to sources). */
export function detectEntries(root: string): string[] {
  const pkg = readJson(path.join(root, 'package.json'));
  const rels: string[] = [];
  if (pkg) {
    const { bin, main, exports } = pkg;
    if (typeof bin === 'string') rels.push(bin);
    else if (bin && typeof bin === 'object') rels.push(...Object.values(bin).filter((v): v is string => typeof v === 'string'));
    if (typeof main === 'string') rels.push(main);
    const walk = (e: unknown): void => {
      if (typeof e === 'string') rels.push(e);
      else if (e && typeof e === 'object') for (const [k, v] of Object.entries(e)) if (k !== 'types' && !k.endsWith('.json')) walk(v);
    };
    walk(exports);
  }
  if (rels.length === 0) rels.push('index.js', 'src/index.ts', 'src/index.js', 'src/main.ts', 'index.ts');
  const out = new Set<string>();
  for (const r of rels) {
    if (r.includes('*')) continue;
    const f = toSource(root, r);
    // A `bin` that is a shell script (or any non-Node program) is not a Node entry.
    if (f && !f.endsWith('.d.ts') && !f.endsWith('.json') && (path.extname(f) !== '' || isNodeScript(f))) out.add(f);
  }
  // What an entry starts in a child process or worker (a bin that forks its CLI) starts a program
  // of its own: an entry too, one level deep.
  for (const f of [...out]) {
    for (const launched of launchedScripts(f)) {
      const rel = path.relative(root, launched);
      const src = rel.startsWith('..') || path.isAbsolute(rel) ? null : toSource(root, rel);
      if (src && !src.endsWith('.d.ts')) out.add(src);
    }
  }
  return [...out];
}

/** The config file found for a project folder (or given), validated: its folder, its path and what it says. */
export async function findUserConfig(opts: { cwd?: string; root?: string; configFile?: string } = {}): Promise<{ root: string; configFile: string | null; user: UserConfig }> {
  const cwd = opts.cwd ?? process.cwd();
  const startDir = path.resolve(cwd, opts.root ?? '.');
  if (!existsSync(startDir)) throw new InputError(path.relative(cwd, startDir) || startDir, 'no such file or directory');
  const explicit = opts.configFile ? path.resolve(cwd, opts.configFile) : undefined;
  const found = await search(cwd, statSync(startDir).isDirectory() ? startDir : path.dirname(startDir), explicit);
  let user: UserConfig = {};
  if (found) {
    const problem = validateConfig(found.config);
    if (problem) throw new ConfigError(display(cwd, found.filepath), problem.path === '(root)' ? problem.message : `"${problem.path}": ${problem.message}`);
    user = found.config as UserConfig;
  }
  const root = found ? path.dirname(found.filepath) : statSync(startDir).isDirectory() ? startDir : path.dirname(startDir);
  return { root, configFile: found?.filepath ?? null, user };
}

function display(cwd: string, file: string): string {
  return path.relative(cwd, file) || path.basename(file);
}

/** Finds, validates and resolves the config for a project folder. */
export async function loadConfig(opts: { cwd?: string; root?: string; configFile?: string } = {}): Promise<ResolvedConfig> {
  const cwd = opts.cwd ?? process.cwd();
  const { root, configFile, user } = await findUserConfig(opts);
  const entries = user.entries ? user.entries.map((e) => path.resolve(root, e)) : detectEntries(root);
  if (user.entries) {
    for (const e of entries) if (!existsSync(e)) throw new ConfigError(display(cwd, configFile as string), `"entries": ${JSON.stringify(path.relative(root, e))} does not exist`);
  }
  return {
    root,
    configFile,
    entries,
    include: user.include ?? [],
    exclude: user.exclude ?? [],
    heavy: user.heavy ?? [],
    eager: user.eager ?? [],
    preset: user.extends ?? 'recommended',
    rules: user.rules ?? {},
    budgets: { ...DEFAULT_BUDGETS, ...user.budgets },
    cache: user.cache ?? [],
    build: user.build ?? null,
    verify: user.verify ?? null,
    measure: { runs: user.measure?.runs ?? 10, maxRegression: user.measure?.maxRegression ?? 20, args: user.measure?.args ?? [] },
  };
}
