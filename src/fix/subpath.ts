/**
 * Subpath rewrite: `import { get } from 'lodash'` -> `import get from 'lodash/get'` (`import get =
 * require('lodash/get')` in TypeScript compiled to CommonJS without esModuleInterop). Whether the
 * subpath module is imported by name or as a default is read from the package's actual file
 * (resolved with the importing file's own conditions): date-fns v4's `date-fns/format` exports a
 * named `format`, lodash's `lodash/get` assigns `module.exports`.
 */
import { findImportStatement, moduleExportShape, renderImport, replaceStatement, resolveWithConditions, stringLiteral, type FileContext, type RenderSpecifier, type TransformResult } from './interop.js';

/** Edits moving the named imports listed in rewrites (imported name -> subpath) to their subpath modules. */
export async function subpathEdits(ctx: FileContext, importIndex: number, rewrites: { name: string; subpath: string }[]): Promise<TransformResult> {
  const rec = ctx.parsed.imports[importIndex];
  if (!rec) return { skipped: `no import #${importIndex}` };
  const stmt = findImportStatement(ctx.program, rec);
  if (!stmt || stmt.style === 'import-equals') return { skipped: 'not an import declaration or require' };
  const byName = new Map(rewrites.map((r) => [r.name, r.subpath]));
  const keep: RenderSpecifier[] = [];
  const added: string[] = [];
  const condition = stmt.style === 'require' || ctx.format === 'cjs' ? 'require' : 'import';
  for (const s of stmt.specifiers) {
    const subpath = byName.get(s.imported);
    if (!subpath) {
      keep.push(s);
      continue;
    }
    const resolved = await resolveWithConditions(ctx.file, subpath, condition);
    if (!resolved) return { skipped: `'${subpath}' does not resolve` };
    const shape = moduleExportShape(resolved);
    if (!shape) return { skipped: `cannot read '${subpath}'` };
    let spec: RenderSpecifier;
    if (shape.named.has(s.imported)) spec = { imported: s.imported, local: s.local, isType: s.isType };
    else if (shape.moduleExportsAssigned || shape.hasDefault) {
      // A default import of a `module.exports =` module is the function itself only with interop
      // (Node ESM, esModuleInterop, or a plain require); TS's CommonJS emit without it reads
      // `.default`, and `import x = require()` is `module.exports` itself there.
      if (stmt.style === 'import' && ctx.format === 'cjs' && shape.moduleExportsAssigned && !ctx.esModuleInterop) {
        added.push(`import ${s.isType ? 'type ' : ''}${s.local} = require(${stringLiteral(subpath, stmt.source.quote)});`);
        continue;
      }
      spec = { imported: stmt.style === 'require' && shape.moduleExportsAssigned ? '*' : 'default', local: s.local, isType: s.isType };
    } else return { skipped: `'${subpath}' does not export '${s.imported}'` };
    added.push(...renderImport([spec], subpath, stmt.source.quote, stmt.style === 'require' ? 'require' : 'import', stmt.declKind));
  }
  if (added.length === 0) return { edits: [] };
  const lit = ctx.source.slice(stmt.source.start + 1, stmt.source.end - 1);
  const lines = [...(keep.length ? renderImport(keep, lit, stmt.source.quote, stmt.style === 'require' ? 'require' : 'import', stmt.declKind) : []), ...added];
  return { edits: [replaceStatement(ctx, stmt, lines)] };
}
