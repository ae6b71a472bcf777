import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fsReason } from '../errors.js';

/** The TypeScript settings that change what a fix may do. */
export interface TsSettings {
  emitDecoratorMetadata: boolean;
  verbatimModuleSyntax: boolean;
  esModuleInterop: boolean;
  experimentalDecorators: boolean;
  /** `module` as written (lower-cased), e.g. "nodenext", "commonjs", "esnext". */
  module: string | null;
  /** `jsx` as written (lower-cased): "react" (classic), "react-jsx" (automatic runtime), "preserve"... */
  jsx: string | null;
  /** The first name of `jsxFactory` (`preact` of "preact.h"), when set: what classic JSX calls. */
  jsxFactoryRoot: string | null;
  /** The first name of `jsxFragmentFactory` (`Fragment`), when set: what classic JSX calls for `<>`. */
  jsxFragmentRoot: string | null;
}

/** Strips comments and trailing commas (tsconfig is JSONC) without touching strings. */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i === -1) break;
      i++;
    } else out += ch;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

/** Why a tsconfig in the chain could not be read (the settings it holds are then unknown). */
export interface TsconfigProblem {
  file: string;
  message: string;
}

/** A tsconfig merged with what it extends, as TypeScript merges them. */
export interface TsconfigFile {
  file: string;
  compilerOptions: Record<string, unknown>;
  /** Folder the `typeRoots` entries are relative to (the tsconfig that set them). */
  typeRootsBase: string;
  /** `files` / `include` / `exclude` with the folder they are relative to (the tsconfig that set them). */
  files?: { base: string; list: string[] };
  include?: { base: string; list: string[] };
  exclude?: { base: string; list: string[] };
  /** The tsconfig files its `references` name (a folder means its tsconfig.json); not inherited. */
  references: string[];
}

type TsconfigJson = { extends?: unknown; compilerOptions?: Record<string, unknown>; files?: unknown; include?: unknown; exclude?: unknown; references?: unknown };

/** The strings of a JSON array (undefined when it is not one). */
export const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/**
 * Reads a tsconfig and what it extends; null when the file is not there or cannot be read. What
 * keeps a file of the chain from being read goes to `problems`.
 */
export function readConfig(file: string, seen = new Set<string>(), problems?: TsconfigProblem[]): TsconfigFile | null {
  if (seen.has(file) || !existsSync(file)) return null;
  seen.add(file);
  let json: TsconfigJson;
  try {
    json = parseJsonc(readFileSync(file, 'utf8')) as TsconfigJson;
  } catch (err) {
    problems?.push({ file, message: `cannot be read (${err instanceof SyntaxError ? `not valid JSON: ${err.message}` : fsReason(err)})` });
    return null;
  }
  if (json === null || typeof json !== 'object') {
    problems?.push({ file, message: 'cannot be read (not a JSON object)' });
    return null;
  }
  const dir = path.dirname(file);
  // Later entries of `extends` win over earlier ones.
  let base = null as TsconfigFile | null;
  for (const ext of typeof json.extends === 'string' ? [json.extends] : (strings(json.extends) ?? [])) {
    const target = extendsTarget(file, ext);
    if (target === null) {
      problems?.push({ file, message: `extends '${ext}', which is not there` });
      continue;
    }
    const parent = readConfig(target, seen, problems);
    if (!parent) continue;
    const prev: TsconfigFile | null = base;
    base = prev === null ? parent : { ...parent, compilerOptions: { ...prev.compilerOptions, ...parent.compilerOptions }, typeRootsBase: 'typeRoots' in parent.compilerOptions ? parent.typeRootsBase : prev.typeRootsBase };
  }
  const own = json.compilerOptions && typeof json.compilerOptions === 'object' ? json.compilerOptions : {};
  const list = (key: 'files' | 'include' | 'exclude'): { base: string; list: string[] } | undefined => {
    const v = strings(json[key]);
    return v ? { base: dir, list: v } : base?.[key];
  };
  const references: string[] = [];
  for (const r of Array.isArray(json.references) ? (json.references as unknown[]) : []) {
    const ref = r && typeof r === 'object' ? (r as { path?: unknown }).path : undefined;
    if (typeof ref !== 'string') continue;
    const target = path.resolve(dir, ref);
    references.push(isDirectory(target) ? path.join(target, 'tsconfig.json') : target);
  }
  return {
    file,
    compilerOptions: { ...base?.compilerOptions, ...own },
    typeRootsBase: 'typeRoots' in own ? dir : (base?.typeRootsBase ?? dir),
    files: list('files'),
    include: list('include'),
    exclude: list('exclude'),
    references,
  };
}

