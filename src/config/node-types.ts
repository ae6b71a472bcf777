import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { extendsTarget, parseJsonc } from './tsconfig.js';

/**
 * Whether TypeScript type-checks a file with Node's types (`@types/node`): what a lazy `require()`
 * or `createRequire` from 'node:module' written into a TypeScript file needs (TS2591, TS2307
 * otherwise). Answered from the tsconfig that owns the file, as an editor finds it: the nearest
 * tsconfig.json above the file; when that one is a solution (its `references` list projects and
 * its own files do not take this one, as Vite's tsconfig.app.json / tsconfig.node.json split), the
 * referenced project whose `files`/`include` take the file. Then Node's types are there when
 * `compilerOptions.types` is unset or names `node`, and `@types/node` is found in `typeRoots` or
 * in a node_modules/@types above the tsconfig.
 */
export interface NodeTypes {
  ok: boolean;
  /** Why not, naming the tsconfig when one decides it. */
  reason?: string;
}

interface Config {
  file: string;
  compilerOptions: Record<string, unknown>;
  /** Folder the `typeRoots` entries are relative to (the tsconfig that set them). */
  typeRootsBase: string;
  /** `files` / `include` / `exclude` with the folder they are relative to (the tsconfig that set them). */
  files?: { base: string; list: string[] };
  include?: { base: string; list: string[] };
  exclude?: { base: string; list: string[] };
  references: string[];
}

type Json = { extends?: unknown; compilerOptions?: Record<string, unknown>; files?: unknown; include?: unknown; exclude?: unknown; references?: unknown };

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/** A tsconfig and what it extends, merged as TypeScript merges them; null when it cannot be read. */
function readConfig(file: string, seen = new Set<string>()): Config | null {
  if (seen.has(file) || !existsSync(file)) return null;
  seen.add(file);
  let json: Json;
  try {
    json = parseJsonc(readFileSync(file, 'utf8')) as Json;
  } catch {
    return null;
  }
  if (json === null || typeof json !== 'object') return null;
  const dir = path.dirname(file);
  const parents = typeof json.extends === 'string' ? [json.extends] : (strings(json.extends) ?? []);
  let base = null as Config | null;
  for (const ext of parents) {
    const target = extendsTarget(file, ext);
    const parent = target ? readConfig(target, seen) : null;
    if (!parent) continue;
    // Later entries of `extends` win over earlier ones.
    const prev: Config | null = base;
    base = prev === null ? parent : { ...parent, compilerOptions: { ...prev.compilerOptions, ...parent.compilerOptions }, typeRootsBase: 'typeRoots' in parent.compilerOptions ? parent.typeRootsBase : prev.typeRootsBase };
  }
  const own = json.compilerOptions ?? {};
  const list = (key: 'files' | 'include' | 'exclude') => {
    const v = strings(json[key]);
    return v ? { base: dir, list: v } : base?.[key];
  };
  return {
    file,
    compilerOptions: { ...base?.compilerOptions, ...own },
    typeRootsBase: 'typeRoots' in own ? dir : (base?.typeRootsBase ?? dir),
    files: list('files'),
    include: list('include'),
    exclude: list('exclude'),
    // References are not inherited.
    references: Array.isArray(json.references)
      ? json.references.map((r: unknown) => (r && typeof r === 'object' && typeof (r as { path?: unknown }).path === 'string' ? (r as { path: string }).path : null)).filter((p): p is string => p !== null)
      : [],
  };
}

const req = createRequire(import.meta.url);
type Matcher = (s: string) => boolean;
let picomatch: ((glob: string, opts?: object) => Matcher) | undefined;

/** Whether TypeScript's `files`/`include`/`exclude` take `file` (default include: everything). */
function takes(config: Config, file: string): boolean {
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
  picomatch ??= req('picomatch') as (glob: string, opts?: object) => Matcher;
  // A pattern whose last part has no extension stands for the files below it, as in TypeScript.
  const last = s.split('/').at(-1) ?? '';
  return picomatch(s, { dot: false })(rel) || (!last.includes('.') && picomatch(`${s}/**/*`, { dot: false })(rel));
}

/** The tsconfig that owns `file` (see NodeTypes), or null when there is none up to `root`. */
export function owningTsconfig(file: string, root: string): Config | null {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (existsSync(candidate)) {
      const config = readConfig(candidate);
      if (!config) return null;
      return viaReferences(config, file, 0) ?? config;
    }
    if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) return null;
  }
}

function viaReferences(config: Config, file: string, depth: number): Config | null {
  if (takes(config, file) || depth > 3) return takes(config, file) ? config : null;
  for (const ref of config.references) {
    let target = path.resolve(path.dirname(config.file), ref);
    if (isDirectory(target)) target = path.join(target, 'tsconfig.json');
    const child = readConfig(target);
    const found = child ? viaReferences(child, file, depth + 1) : null;
    if (found) return found;
  }
  return null;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** See NodeTypes. */
export function nodeTypesFor(file: string, root: string): NodeTypes {
  const config = owningTsconfig(file, root);
  const name = config ? path.relative(root, config.file).split(path.sep).join('/') : null;
  const opts = config?.compilerOptions ?? {};
  const types = strings(opts.types);
  if (types && !types.includes('node')) return { ok: false, reason: `${name} sets compilerOptions.types without "node"` };
  const typeRoots = strings(opts.typeRoots);
  if (typeRoots && config) {
    const found = typeRoots.some((r) => existsSync(path.join(path.resolve(config.typeRootsBase, r), 'node')));
    return found ? { ok: true } : { ok: false, reason: `no 'node' in ${name}'s typeRoots` };
  }
  for (let dir = config ? path.dirname(config.file) : path.dirname(file); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules', '@types', 'node'))) return { ok: true };
    if (path.dirname(dir) === dir) break;
  }
  return { ok: false, reason: '@types/node is not installed' };
}
