import { existsSync } from 'node:fs';
import path from 'node:path';
import { owningTsconfig, strings } from './tsconfig.js';

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
