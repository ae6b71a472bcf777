import type { Reporter } from './index.js';
import { visibleFindings } from './index.js';

/**
 * ESLint's compact format, one line per problem: `file: line 3, col 1, Warning - message (rule)`.
 * Editors and CI read it without a plugin: VS Code's built-in `$eslint-compact` problem matcher (in
 * a tasks.json task). Input problems (an unresolved import, a file that does not parse) are
 * warnings named `input`: most of them (`require(name)`, a package not installed) do not fail the
 * run, and the exit code and stderr say which do.
 */
const compact: Reporter = (report, opts) => {
  const line = (file: string, l: number, col: number, severity: 'Error' | 'Warning', message: string, code: string): string =>
    `${file}: line ${l}, col ${col}, ${severity} - ${message.replace(/\s*\n\s*/g, ' ')} (${code})\n`;
  const out = [
    ...report.problems.map((p) => line(p.file, p.line, p.column, 'Warning', p.message, 'input')),
    ...visibleFindings(report, opts).map((f) => line(f.file, f.line, f.column, f.severity === 'error' ? 'Error' : 'Warning', f.message, f.rule)),
  ];
  return out.length === 0 ? '' : `${out.join('')}\n${out.length} problem${out.length === 1 ? '' : 's'}\n`;
};
export default compact;