/** The compilerOptions of a tsconfig and what it extends ({} when there is none). */
function readChain(file: string, seen = new Set<string>(), problems?: TsconfigProblem[]): Record<string, unknown> {
  return readConfig(file, seen, problems)?.compilerOptions ?? {};
}

/** The file an `extends` names: a path (with or without .json) or a package's file, or null when none exists. */
function extendsTarget(from: string, ext: string): string | null {
  const dir = path.dirname(from);
  const candidates: string[] = [];
  if (ext.startsWith('.') || path.isAbsolute(ext)) {
    const rel = path.resolve(dir, ext);
    candidates.push(rel, `${rel}.json`);
  } else {
    // A package's tsconfig, from any node_modules above (as TypeScript looks it up): the file named,
    // or what the package's `exports` map it to, or its `tsconfig` field, or its tsconfig.json.
    const name = ext.startsWith('@') ? ext.split('/').slice(0, 2).join('/') : ext.split('/')[0];
    const sub = ext.slice(name.length);
    for (let cur = dir; ; cur = path.dirname(cur)) {
      const pkgDir = path.join(cur, 'node_modules', name);
      if (existsSync(pkgDir)) {
        const rel = path.join(pkgDir, sub);
        candidates.push(...packageMapped(pkgDir, sub), rel, `${rel}.json`, path.join(rel, 'tsconfig.json'));
      }
      if (path.dirname(cur) === cur) break;
    }
  }
  return candidates.find((c) => existsSync(c) && !isDirectory(c)) ?? null;
}

/** The files a package's package.json maps `sub` (`/base`, or '' for the package itself) to. */
function packageMapped(pkgDir: string, sub: string): string[] {
  let json: { exports?: unknown; tsconfig?: unknown };
  try {
    json = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as typeof json;
  } catch {
    return [];
  }
  const out: string[] = [];
  if (sub === '' && typeof json.tsconfig === 'string') out.push(path.join(pkgDir, json.tsconfig));
  const exp = json.exports;
  const key = `.${sub}`;
  let target: unknown = typeof exp === 'string' && key === '.' ? exp : exp && typeof exp === 'object' ? ((exp as Record<string, unknown>)[key] ?? (exp as Record<string, unknown>)[`${key}.json`]) : undefined;
  // A conditions object: TypeScript reads `types`, `require`, `import` and `default`; any of them will do here.
  while (target && typeof target === 'object' && !Array.isArray(target)) {
    const t = target as Record<string, unknown>;
    target = t.types ?? t.require ?? t.import ?? t.default;
  }
  if (typeof target === 'string') out.push(path.join(pkgDir, target));
  return out;
}

export function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * What keeps the project's tsconfig chain (tsconfig.json, what it extends, and the projects it
 * references with what they extend) from being read: a file that is not JSON, an `extends` or a
 * reference that names no file. Its settings are then unknown to
 * perf-lint (analyze reports these as input problems, and --fix does not write).
 */
export function tsconfigProblems(root: string): TsconfigProblem[] {
  const problems: TsconfigProblem[] = [];
  const file = path.join(root, 'tsconfig.json');
  readChain(file, new Set(), problems);
  // The projects a solution tsconfig references hold the settings (see readTsSettings).
  for (const ref of readConfig(file)?.references ?? []) {
    if (existsSync(ref)) readChain(ref, new Set(), problems);
    else problems.push({ file, message: `references '${path.relative(path.dirname(file), ref).split(path.sep).join('/')}', which is not there` });
  }
  return problems;
}

/**
 * The project's TypeScript settings, from tsconfig.json and what it extends. A solution tsconfig
 * (`references`, as Vite's tsconfig.json over tsconfig.app.json and tsconfig.node.json) holds few
 * options itself: emitDecoratorMetadata, experimentalDecorators and verbatimModuleSyntax are then
 * on when any referenced project turns them on. That is the safe side for what a fix may write (a
 * type kept a value for decorator metadata, `import type` where imports are kept verbatim).
 */
export function readTsSettings(root: string): TsSettings {
  const file = path.join(root, 'tsconfig.json');
  return settingsFrom(readChain(file), (readConfig(file)?.references ?? []).map((ref) => readChain(ref)));
}

/**
 * TypeScript settings per file: those of the tsconfig that owns it (owningTsconfig), so a
 * monorepo package with emitDecoratorMetadata or verbatimModuleSyntax in its own tsconfig is
 * read with them; the project's (readTsSettings) for a file the root tsconfig owns or no tsconfig
 * does. Each tsconfig is read once.
 */
