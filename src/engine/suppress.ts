/**
 * Inline suppressions:
 *   // perf-lint-disable-next-line rule-a, rule-b -- reason
 *   code(); // perf-lint-disable-line rule-a -- reason
 * Without a rule list a directive suppresses every rule on that line. Block comments work too.
 */

import type { parseSync as ParseSync } from 'oxc-parser';

// oxc-parser (about 20 ms to load here) is needed only for a text that mentions a directive, and a
// cached analyze parses nothing else: loaded on demand.
let parseSync: typeof ParseSync | undefined;

/** Loads the parser the directives are read with: call it before parseSuppressions sees a text that mentions one. */
export async function loadSuppressionParser(): Promise<void> {
  parseSync ??= (await import('oxc-parser')).parseSync;
}

export interface SuppressionDirective {
  /** Line of the comment (1-based). */
  line: number;
  column: number;
  /** The line it suppresses. */
  target: number;
  /** Rule ids; empty = every rule. */
  rules: string[];
  reason: string | null;
  kind: 'disable-line' | 'disable-next-line';
}

// A directive is a comment that *starts* with it: text quoting a directive inside another comment
// (a JSDoc example) or a string is not one. oxc gives the comments, so strings and regexes are skipped.
const DIRECTIVE = /^\s*perf-lint-(disable-next-line|disable-line)\b(.*)$/s;

/** Finds the suppression directives of one source text (`file` picks the grammar: .ts, .tsx, .js...). */
export function parseSuppressions(source: string, file = 'file.ts'): SuppressionDirective[] {
  if (!source.includes('perf-lint-disable')) return [];
  if (!parseSync) throw new Error('parseSuppressions: loadSuppressionParser() was not awaited');
  const out: SuppressionDirective[] = [];
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  for (const comment of parseSync(file, source).comments) {
    const m = DIRECTIVE.exec(comment.value);
    if (!m) continue;
    const rest = m[2].split('\n')[0];
    const [list, ...reasonParts] = rest.split(/\s--\s?/);
    const reason = reasonParts.join(' -- ').trim() || null;
    const rules = list.split(',').map((r) => r.trim()).filter((r) => r.length > 0);
    const line = lineOf(comment.start);
    const kind = m[1] === 'disable-line' ? 'disable-line' : 'disable-next-line';
    out.push({ line, column: comment.start - lineStarts[line - 1] + 1, target: kind === 'disable-line' ? line : line + 1, rules, reason, kind });
  }
  return out;
}

/** Does `directive` cover a finding of `rule` on `line`? */
export function suppresses(directive: SuppressionDirective, rule: string, line: number): boolean {
  return directive.target === line && (directive.rules.length === 0 || directive.rules.includes(rule));
}
