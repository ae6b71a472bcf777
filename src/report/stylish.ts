import pc from 'picocolors';
import type { Finding } from '../engine/types.js';
import type { Reporter } from './index.js';
import { visibleFindings } from './index.js';

/**
 * Related sites shown under a finding; the rest are counted, and listed by --explain and the JSON
 * format. On release-it's sources, each of nine lodash findings listed the same ten sites.
 */
const RELATED_SHOWN = 3;

/** Grouped by file, like eslint's stylish; colour only when asked for. */
const stylish: Reporter = (report, opts) => {
  const c = pc.createColors(opts.color);
  const findings = visibleFindings(report, opts);
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const out: string[] = [];
  for (const [file, list] of byFile) {
    out.push(c.underline(file));
    const w = Math.max(...list.map((f) => `${f.line}:${f.column}`.length));
    for (const f of list) {
      const sev = f.severity === 'error' ? c.red('error') : c.yellow('warn ');
      const fix = f.fixable ? c.green(' (fixable)') : '';
      out.push(`  ${c.dim(`${f.line}:${f.column}`.padEnd(w))}  ${sev}  ${f.message}${fix}  ${c.dim(f.rule)}`);
      // Why --fix leaves it alone, so the reader knows it is theirs to do (or to leave).
      if (!f.fixable && f.unfixableReason) out.push(`  ${' '.repeat(w)}         ${c.dim(`no automatic fix: ${f.unfixableReason}`)}`);
      const related = f.related ?? [];
      const shown = related.length > RELATED_SHOWN + 1 ? related.slice(0, RELATED_SHOWN) : related;
      for (const r of shown) out.push(`  ${' '.repeat(w)}         ${c.dim(`also ${r.file}:${r.line}:${r.column}${r.message ? ` ${r.message}` : ''}`)}`);
      if (shown.length < related.length) out.push(`  ${' '.repeat(w)}         ${c.dim(`and ${related.length - shown.length} more sites (perf-lint analyze --explain ${report.findings.indexOf(f) + 1})`)}`);
    }
    out.push('');
  }
  for (const p of report.problems) out.push(`${c.red('problem')} ${p.file}:${p.line}:${p.column} ${p.message}`);
  const { errors, warnings, fixable } = report.summary;
  const shownWarnings = opts.quiet ? 0 : warnings;
  const total = errors + shownWarnings;
  if (total === 0 && report.problems.length > 0) {
    out.push(c.yellow(`no findings, but ${report.problems.length} input problem${report.problems.length === 1 ? '' : 's'} above (${report.summary.files} files, ${report.summary.packages} packages)`));
  } else if (total === 0) {
    out.push(c.green(`✓ no problems (${report.summary.files} files, ${report.summary.packages} packages)`));
  } else {
    const inputs = report.problems.length;
    // The input problems listed above are not findings: counted apart, so the total does not look wrong.
    const also = inputs > 0 ? `, and ${inputs} input problem${inputs === 1 ? '' : 's'} above` : '';
    const line = `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${shownWarnings} warning${shownWarnings === 1 ? '' : 's'})${also}`;
    out.push(errors > 0 ? c.red(c.bold(line)) : c.yellow(c.bold(line)));
    if (fixable > 0) out.push(c.dim(`  ${fixable} fixable with perf-lint analyze --fix`));
  }
  return `${out.join('\n')}\n`;
};
export default stylish;
