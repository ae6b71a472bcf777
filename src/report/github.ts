import type { Reporter } from './index.js';
import { visibleFindings } from './index.js';

// Workflow commands: data is percent-encoded per the GitHub Actions toolkit (core/command.ts).
const escData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s: string): string => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions annotations, one `::error`/`::warning` line per finding. */
const github: Reporter = (report, opts) =>
  visibleFindings(report, opts)
    .map((f) => `::${f.severity === 'error' ? 'error' : 'warning'} file=${escProp(f.file)},line=${f.line},col=${f.column},title=${escProp(`perf-lint(${f.rule})`)}::${escData(f.message)}\n`)
    .join('');
export default github;