export function tsSettingsResolver(root: string): (file: string) => TsSettings {
  const absRoot = path.resolve(root);
  const project = readTsSettings(absRoot);
  const rootConfig = path.join(absRoot, 'tsconfig.json');
  const memo: TsconfigMemo = { configs: new Map(), nearest: new Map() };
  const byConfig = new Map<string, TsSettings>();
  const byFile = new Map<string, TsSettings>();
  return (file) => {
    let known = byFile.get(file);
    if (known === undefined) byFile.set(file, (known = settingsOf(file)));
    return known;
  };
  function settingsOf(file: string): TsSettings {
    const owner = owningTsconfig(path.resolve(absRoot, file), absRoot, memo);
    if (!owner || owner.file === rootConfig) return project;
    let s = byConfig.get(owner.file);
    if (!s) {
      // A solution tsconfig that takes the file itself: with its references' flags, as readTsSettings.
      const refs = owner.references.map((ref) => {
        if (!memo.configs.has(ref)) memo.configs.set(ref, readConfig(ref));
        return memo.configs.get(ref)?.compilerOptions ?? {};
      });
      byConfig.set(owner.file, (s = settingsFrom(owner.compilerOptions, refs)));
    }
    return s;
  }
}

/** TsSettings from merged compilerOptions; the decorator and verbatim flags also from `refs` (see readTsSettings). */
function settingsFrom(o: Record<string, unknown>, refs: Record<string, unknown>[] = []): TsSettings {
  const any = (key: string): boolean => o[key] === true || refs.some((r) => r[key] === true);
  const mod = typeof o.module === 'string' ? o.module.toLowerCase() : null;
  return {
    emitDecoratorMetadata: any('emitDecoratorMetadata'),
    verbatimModuleSyntax: any('verbatimModuleSyntax'),
    // tsc turns esModuleInterop on by default for module node16/nodenext/preserve.
    esModuleInterop: o.esModuleInterop === true || (o.esModuleInterop === undefined && (mod === 'node16' || mod === 'nodenext' || mod === 'preserve')),
    experimentalDecorators: any('experimentalDecorators'),
    module: mod,
    jsx: typeof o.jsx === 'string' ? o.jsx.toLowerCase() : null,
    jsxFactoryRoot: typeof o.jsxFactory === 'string' ? (o.jsxFactory.split('.')[0] ?? null) : null,
    jsxFragmentRoot: typeof o.jsxFragmentFactory === 'string' ? (o.jsxFragmentFactory.split('.')[0] ?? null) : null,
  };
}

const req = createRequire(import.meta.url);
type Matcher = (s: string) => boolean;
let picomatch: ((glob: string, opts?: object) => Matcher) | undefined;
const matchers = new Map<string, Matcher>();

/** Whether TypeScript's `files`/`include`/`exclude` take `file` (default include: everything). */
function takes(config: TsconfigFile, file: string): boolean {
  const rel = (base: string) => path.relative(base, file).split(path.sep).join('/');
  if (config.files?.list.some((f) => path.resolve(config.files!.base, f) === file)) return true;
  const include = config.include ?? (config.files ? null : { base: path.dirname(config.file), list: ['**/*'] });
  if (!include || !include.list.some((spec) => specTakes(spec, rel(include.base)))) return false;
  return !config.exclude?.list.some((spec) => specTakes(spec, rel(config.exclude!.base)));
}

