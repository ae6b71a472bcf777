import type { Summary } from './types.js';

/** A small seeded PRNG (mulberry32) so bootstrap intervals are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Quantile with linear interpolation between closest ranks (q in [0, 1]). */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Median of the values. */
export function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** Percentile-bootstrap 95% confidence interval of a statistic (default: the median). */
export function bootstrapCi(
  values: number[],
  opts: { seed?: number; resamples?: number; stat?: (v: number[]) => number } = {},
): [number, number] {
  const stat = opts.stat ?? median;
  if (values.length < 2) {
    const v = values.length === 1 ? values[0] : NaN;
    return [v, v];
  }
  const rand = prng(opts.seed ?? 1);
  const n = values.length;
  const resamples = opts.resamples ?? 2000;
  const stats: number[] = new Array(resamples);
  const buf: number[] = new Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) buf[i] = values[Math.floor(rand() * n)];
    stats[r] = stat(buf);
  }
  return [quantile(stats, 0.025), quantile(stats, 0.975)];
}

/** 95% bootstrap CI of median(after) - median(before), resampling both sides independently. */
export function bootstrapDiffCi(before: number[], after: number[], seed = 1, resamples = 2000): [number, number] {
  if (before.length === 0 || after.length === 0) return [NaN, NaN];
  const rand = prng(seed);
  const diffs: number[] = new Array(resamples);
  const a: number[] = new Array(before.length);
  const b: number[] = new Array(after.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < before.length; i++) a[i] = before[Math.floor(rand() * before.length)];
    for (let i = 0; i < after.length; i++) b[i] = after[Math.floor(rand() * after.length)];
    diffs[r] = median(b) - median(a);
  }
  return [quantile(diffs, 0.025), quantile(diffs, 0.975)];
}

/** Median, p95, min, max, mean and the bootstrap CI of the median. */
export function summarize(samples: number[], seed = 1): Summary {
  const n = samples.length;
  return {
    median: median(samples),
    p95: quantile(samples, 0.95),
    min: n ? Math.min(...samples) : NaN,
    max: n ? Math.max(...samples) : NaN,
    mean: n ? samples.reduce((a, b) => a + b, 0) / n : NaN,
    ci: bootstrapCi(samples, { seed }),
    samples: [...samples],
  };
}

/** Widest relative CI we call trustworthy: the whole 95% CI of the median within ±10% of it. */
export const MAX_RELATIVE_CI = 0.2;

/**
 * Why a summary should not be trusted, or null: fewer than 5 runs (a bootstrap of fewer
 * samples cannot say much), or a CI of the median wider than 20% of the median.
 */
export function spreadWarning(label: string, s: Summary): string | null {
  if (s.samples.length < 5) {
    return `${label}: only ${s.samples.length} run(s); use --runs 5 or more for a confidence interval worth reading.`;
  }
  const width = s.ci[1] - s.ci[0];
  if (s.median > 0 && width / s.median > MAX_RELATIVE_CI) {
    return `${label}: spread too wide to trust (95% CI of the median ${s.ci[0].toFixed(1)}–${s.ci[1].toFixed(1)} is ${((width / s.median) * 100).toFixed(0)}% of the median ${s.median.toFixed(1)}; over ${MAX_RELATIVE_CI * 100}% means the machine is busy or the program varies). Close other work or raise --runs.`;
  }
  return null;
}
