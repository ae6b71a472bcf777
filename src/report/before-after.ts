import type { Comparison, FigureChange } from '../measure/compare.js';

const LABEL: Record<FigureChange['figure'], string> = { importMs: 'import time', rssMb: 'RSS', heapUsedMb: 'heap used', gcMs: 'GC time', modules: 'modules' };

const num = (n: number, unit: string): string => (unit === 'modules' ? String(Math.round(n)) : `${n.toFixed(1)} ${unit}`);

/** The before/after table printed by `analyze --fix --measure` (one block per entry). */
export function renderBeforeAfter(rows: { entry: string; comparison: Comparison }[]): string {
  const out: string[] = [];
  for (const { entry, comparison } of rows) {
    out.push(`${entry} (median of ${comparison.before.runs} runs before, ${comparison.after.runs} after)`);
    const head = ['', 'before', 'after', 'change', '95% CI of change', ''];
    const body = comparison.figures.map((f) => [
      LABEL[f.figure],
      num(f.before, f.unit),
      num(f.after, f.unit),
      `${f.delta > 0 ? '+' : ''}${f.deltaPct.toFixed(0)}%`,
      f.ci ? `${f.ci[0].toFixed(1)} .. ${f.ci[1].toFixed(1)} ${f.unit}` : 'exact',
      f.significant ? (f.delta < 0 ? 'better' : 'worse') : 'no significant change',
    ]);
    const table = [head, ...body];
    const widths = head.map((_, i) => Math.max(...table.map((r) => r[i].length)));
    for (const r of table) out.push(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd()}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
