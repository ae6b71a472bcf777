import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { relPath } from '../../src/graph/format.js';
import { findCycles } from '../../src/graph/queries.js';
import type { ImportGraph } from '../../src/graph/types.js';
import { FIXTURES } from './helpers.js';

/*
 * madge on the same fixtures, configured as a careful user would (every source extension, the
 * project's tsconfig when there is one, madge's default detective options). Every difference in
 * local edges and in cycles is listed below with the reason; a new difference fails the test.
 */

interface Madge {
  obj(): Record<string, string[]>;
  circular(): string[][];
}
type MadgeFn = (dir: string, config: Record<string, unknown>) => Promise<Madge>;

async function runMadge(dir: string): Promise<Madge> {
  // madge is heavy (typescript, precinct): loaded only here.
  const madge = ((await import('madge')) as unknown as { default: MadgeFn }).default;
  const tsConfig = path.join(dir, 'tsconfig.json');
  return madge(dir, {
    baseDir: dir,
    fileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx'],
    ...(existsSync(tsConfig) ? { tsConfig } : {}),
  });
}

/** perf-lint's edges between files of the project (type-only included, as madge includes them). */
function localEdges(g: ImportGraph): Set<string> {
  const out = new Set<string>();
  for (const mod of g.modules.values()) {
    for (const r of mod.imports) {
      if (!r.resolved) continue;
      const to = relPath(g.root, r.resolved);
      if (to.startsWith('..') || to.includes('node_modules/')) continue;
      out.add(`${relPath(g.root, mod.file)} -> ${to}`);
    }
  }
  return out;
}

function madgeEdges(m: Madge): Set<string> {
  const out = new Set<string>();
  for (const [from, tos] of Object.entries(m.obj())) for (const to of tos) out.add(`${from} -> ${to}`);
  return out;
}

const minus = (a: Set<string>, b: Set<string>): string[] => [...a].filter((x) => !b.has(x)).sort();

interface Expected {
  /** Edges perf-lint finds and madge misses, with why. */
  onlyPerfLint: string[];
  onlyMadge: string[];
  /** Cycles madge reports that perf-lint does not (by default), as joined paths. */
  madgeOnlyCycles: string[];
}

const EXPECTED: Record<string, Expected> = {
  esm: { onlyPerfLint: [], onlyMadge: [], madgeOnlyCycles: [] },
  commonjs: { onlyPerfLint: [], onlyMadge: [], madgeOnlyCycles: [] },
  // With the tsconfig given, madge (through typescript's own parser of the config) follows
  // `extends`, `paths` and `baseUrl` here; without `tsConfig` it skips all four path-mapped imports.
  'ts-paths': { onlyPerfLint: [], onlyMadge: [], madgeOnlyCycles: [] },
  // Workspace packages that are not linked into node_modules: madge treats `@mono/core` and
  // `@mono/core/math` as npm packages and drops them (it lists them as "skipped"); perf-lint maps
  // them to the workspace sources through the `workspaces` field and the package `exports`.
  monorepo: {
    onlyPerfLint: ['packages/app/src/main.js -> packages/core/src/index.js', 'packages/app/src/main.js -> packages/core/src/math.js'],
    onlyMadge: [],
    madgeOnlyCycles: [],
  },
  // madge does not resolve bare workspace packages (not installed) nor `#cond` from CommonJS: its
  // CommonJS path (filing-cabinet + resolve) knows no `imports` field; perf-lint applies the
  // `require` condition. `dual/package.json` is a JSON import madge skips.
  'exports-conditions': {
    onlyPerfLint: [
      'src/cjs.cjs -> packages/dual/cjs/feature-node.cjs',
      'src/cjs.cjs -> packages/dual/cjs/index.cjs',
      'src/cjs.cjs -> src/cond-cjs.cjs',
      'src/esm.js -> packages/dual/esm/feature-node.js',
      'src/esm.js -> packages/dual/esm/index.js',
      'src/esm.js -> packages/dual/package.json',
    ],
    onlyMadge: [],
    madgeOnlyCycles: [],
  },
  // Same edges (madge includes type-only imports too), but madge reports the two type-only loops
  // as circular dependencies: `import type` and `import { type X }` are erased at run time, so
  // perf-lint excludes them from cycles by default (includeTypeOnly shows them).
  cycles: {
    onlyPerfLint: [],
    onlyMadge: [],
    madgeOnlyCycles: ['src/model.ts > src/repo.ts', 'src/node.ts > src/tree.ts'],
  },
  // An expression-free template literal `import(`./pages/about.js`)` is a literal specifier;
  // madge's detective only reads string literals. (Neither resolves `./pages/${name}.js`; perf-lint
  // reports it as unresolved instead of dropping it silently.)
  dynamic: { onlyPerfLint: ['router.js -> pages/about.js'], onlyMadge: [], madgeOnlyCycles: [] },
  // `import { Card } from './Card'` in a .jsx file, where the file is Card.tsx: madge (filing-cabinet)
  // does not probe .tsx from a JavaScript importer; Node-style tooling with TS sources does.
  jsx: { onlyPerfLint: ['src/App.jsx -> src/Card.tsx'], onlyMadge: [], madgeOnlyCycles: [] },
  // madge drops every edge of a file it cannot parse, silently; oxc recovers the import
  // statements before the error and perf-lint also reports the error with file:line.
  'syntax-error': { onlyPerfLint: ['broken.js -> other.js'], onlyMadge: [], madgeOnlyCycles: [] },
};

describe('cross-check with madge on the same fixtures', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: every difference is a known, explained one`, async () => {
      const dir = path.join(FIXTURES, name);
      const [g, m] = await Promise.all([buildGraph(dir), runMadge(dir)]);
      const ours = localEdges(g);
      const theirs = madgeEdges(m);
      expect(ours.size).toBeGreaterThan(0);
      expect(minus(ours, theirs)).toEqual(expected.onlyPerfLint);
      expect(minus(theirs, ours)).toEqual(expected.onlyMadge);
      const ourCycles = new Set(findCycles(g).map((c) => c.map((f) => relPath(g.root, f)).sort().join(' > ')));
      const madgeCycles = new Set(m.circular().map((c) => [...c].sort().join(' > ')));
      expect(minus(madgeCycles, ourCycles)).toEqual(expected.madgeOnlyCycles);
      expect(minus(ourCycles, madgeCycles)).toEqual([]);
    });
  }

  it('ts-paths without `tsConfig` (madge’s default): the four path-mapped imports are dropped', async () => {
    const dir = path.join(FIXTURES, 'ts-paths');
    const madge = ((await import('madge')) as unknown as { default: MadgeFn }).default;
    const m = await madge(dir, { baseDir: dir, fileExtensions: ['ts'] });
    expect(minus(localEdges(await buildGraph(dir)), madgeEdges(m))).toEqual([
      'src/main.ts -> src/app/greet.ts',
      'src/main.ts -> src/app/types.ts',
      'src/main.ts -> src/utils/index.ts',
    ]);
    // `src/helper` (baseUrl) is dropped too, but the same file is also imported as './helper.js'.
    expect((m as unknown as { warnings(): { skipped: string[] } }).warnings().skipped).toEqual(['@app/greet', '@utils', '@app/types', 'src/helper']);
  });
});
