import { describe, expect, it } from 'vitest';
import { analyzeRun, type RawRun } from '../../src/measure/analyze.js';

const E = 'file:///p/entry.mjs';
const A = 'file:///p/a.mjs';
const C = '/p/c.cjs';

function raw(partial: Partial<RawRun>): RawRun {
  return {
    v: 1, mode: 'tree', pid: 1, node: 'v20', entryUrl: E, t0: 0, probeStart: -5, reason: 'loaded', t1: 100,
    rss: 50 * 1024 * 1024, heapUsed: 5 * 1024 * 1024, heapTotal: 0, esm: [], cjs: [], hooks: [], gc: [], ...partial,
  };
}

describe('analyzeRun: the sweep that turns a timeline into self times', () => {
  it('bodies own their time; hook calls own theirs; gaps go to the module whose source arrived last', () => {
    const r = analyzeRun(
      raw({
        hooks: [
          ['r', E, null, E, 1, 2],
          ['l', E, 'module', 120, 2, 5],
          ['r', './a.mjs', E, A, 6, 7],
          ['l', A, 'module', 40, 7, 9],
          ['r', 'node:fs', E, 'node:fs', 9.5, 9.75],
        ],
        // a's body 10-30, then a CommonJS require inside the entry's body 40-50, entry's body 30-100.
        esm: [1, A, 10, 2, A, 30, 1, E, 30, 2, E, 100],
        cjs: [C, 40, 41, 50, 0, 0],
        gc: [20, 3, 150, 9],
      }),
    );
    const e = r.modules.get('/p/entry.mjs')!;
    const a = r.modules.get('/p/a.mjs')!;
    const c = r.modules.get(C)!;
    expect([...r.modules.keys()].sort()).toEqual(['/p/a.mjs', '/p/c.cjs', '/p/entry.mjs']);
    // 0-1 before any load: the entry; 5-6 after the entry's source arrived: the entry (parse);
    // builtin resolve 9.5-9.75 goes to the importer.
    expect(e.phases).toEqual({ resolve: 1.25, load: 3, parse: 2, eval: 60 });
    expect(a.phases).toEqual({ resolve: 1, load: 2, parse: 0.75, eval: 20 });
    expect(c.phases).toEqual({ resolve: 0, load: 0, parse: 0, eval: 10 });
    expect(e.self + a.self + c.self).toBeCloseTo(100, 10);
    expect(r.attributedMs).toBeCloseTo(100, 10);
    // Directly timed: everything but the three gaps (0-1, 5-6, 9-9.5 and 9.75-10).
    expect(r.measuredMs).toBeCloseTo(100 - 2.75, 10);
    expect(a.parent).toBe('/p/entry.mjs');
    expect(c.parent).toBe('/p/entry.mjs');
    expect(e.parent).toBeNull();
    expect(a.bytes).toBe(40);
    expect(c.format).toBe('cjs');
    // Only the GC inside the window counts.
    expect([r.gcCount, r.gcMs]).toEqual([1, 3]);
    expect(r.rssMb).toBe(50);
  });

  it('a gap while several CommonJS sources wait for their bodies is split between them by size', () => {
    const BIG = 'file:///p/node_modules/big/index.js';
    const SMALL = 'file:///p/node_modules/small/index.js';
    const r = analyzeRun(
      raw({
        t1: 195,
        hooks: [
          ['l', E, 'module', 100, 0, 1],
          ['l', BIG, 'commonjs', 9_000_000, 2, 3],
          ['l', SMALL, 'commonjs', 100_000, 3, 4],
        ],
        // 4-95: nothing timed (Node lexes both sources for their exports); then the bodies.
        esm: [1, E, 1, 2, E, 2],
        cjs: ['/p/node_modules/big/index.js', 95, 95, 190, 0, 0, '/p/node_modules/small/index.js', 190, 190, 195, 0, 0],
      }),
    );
    const big = r.modules.get('/p/node_modules/big/index.js')!;
    const small = r.modules.get('/p/node_modules/small/index.js')!;
    expect(big.phases.parse).toBeCloseTo((91 * 9_000_000) / 9_100_000, 6);
    expect(small.phases.parse).toBeCloseTo((91 * 100_000) / 9_100_000, 6);
  });

  it('overlapping hook calls share the time; a body still open at exit ends at t1', () => {
    const r = analyzeRun(
      raw({
        t1: 20,
        reason: 'exit',
        hooks: [
          ['l', E, 'module', 1, 0, 4],
          ['l', A, 'module', 1, 2, 6],
        ],
        esm: [1, A, 6, 2, A, 8, 1, E, 8],
      }),
    );
    expect(r.modules.get('/p/entry.mjs')!.phases).toEqual({ resolve: 0, load: 3, parse: 0, eval: 12 });
    expect(r.modules.get('/p/a.mjs')!.phases).toEqual({ resolve: 0, load: 3, parse: 0, eval: 2 });
    expect(r.endReason).toBe('exit');
    expect(r.importMs).toBe(20);
  });
});