/** One include/exclude spec against a path relative to its base: a folder takes what is below it. */
function specTakes(spec: string, rel: string): boolean {
  if (rel.startsWith('../')) return false;
  const s = spec.replace(/^\.\//, '').replace(/\/+$/, '');
  if (s === '' || s === '.') return true;
  if (!/[*?]/.test(s)) return rel === s || rel.startsWith(`${s}/`);
  // A pattern whose last part has no extension stands for the files below it, as in TypeScript.
  const last = s.split('/').at(-1) ?? '';
  return matcher(s)(rel) || (!last.includes('.') && matcher(`${s}/**/*`)(rel));
}

function matcher(glob: string): Matcher {
  let m = matchers.get(glob);
  if (!m) {
    picomatch ??= req('picomatch') as (glob: string, opts?: object) => Matcher;
    m = picomatch(glob, { dot: false });
    matchers.set(glob, m);
  }
  return m;
}

/** Memo of the files a resolver reads: tsconfigs by path, the nearest tsconfig.json by folder. */
export interface TsconfigMemo {
  configs: Map<string, TsconfigFile | null>;
  nearest: Map<string, string | null>;
}

/**
 * The tsconfig that owns `file`, as an editor finds it: the nearest tsconfig.json above the file
 * (up to `root`); when that one is a solution (its `references` list projects and its own files do
 * not take this one, as Vite's tsconfig.app.json / tsconfig.node.json split), the referenced
 * project whose `files`/`include` take the file. Null when there is none.
 */
export function owningTsconfig(file: string, root: string, memo: TsconfigMemo = { configs: new Map(), nearest: new Map() }): TsconfigFile | null {
  const read = (f: string): TsconfigFile | null => {
    if (!memo.configs.has(f)) memo.configs.set(f, readConfig(f));
    return memo.configs.get(f) ?? null;
  };
  const nearest = (dir: string): string | null => {
    let found = memo.nearest.get(dir);
    if (found === undefined) {
      const candidate = path.join(dir, 'tsconfig.json');
      const parent = path.dirname(dir);
      found = existsSync(candidate) ? candidate : dir === root || parent === dir || !dir.startsWith(root) ? null : nearest(parent);
      memo.nearest.set(dir, found);
    }
    return found;
  };
  const at = nearest(path.dirname(file));
  const config = at ? read(at) : null;
  if (!config) return null;
  const viaReferences = (c: TsconfigFile, depth: number): TsconfigFile | null => {
    if (takes(c, file)) return c;
    if (depth > 3) return null;
    for (const ref of c.references) {
      const child = read(ref);
      const found = child ? viaReferences(child, depth + 1) : null;
      if (found) return found;
    }
    return null;
  };
  return config.references.length > 0 ? (viaReferences(config, 0) ?? config) : config;
}

/**
 * The source of a build output the project's tsconfig emits (dist/cli.js -> src/cli.ts, or
 * src/cli.js under `allowJs`, through `outDir` and `rootDir`), or null when `file` is not under `outDir` or no
 * such source exists. The inverse of runnableEntry.
 */
export function sourceOfOutput(root: string, file: string): string | null {
  const ext = /\.(c|m)?js$/.exec(file);
  if (!ext) return null;
  const o = readChain(path.join(root, 'tsconfig.json'));
  if (typeof o.outDir !== 'string') return null;
  const rel = path.relative(path.resolve(root, o.outDir), file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const rootDirs = typeof o.rootDir === 'string' ? [path.resolve(root, o.rootDir)] : [path.join(root, 'src'), root];
  const exts = ext[1] === 'm' ? ['.mts'] : ext[1] === 'c' ? ['.cts'] : ['.ts', '.tsx'];
  // With allowJs, tsc also compiles JavaScript sources into outDir.
  if (o.allowJs === true) exts.push(...(ext[1] === 'm' ? ['.mjs'] : ext[1] === 'c' ? ['.cjs'] : ['.js', '.jsx']));
  const base = rel.slice(0, -ext[0].length);
  for (const dir of rootDirs) {
    for (const e of exts) {
      const f = path.join(dir, base + e);
      if (existsSync(f)) return f;
    }
  }
  return null;
}

/**
 * The file Node runs for an entry: a TypeScript source (or a JavaScript one under `allowJs`) maps
 * to its compiled output through the tsconfig `rootDir`/`outDir` (src/cli.ts -> dist/cli.js);
 * anything else is returned as is.
 */
export function runnableEntry(root: string, entry: string): string {
  const ts = /\.(c|m)?tsx?$/.test(entry) && !entry.endsWith('.d.ts');
  if (!ts && !/\.(c|m)?jsx?$/.test(entry)) return entry;
  const o = readChain(path.join(root, 'tsconfig.json'));
  // A JavaScript source runs from outDir only when tsc compiles it there (allowJs).
  if (typeof o.outDir !== 'string' || (!ts && o.allowJs !== true)) return entry;
  const outDir = path.resolve(root, o.outDir);
  const inOut = path.relative(outDir, entry);
  if (!inOut.startsWith('..') && !path.isAbsolute(inOut)) return entry; // already an output
  // Without rootDir, tsc uses the common folder of the inputs: usually src/ or the root.
  const rootDirs = typeof o.rootDir === 'string' ? [path.resolve(root, o.rootDir)] : [path.join(root, 'src'), root];
  const mapped = rootDirs
    .map((dir) => path.relative(dir, entry))
    .filter((rel) => !rel.startsWith('..'))
    .map((rel) => path.join(outDir, rel).replace(/\.(c|m)?[jt]sx?$/, (_m, k: string | undefined) => (k ? `.${k}js` : '.js')));
  const built = mapped.find((f) => existsSync(f));
  // A JavaScript source without its output runs as it is; a TypeScript one has to be built.
  return built ?? (ts ? (mapped[0] ?? entry) : entry);
}
