/**
 * `import type` conversion: value imports whose bindings are used only as types. The whole
 * declaration becomes `import type` when every binding is a type; otherwise the names get inline
 * `type` modifiers (a default or namespace binding is split into its own `import type`).
 */
import type { TextEdit } from './diff.js';
import { findImportStatement, renderImport, replaceStatement, type FileContext, type TransformResult } from './interop.js';

export interface TypeImportOptions {
  /** tsconfig emitDecoratorMetadata: a binding read by decorator metadata must stay a value import. */
  emitDecoratorMetadata?: boolean;
}

/** Edits turning the given names (local or imported) of import `importIndex` into type-only imports. */
export function typeImportEdits(ctx: FileContext, importIndex: number, names: string[], opts: TypeImportOptions = {}): TransformResult {
  if (ctx.lang !== 'ts') return { skipped: '`import type` needs TypeScript' };
  const rec = ctx.parsed.imports[importIndex];
  if (!rec) return { skipped: `no import #${importIndex}` };
  const stmt = findImportStatement(ctx.program, rec);
  if (!stmt || stmt.style !== 'import') return { skipped: 'not an import declaration' };
  const wanted = new Set(names);
  const hit = (s: { imported: string; local: string }) => wanted.has(s.local) || wanted.has(s.imported);
  for (const b of ctx.parsed.bindings) {
    if (b.importIndex !== importIndex || !wanted.has(b.local)) continue;
    if (b.decoratorMetadata && opts.emitDecoratorMetadata) return { skipped: `'${b.local}' is read by decorator metadata (emitDecoratorMetadata): it must stay a value import` };
    if (!b.typeOnly && !b.unused) return { skipped: `'${b.local}' is used as a value` };
  }
  const targets = stmt.specifiers.filter((s) => hit(s) && !s.isType);
  const after = stmt.specifiers.map((s) => ({ ...s, isType: s.isType || hit(s) }));
  const allType = after.length > 0 && after.every((s) => s.isType);
  // `import { type A }` is still a runtime import of the module under verbatimModuleSyntax
  // (emitted as `import {} from`), so all-inline type imports become `import type { A }`.
  if (targets.length === 0 && (stmt.typeOnly || !allType)) return { edits: [] }; // already done: idempotent
  const hasWhole = after.some((s) => s.imported === 'default' || s.imported === '*');
  const namedOnly = !hasWhole;
  const edits: TextEdit[] = [];
  if (allType && (namedOnly || after.length === 1)) {
    // Minimal edit: `import` -> `import type`, and drop inline `type` modifiers that would now be illegal.
    edits.push({ start: stmt.start + 'import'.length, end: stmt.start + 'import'.length, text: ' type' });
    for (const s of stmt.specifiers) {
      if (!s.isType) continue;
      const text = ctx.source.slice(s.start, s.end);
      const m = /^type\s+/.exec(text);
      if (m) edits.push({ start: s.start, end: s.start + m[0].length, text: '' });
    }
    return { edits };
  }
  if (namedOnly) {
    for (const s of targets) edits.push({ start: s.start, end: s.start, text: 'type ' });
    return { edits };
  }
  // A default/namespace binding mixed with others: split into separate statements.
  const lit = ctx.source.slice(stmt.source.start + 1, stmt.source.end - 1);
  return { edits: [replaceStatement(ctx, stmt, renderImport(after, lit, stmt.source.quote, 'import'))] };
}
