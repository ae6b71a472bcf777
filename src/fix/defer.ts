/**
 * Shape C (LAZY-SEMANTICS §C.3): `import defer * as ns from 'm'`. Opt-in, and only where the
 * toolchain implements it: TypeScript `module` esnext|preserve (anything else emits an eager
 * require) AND webpack `experiments.deferImport` or `@babel/plugin-proposal-import-defer`.
 * Node 20/22 cannot even parse it, so it is refused everywhere else, with the reason.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BindingUsage } from '../graph/types.js';
import type { TextEdit } from './diff.js';
import { findImportStatement, replaceStatement, type FileContext, type TransformResult } from './interop.js';
import { alreadyDone, loaderNames, planRecords, referenceEdits, refPositions, typeImportLines, type LazyFileState, type LazyPlanInput } from './lazy.js';
import { lazySafety, type SafetyContext } from './safety.js';

/** Removes // and /* comments and trailing commas so a tsconfig (JSONC) parses as JSON. */
function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i));
      out += m ? m[0] : c;
      i += m ? m[0].length - 1 : 0;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

/** The tsconfig `module` setting (following one level of `extends` to a relative file), lower-cased, or null. */
export function tsconfigModule(root: string): string | null {
  let file = join(root, 'tsconfig.json');
  for (let depth = 0; depth < 5 && existsSync(file); depth++) {
    const cfg = parseJsonc(readFileSync(file, 'utf8')) as { extends?: string; compilerOptions?: { module?: string } };
    if (cfg.compilerOptions?.module) return cfg.compilerOptions.module.toLowerCase();
    if (!cfg.extends || !cfg.extends.startsWith('.')) return null;
    file = join(file, '..', cfg.extends.endsWith('.json') ? cfg.extends : `${cfg.extends}.json`);
  }
  return null;
}

/** Whether the project's toolchain implements `import defer`, or why not. */
export function deferSupport(root: string): { ok: true; via: string } | { ok: false; reason: string } {
  const hasTsconfig = existsSync(join(root, 'tsconfig.json'));
  if (hasTsconfig) {
    const mod = tsconfigModule(root);
    if (mod !== 'esnext' && mod !== 'preserve') {
      return { ok: false, reason: `import defer needs tsconfig "module": "esnext" or "preserve" (found ${mod ?? 'none'}); other settings emit an eager require` };
    }
  }
  for (const name of ['webpack.config.js', 'webpack.config.mjs', 'webpack.config.cjs', 'webpack.config.ts']) {
    const f = join(root, name);
    if (existsSync(f) && /deferImport\s*:\s*true/.test(readFileSync(f, 'utf8'))) return { ok: true, via: `webpack experiments.deferImport (${name})` };
  }
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const deps = { ...pkg['dependencies'], ...pkg['devDependencies'] };
    if ('@babel/plugin-proposal-import-defer' in deps) return { ok: true, via: '@babel/plugin-proposal-import-defer' };
  } catch {
    // No package.json: no bundler to detect.
  }
  return { ok: false, reason: 'no bundler that implements import defer was found (webpack experiments.deferImport or @babel/plugin-proposal-import-defer); Node 20/22 cannot parse it' };
}

/** Edits for one shape-C plan: `import defer * as ns` and `ns.x` at every use. */
export function deferEdits(ctx: FileContext, plan: LazyPlanInput, support: { ok: true } | { ok: false; reason: string }, state: LazyFileState, safety: SafetyContext = {}): TransformResult {
  if (!support.ok) return { skipped: support.reason };
  if (ctx.format !== 'esm') return { skipped: 'import defer needs an ES module' };
  const { specifier } = plan;
  const recs = planRecords(ctx.parsed, specifier, plan.importIndexes);
  if (typeof recs === 'string') return alreadyDone(ctx.parsed, specifier) ? { edits: [] } : { skipped: recs };
  if (recs.length !== 1) return { skipped: recs.length ? 'several imports of the same source' : `no import of '${specifier}'` };
  const { index, rec } = recs[0]!;
  if (ctx.source.slice(rec.start, rec.end).startsWith('import defer')) return { edits: [] };
  const v = lazySafety(ctx.parsed, index, { ...safety, shape: 'defer' });
  if (!v.ok) return { skipped: v.reason };
  const stmt = findImportStatement(ctx.program, rec);
  if (!stmt || stmt.style !== 'import') return { skipped: 'not an import declaration' };
  const bindings = ctx.parsed.bindings.filter((b) => b.importIndex === index && !b.declaredAsType);
  const nsBinding = bindings.find((b) => b.imported === '*');
  const ns = nsBinding ? nsBinding.local : loaderNames(ctx.source, specifier, state).loader.replace(/^\$/, '') + 'NS';
  state.usedNames.add(ns);
  const access = (b: BindingUsage) => (b.imported === '*' ? { text: ns, member: false } : { text: `${ns}.${b.imported}`, member: true });
  const refEdits = referenceEdits(ctx, bindings.filter((b) => b !== nsBinding), access, refPositions(ctx.program));
  if (typeof refEdits === 'string') return { skipped: refEdits };
  const typeLines = typeImportLines(ctx, stmt, ctx.parsed.bindings.filter((b) => b.importIndex === index && b !== nsBinding), specifier);
  const lit = stmt.source.quote + specifier + stmt.source.quote;
  const edits: TextEdit[] = [...refEdits, replaceStatement(ctx, stmt, [`import defer * as ${ns} from ${lit};`, ...typeLines])];
  return { edits };
}
