/** A time span: milliseconds, or a string such as "250ms", "30s", "5m", "1h", "1d". */
export type Duration = number | string;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Converts a Duration to milliseconds; throws a TypeError naming the bad value (at wrap time, never at call time). */
export function toMs(value: Duration, what = 'ttl'): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
    throw new TypeError(`perf-lint/runtime: ${what} ${String(value)} is not a non-negative number of milliseconds`);
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
  if (!m) throw new TypeError(`perf-lint/runtime: ${what} "${value}" is not a duration (expected e.g. 500, "500ms", "30s", "5m", "1h", "1d")`);
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 'ms']);
}
