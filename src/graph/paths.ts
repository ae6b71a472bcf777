import path from 'node:path';

const SEP = path.sep.charCodeAt(0);

/** `/node_modules/` with the platform's separator: a path holding it is inside an installed package. */
export const NODE_MODULES_SEGMENT = `${path.sep}node_modules${path.sep}`;

/**
 * Path relative to the root, POSIX separators (what users see, what the JSON and the cache store).
 * Most files are under the root: a slice, not path.relative (a tenth of a cached graph run).
 */
export function relPath(root: string, file: string): string {
  if (file.length > root.length + 1 && file.startsWith(root) && file.charCodeAt(root.length) === SEP && !file.includes(`${path.sep}.`, root.length)) {
    const rel = file.slice(root.length + 1);
    return path.sep === '/' ? rel : rel.split(path.sep).join('/');
  }
  return path.relative(root, file).split(path.sep).join('/');
}
