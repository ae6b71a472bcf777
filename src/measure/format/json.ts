import type { Comparison } from '../compare.js';
import type { Measurement } from '../types.js';

/** The JSON output (documented in docs/measuring.md): the Measurement, plus the comparison when there is one. */
export function renderJson(m: Measurement, comparison?: Comparison | null): string {
  return `${JSON.stringify(comparison ? { ...m, comparison } : m, null, 2)}\n`;
}
