/**
 * `var a = require('a'), b = require('b');` (one declaration, several declarators: common in older
 * CommonJS, often comma-first) written as one declaration per declarator, so a lazy plan can
 * replace the declaration of its import alone. The declarators keep their order and their text:
 * each is evaluated as before. Only where the declarators are separated by a comma and white space
 * (a comment between them would have no obvious place), and only for `var`, `let` and `const`.
 */
import type { FixPlan } from '../engine/types.js';
import type { ParsedModule } from '../graph/types.js';
import { applyEdits, detectEol, type TextEdit } from './diff.js';
import { lineStartBefore, parseProgram, type AstNode } from './interop.js';

/** The file with the declarations holding a lazy plan's imports split, or null when none is. */
export function splitDeclarations(file: string, source: string, parsed: ParsedModule, plans: readonly FixPlan[]): string | null {
  const records = plans.flatMap((p) => (p.kind === 'lazy' ? p.importIndexes : [])).flatMap((i) => parsed.imports[i] ?? []);
  if (records.length === 0) return null;
  const { program } = parseProgram(file, source);
  const eol = detectEol(source);
  const edits: TextEdit[] = [];
  for (const stmt of program['body'] as AstNode[]) {
    if (stmt.type !== 'VariableDeclaration' || !records.some((r) => stmt.start <= r.start && r.end <= stmt.end)) continue;
    const kind = String(stmt['kind']);
    const decls = stmt['declarations'] as AstNode[];
    if (decls.length < 2 || !['var', 'let', 'const'].includes(kind)) continue;
    if (!new RegExp(`^${kind}\\s+$`).test(source.slice(stmt.start, decls[0]!.start))) continue;
    if (!/^\s*;?$/.test(source.slice(decls[decls.length - 1]!.end, stmt.end))) continue;
    if (!decls.every((d, k) => k === 0 || /^\s*,\s*$/.test(source.slice(decls[k - 1]!.end, d.start)))) continue;
    const indent = source.slice(lineStartBefore(source, stmt.start), stmt.start);
    edits.push({ start: stmt.start, end: stmt.end, text: decls.map((d) => `${kind} ${source.slice(d.start, d.end)};`).join(eol + indent) });
  }
  return edits.length > 0 ? applyEdits(source, edits) : null;
}
