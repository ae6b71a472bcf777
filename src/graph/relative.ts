/**
 * Relative imports resolved from the folder listings discovery already read, without asking the
 * file system again. oxc-resolver takes 15-20 µs per call (native, with a stat or two for each
 * probe); on the generated 5,000-file benchmark input resolution was a tenth of `perf-lint graph`.
 *
 * It answers only when the listing decides exactly what oxc-resolver (configured in resolve.ts)
 * would answer, and returns undefined otherwise:
 * - the specifier names a file directly, or with an extension probe (`./x` -> `x.ts`), or through
 *   an extension alias (`./x.js` -> `x.ts`), in the resolver's order;
 * - every name probed before the answer is known to be absent from a listing (a folder, a link or
 *   any other non-file entry in the way: undefined, the resolver decides);
 * - the folder was walked (outside the walk, inside node_modules: undefined);
 * - no percent escape, query, fragment, backslash or doubled slash (the resolver's own rules);
 * - a case-sensitive file system (on a case-insensitive one `./X` can name `x.ts`).
 * test/graph/relative.test.ts checks it against the resolver on the fixtures, real packages and
 * the benchmark's generated project.
 */
import path from 'node:path';
import type { FolderListing } from './discover.js';
import { NODE_MODULES_SEGMENT } from './paths.js';
import { EXTENSION_ALIAS, EXTENSIONS } from './resolve.js';

/** The file `spec` (relative, from a file in `fromDir`) resolves to, or undefined when the listings cannot tell. */
export function resolveFromListing(fromDir: string, spec: string, folders: ReadonlyMap<string, FolderListing>): string | undefined {
  if (/[%?#\\]|\/\/|(^|\/)\.{1,2}$|\/$/.test(spec)) return undefined;
  const target = joinSpec(fromDir, spec);
  const cut = target.lastIndexOf(path.sep);
  const dir = cut === 0 ? path.sep : target.slice(0, cut);
  const listing = folders.get(dir);
  if (listing === undefined || target.includes(NODE_MODULES_SEGMENT)) return undefined;
  const base = target.slice(cut + 1);
  const ext = path.extname(base);
  const aliases = EXTENSION_ALIAS[ext];
  if (aliases !== undefined) {
    // `./x.js`: the aliases in order, and nothing else (a folder named `x.js` is the resolver's call).
    const stem = base.slice(0, -ext.length);
    for (const alias of aliases) {
      const name = stem + alias;
      if (listing.files.has(name)) return dir + path.sep + name;
      if (listing.other.has(name)) return undefined;
    }
    return undefined;
  }
  // The exact file first, then each extension in order; a folder `base` would come after them.
  if (listing.files.has(base)) return target;
  for (const e of EXTENSIONS) {
    const name = base + e;
    if (listing.files.has(name)) return dir + path.sep + name;
    if (listing.other.has(name)) return undefined;
  }
  return undefined;
}

/**
 * path.join(fromDir, spec) for the usual shape, `./` and `../` steps then plain names, without
 * path's normalisation (a tenth of a graph build on the generated 10,000-file input); path.join
 * for anything else.
 */
function joinSpec(fromDir: string, spec: string): string {
  if (path.sep !== '/') return path.join(fromDir, spec);
  let dir = fromDir;
  let i = 0;
  for (;;) {
    if (spec.startsWith('./', i)) i += 2;
    else if (spec.startsWith('../', i)) {
      const up = dir.lastIndexOf('/');
      if (up <= 0) return path.join(fromDir, spec);
      dir = dir.slice(0, up);
      i += 3;
    } else break;
  }
  const rest = i === 0 ? spec : spec.slice(i);
  if (rest.startsWith('.') || rest.includes('/.') || dir.endsWith('/')) return path.join(fromDir, spec);
  return `${dir}/${rest}`;
}

/**
 * Whether names on this file system are case-sensitive, judged at `dir`: the same folder under a
 * name with its letters' case swapped must not exist. Platform default when `dir` has no letters.
 */
export function caseSensitiveAt(dir: string, exists: (p: string) => boolean): boolean {
  const swapped = dir.replace(/[a-zA-Z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
  if (swapped === dir) return process.platform !== 'darwin' && process.platform !== 'win32';
  return !exists(swapped);
}
