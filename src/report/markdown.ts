import type { Reporter } from './index.js';
import { visibleFindings } from './index.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const fmtCost = (c?: { ms: number | null; modules: number; mb: number | null }): string =>
  c ? [c.ms !== null ? `${c.ms.toFixed(1)} ms` : null, `${c.modules} modules`, c.mb !== null ? `${c.mb.toFixed(1)} MB` : null].filter(Boolean).join(', ') : '';

/** A pull-request comment: a summary line and a table of findings. */
const markdown: Reporter = (report, opts) => {
  const findings = visibleFindings(report, opts);
  const { errors, warnings, fixable } = report.summary;
  const lines = ['## perf-lint', ''];
  if (findings.length === 0) {
    lines.push(`No startup problems found in ${report.summary.files} files.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`**${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}** (${fixable} fixable with \`perf-lint analyze --fix\`)`, '');
  lines.push('| | Location | Rule | Finding | Saves at startup |', '| --- | --- | --- | --- | --- |');
  for (const f of findings) {
    lines.push(`| ${f.severity === 'error' ? '🔴' : '🟡'} | \`${cell(f.file)}:${f.line}\` | \`${f.rule}\` | ${cell(f.message)} | ${fmtCost(f.cost)} |`);
  }
  return `${lines.join('\n')}\n`;
};
export default markdown;
