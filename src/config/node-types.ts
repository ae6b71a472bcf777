import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readConfig, strings, type TsconfigFile } from './tsconfig.js';

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

const req = createRequire(import.meta.url);
type Matcher = (s: string) => boolean;
let picomatch: ((glob: string, opts?: object) => Matcher) | undefined;

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
  picomatch ??= req('picomatch') as (glob: string, opts?: object) => Matcher;
  // A pattern whose last part has no extension stands for the files below it, as in TypeScript.
  const last = s.split('/').at(-1) ?? '';
  return picomatch(s, { dot: false })(rel) || (!last.includes('.') && picomatch(`${s}/**/*`, { dot: false })(rel));
}

/** The tsconfig that owns `file` (see NodeTypes), or null when there is none up to `root`. */
export function owningTsconfig(file: string, root: string): TsconfigFile | null {
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

function viaReferences(config: TsconfigFile, file: string, depth: number): TsconfigFile | null {
  if (takes(config, file) || depth > 3) return takes(config, file) ? config : null;
  for (const ref of config.references) {
    const child = readConfig(ref);
    const found = child ? viaReferences(child, file, depth + 1) : null;
    if (found) return found;
  }
  return null;
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
