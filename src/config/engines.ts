import { readFileSync } from 'node:fs';
import path from 'node:path';
import subset from 'semver/ranges/subset.js';
import validRange from 'semver/ranges/valid.js';

/**
 * The Node versions on which `require()` loads an ES module without a flag: 20.19 and later 20.x,
 * 22.12 and later, and every release from 23 on. Node 21 and 22.0 to 22.11 needed
 * --experimental-require-module; older releases throw ERR_REQUIRE_ESM.
 */
const REQUIRE_ESM = '>=20.19.0 <21.0.0 || >=22.12.0';

/** What the Node versions a program declares (engines.node) allow the code a fix writes. */
export interface NodeSupport {
  /** Every admitted version loads an ES module through require() (REQUIRE_ESM). */
  ok: boolean;
  /** Why not: the package.json and its `engines.node` range. */
  reason?: string;
  /** The package.json that decides it (relative to the root) and its range, when one does. */
  file?: string;
  range?: string;
  /** The range admits Node before 15, which cannot parse `??=` (the fixes then write `||`). */
  oldNode?: boolean;
}

/**
 * Asks the nearest package.json above `file` (up to `root`) that has `engines.node`: a lazy
 * `require()` of an ES module (an ESM-only package, or a local ES module, loaded through
 * createRequire from an ES module) works only where the range is inside REQUIRE_ESM. Without such
 * a field the program is taken to run on the Node that runs perf-lint (20.19 or later), as an
 * unversioned program does. A range semver cannot read is not trusted.
 */
export function nodeSupportResolver(root: string): (file: string) => NodeSupport {
  const absRoot = path.resolve(root);
  const byDir = new Map<string, NodeSupport>();
  const forDir = (dir: string): NodeSupport => {
    const known = byDir.get(dir);
    if (known) return known;
    let result: NodeSupport | null = null;
    const file = path.join(dir, 'package.json');
    let range: unknown;
    try {
      range = (JSON.parse(readFileSync(file, 'utf8')) as { engines?: { node?: unknown } }).engines?.node;
    } catch {
      range = undefined;
    }
    if (typeof range === 'string') {
      const rel = path.relative(absRoot, file).split(path.sep).join('/') || 'package.json';
      if (validRange(range) === null) result = { ok: false, file: rel, range, oldNode: true, reason: `${rel} declares engines.node '${range}', which is not a semver range` };
      else if (subset(range, REQUIRE_ESM)) result = { ok: true, file: rel, range };
      else {
        const reason = `${rel} declares engines.node '${range}', which admits Node versions where require() of an ES module fails (before 20.19, and 21.0 to 22.11)`;
        result = { ok: false, file: rel, range, reason, ...(subset(range, '>=15.0.0') ? {} : { oldNode: true }) };
      }
    }
    const parent = path.dirname(dir);
    result ??= dir === absRoot || parent === dir || !dir.startsWith(absRoot) ? { ok: true } : forDir(parent);
    byDir.set(dir, result);
    return result;
  };
  return (file) => forDir(path.dirname(path.resolve(file)));
}
