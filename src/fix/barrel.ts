/**
 * Barrel -> direct module rewrite: `import { Button } from './ui'` -> `import { Button } from './ui/button'`,
 * for the names the plan maps (the graph knows where each re-export comes from).
 */
import { findImportStatement, renderImport, replaceStatement, type FileContext, type RenderSpecifier, type TransformResult } from './interop.js';

/** Edits importing each mapped name (local or imported) from its defining module instead of the barrel. */
export function barrelEdits(ctx: FileContext, importIndex: number, rewrites: { name: string; specifier: string; imported: string }[]): TransformResult {
  const rec = ctx.parsed.imports[importIndex];
  if (!rec) return { skipped: `no import #${importIndex}` };
  const stmt = findImportStatement(ctx.program, rec);
  if (!stmt || stmt.style === 'import-equals') return { skipped: 'not an import declaration or require' };
  const keep: RenderSpecifier[] = [];
  // Keep the order of first appearance per target module, so the output is stable.
  const groups = new Map<string, RenderSpecifier[]>();
  for (const s of stmt.specifiers) {
    const r = rewrites.find((x) => x.name === s.local || x.name === s.imported);
    if (!r || s.imported === '*' ) {
      keep.push(s);
      continue;
    }
    const list = groups.get(r.specifier) ?? [];
    list.push({ imported: r.imported, local: s.local, isType: s.isType });
    groups.set(r.specifier, list);
  }
  if (groups.size === 0) return { edits: [] };
  const style = stmt.style === 'require' ? 'require' : 'import';
  const lit = ctx.source.slice(stmt.source.start + 1, stmt.source.end - 1);
  const lines = keep.length ? renderImport(keep, lit, stmt.source.quote, style, stmt.declKind) : [];
  for (const [spec, list] of groups) lines.push(...renderImport(list, spec, stmt.source.quote, style, stmt.declKind));
  return { edits: [replaceStatement(ctx, stmt, lines)] };
}
