import { describe, expect, it } from 'vitest';
import { bootstrapCi, bootstrapDiffCi, median, prng, quantile, spreadWarning, summarize } from '../../src/measure/stats.js';

describe('stats', () => {
  it('quantiles interpolate between ranks', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.95)).toBeCloseTo(4.8, 10);
    expect(quantile([7], 0.95)).toBe(7);
  });

  it('the PRNG is seeded: same seed, same sequence; other seed, other sequence', () => {
    const a = prng(42);
    const b = prng(42);
    const c = prng(43);
    const sa = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(sa);
    expect([c(), c(), c()]).not.toEqual(sa);
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true);
  });

  it('bootstrap CI of the median is reproducible and brackets the median', () => {
    const xs = [10, 12, 11, 13, 30, 11, 12, 10, 11, 12];
    const ci1 = bootstrapCi(xs, { seed: 7 });
    const ci2 = bootstrapCi(xs, { seed: 7 });
    expect(ci1).toEqual(ci2);
    expect(ci1[0]).toBeLessThanOrEqual(median(xs));
    expect(ci1[1]).toBeGreaterThanOrEqual(median(xs));
    expect(ci1[1]).toBeLessThan(30);
  });

  it('difference CI excludes zero for a clear shift and includes it for identical samples', () => {
    const before = [100, 102, 98, 101, 99, 103, 100];
    const after = before.map((v) => v - 40);
    const d = bootstrapDiffCi(before, after, 1);
    expect(d[1]).toBeLessThan(0);
    const same = bootstrapDiffCi(before, before, 1);
    expect(same[0]).toBeLessThanOrEqual(0);
    expect(same[1]).toBeGreaterThanOrEqual(0);
  });

  it('warns when there are too few runs or the CI is wider than 20% of the median', () => {
    expect(spreadWarning('import time', summarize([10, 11, 12]))).toMatch(/only 3 run/);
    expect(spreadWarning('import time', summarize([100, 101, 99, 100, 102, 98, 100]))).toBeNull();
    expect(spreadWarning('import time', summarize([50, 150, 60, 140, 70, 130, 100]))).toMatch(/too wide/);
  });
});
