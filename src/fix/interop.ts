/**
 * What the codemods need to know about an import statement beyond ImportRecord (specifier offsets,
 * quotes, the declaration around a `require()`), and how a loaded module maps to the value the
 * original import produced (default-import interop of the current emit).
 */
import { readFileSync } from 'node:fs';
import { createRequire, builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { parseOnce } from '../graph/parse.js';
import { moduleRecord } from '../graph/scan.js';
import type { ImportRecord } from '../graph/types.js';
import { isInteropHelperName } from '../graph/interop-helpers.js';
import { langOf } from './writer.js';

/** A loose ESTree node: the codemods read a handful of fields of oxc's AST by name. */
export interface AstNode {
  type: string;
  start: number;
  end: number;
  // Index access keeps the walker generic over oxc's many node types without importing them all.
  [key: string]: unknown;
}

/**
 * Parses a file with oxc (module or script by extension) and returns its Program node, read by raw
 * transfer where it works (graph/oxc-raw.ts): oxc-parser's own parseSync turns the tree into JSON
 * and back, which made `analyze` on stylelint spend 1.7 s of 5.5 s parsing package entries.
 */
export function parseProgram(file: string, source: string): { program: AstNode; errors: string[] } {
  const ext = file.slice(file.lastIndexOf('.')).toLowerCase();
  const sourceType = ext === '.cjs' || ext === '.cts' ? 'commonjs' : 'unambiguous';
  const r = parseOnce(file, source, { lang: langOf(file), sourceType });
  return { program: r.program as unknown as AstNode, errors: r.errors.map((e) => e.message) };
}

function isNode(v: unknown): v is AstNode {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

/** Depth-first walk; return false from enter to skip a node's children. Parents are passed along. */
export function walk(node: AstNode, enter: (n: AstNode, parent: AstNode | null) => boolean | void, parent: AstNode | null = null): void {
  if (enter(node, parent) === false) return;
  for (const key of Object.keys(node)) {
    if (key === 'type' || key === 'start' || key === 'end') continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const c of v) if (isNode(c)) walk(c, enter, node);
    } else if (isNode(v)) walk(v, enter, node);
  }
}

/** One name an import statement binds, with the offsets of its specifier. */
export interface StatementSpecifier {
  imported: string;
  local: string;
  isType: boolean;
  start: number;
  end: number;
}

/** The statement that holds an import, in the shapes the codemods rewrite. */
export interface ImportStatement {
  style: 'import' | 'require' | 'import-equals';
  /** The whole top-level statement. */
  start: number;
  end: number;
  /** `import type ...` (whole declaration). */
  typeOnly: boolean;
  specifiers: StatementSpecifier[];
  /** The string literal, quotes included. */
  source: { start: number; end: number; quote: string };
  /** For `require` declarations: 'const' | 'let' | 'var'. */
  declKind?: string;
  /**
   * A compiler's interop wrapper around the require (`__importStar(require('m'))`,
   * `tslib_1.__importDefault(…)`, `__toESM(require('m'), 1)`): the text before and after the call.
   * Only with findImportStatement's `wrapped` option.
   */
  wrap?: { before: string; after: string };
}


/** `helper(require('m'), 1)` with a known interop helper (or `tslib_1.helper`): the require call, else null. */
function wrappedRequire(init: AstNode): AstNode | null {
  if (init.type !== 'CallExpression') return null;
  const callee = init['callee'];
  const name = !isNode(callee)
    ? ''
    : callee.type === 'Identifier'
      ? String(callee['name'])
      : callee.type === 'MemberExpression' && !callee['computed'] && isNode(callee['object']) && callee['object'].type === 'Identifier'
        ? nameOf(callee['property'])
        : '';
  const args = init['arguments'] as unknown[];
  if (!isInteropHelperName(name) || !isRequireCall(args[0])) return null;
  return args.slice(1).every((a) => isNode(a) && a.type === 'Literal') ? args[0] : null;
}

function nameOf(n: unknown): string {
  if (!isNode(n)) return '';
  if (n.type === 'Identifier') return String(n['name']);
  if (n.type === 'Literal') return String(n['value']);
  return '';
}

function isRequireCall(n: unknown): n is AstNode {
  if (!isNode(n) || n.type !== 'CallExpression') return false;
  const callee = n['callee'];
  const args = n['arguments'] as unknown[];
  return isNode(callee) && callee.type === 'Identifier' && callee['name'] === 'require' && args.length === 1 && isNode(args[0]) && args[0].type === 'Literal' && typeof args[0]['value'] === 'string';
}

/**
 * Finds the top-level statement holding the import record (matched by offsets) and describes it.
 * Returns null for shapes the codemods do not rewrite (nested requires, several declarators,
 * patterns other than a plain object of identifiers).
 */
export function findImportStatement(program: AstNode, record: Pick<ImportRecord, 'start' | 'end'>, opts: { source?: string } = {}): ImportStatement | null {
  const body = program['body'] as AstNode[];
  const stmt = body.find((s) => s.start <= record.start && record.end <= s.end);
  if (!stmt) return null;
  const quoteOf = (lit: AstNode) => String(lit['raw'] ?? '"').charAt(0);
  if (stmt.type === 'ImportDeclaration') {
    const src = stmt['source'] as AstNode;
    const typeOnly = stmt['importKind'] === 'type';
    const specifiers = (stmt['specifiers'] as AstNode[]).map((s) => ({
      imported: s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? '*' : nameOf(s['imported']),
      local: nameOf(s['local']),
      isType: typeOnly || s['importKind'] === 'type',
      start: s.start,
      end: s.end,
    }));
    return { style: 'import', start: stmt.start, end: stmt.end, typeOnly, specifiers, source: { start: src.start, end: src.end, quote: quoteOf(src) } };
  }
  if (stmt.type === 'TSImportEqualsDeclaration') {
    const ref = stmt['moduleReference'] as AstNode;
    if (ref.type !== 'TSExternalModuleReference') return null;
    const lit = ref['expression'] as AstNode;
    return {
      style: 'import-equals',
      start: stmt.start,
      end: stmt.end,
      typeOnly: stmt['importKind'] === 'type',
      specifiers: [{ imported: '*', local: nameOf(stmt['id']), isType: false, start: stmt.start, end: stmt.end }],
      source: { start: lit.start, end: lit.end, quote: quoteOf(lit) },
    };
  }
  if (stmt.type === 'VariableDeclaration') {
    const decls = stmt['declarations'] as AstNode[];
    if (decls.length !== 1) return null;
    const d = decls[0]!;
    let init = d['init'] as AstNode | null;
    let member: string | null = null;
    // `const x = require('m').y` binds one named export.
    if (isNode(init) && init.type === 'MemberExpression' && !init['computed'] && isRequireCall(init['object'])) {
      member = nameOf(init['property']);
      init = init['object'] as AstNode;
    }
    // With the file's text: a require inside an interop helper's call (`wrap`).
    const inner = opts.source !== undefined && member === null && isNode(init) ? wrappedRequire(init) : null;
    const wrap = inner && isNode(init) && opts.source !== undefined ? { before: opts.source.slice(init.start, inner.start), after: opts.source.slice(inner.end, init.end) } : undefined;
    if (inner) init = inner;
    if (!isRequireCall(init)) return null;
    const lit = (init['arguments'] as AstNode[])[0]!;
    const id = d['id'] as AstNode;
    const base = { style: 'require' as const, start: stmt.start, end: stmt.end, typeOnly: false, source: { start: lit.start, end: lit.end, quote: quoteOf(lit) }, declKind: String(stmt['kind']), ...(wrap ? { wrap } : {}) };
    if (wrap && id.type !== 'Identifier') return null;
    if (id.type === 'Identifier') {
      return { ...base, specifiers: [{ imported: member ?? '*', local: nameOf(id), isType: false, start: id.start, end: id.end }] };
    }
    if (id.type === 'ObjectPattern' && member === null) {
      const specifiers: StatementSpecifier[] = [];
      for (const p of id['properties'] as AstNode[]) {
        if (p.type !== 'Property' || p['computed'] || !isNode(p['value']) || (p['value'] as AstNode).type !== 'Identifier') return null;
        specifiers.push({ imported: nameOf(p['key']), local: nameOf(p['value']), isType: false, start: p.start, end: p.end });
      }
      return { ...base, specifiers };
    }
    return null;
  }
  return null;
}

/** The end of the line holding offset (after its line break), so a removed statement takes its line along. */
export function lineEndAfter(source: string, offset: number): number {
  let i = offset;
  while (i < source.length && (source[i] === ' ' || source[i] === '\t' || source[i] === ';')) i++;
  if (source[i] === '\r' && source[i + 1] === '\n') return i + 2;
  if (source[i] === '\n') return i + 1;
  return offset;
}

/** Offset where a top-level statement's line starts when only whitespace precedes it on that line. */
export function lineStartBefore(source: string, offset: number): number {
  let i = offset;
  while (i > 0 && (source[i - 1] === ' ' || source[i - 1] === '\t')) i--;
  return i === 0 || source[i - 1] === '\n' ? i : offset;
}

/** Node builtin ids (`fs`, `node:fs`, `node:test`). */
export function isBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return builtinModules.includes(specifier);
}

/** Relative or absolute path specifiers (decided by kind, not by `includes('.')`: `lodash.debounce` is a package). */
export function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..' || specifier.startsWith('/') || /^[A-Za-z]:[\\/]/.test(specifier) || specifier.startsWith('file:');
}

/** The package name of a bare specifier (`@scope/x/y` -> `@scope/x`, `lodash/get` -> `lodash`). */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Module format of a resolved file: by extension, else the nearest package.json `type`. */
export function fileFormat(file: string): 'esm' | 'cjs' {
  if (file.endsWith('.mjs') || file.endsWith('.mts')) return 'esm';
  if (file.endsWith('.cjs') || file.endsWith('.cts')) return 'cjs';
  let dir = dirname(file);
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: string };
      return pkg.type === 'module' ? 'esm' : 'cjs';
    } catch {
      const up = dirname(dir);
      if (up === dir) return 'cjs';
      dir = up;
    }
  }
}

/** What `require(specifier)` from `fromFile` loads: its path and format, or null when it cannot be resolved. */
export function resolveForRequire(fromFile: string, specifier: string): { file: string; format: 'esm' | 'cjs' } | null {
  try {
    const file = createRequire(fromFile).resolve(specifier);
    if (isBuiltin(file)) return null;
    return { file, format: fileFormat(file) };
  } catch {
    return null;
  }
}

/** Whether a module's own top level awaits (`require(esm)` throws ERR_REQUIRE_ASYNC_MODULE for it). Its dependencies are not checked. */
export function hasTopLevelAwait(file: string): boolean {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  if (!source.includes('await')) return false;
  const { program } = parseProgram(file, source);
  let found = false;
  walk(program, (n) => {
    if (found) return false;
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') return false;
    if (n.type === 'AwaitExpression' || (n.type === 'ForOfStatement' && n['await'] === true)) found = true;
    return undefined;
  });
  return found;
}

/** How the emitted code turns the loaded module into the value of a default import. */
export type DefaultInterop =
  /** TS `esModuleInterop` (or Babel) CommonJS emit: `__importDefault(m).default`. */
  | 'interop'
  /** TS CommonJS emit without esModuleInterop: `m.default`. */
  | 'dot-default'
  /** Node ESM importing CommonJS: the default is `module.exports` itself. */
  | 'module-exports';

/**
 * The default-import interop of the current emit for this file and target: the lazy loader must
 * reproduce exactly what the eager import produced.
 */
export function defaultInteropFor(fileFormat: 'esm' | 'cjs', targetFormat: 'esm' | 'cjs' | null, esModuleInterop: boolean): DefaultInterop {
  if (fileFormat === 'cjs') return esModuleInterop ? 'interop' : 'dot-default';
  // Node ESM: an ES module target's default is its `default` export (require(esm) gives the
  // namespace); a CommonJS target's default is module.exports.
  return targetFormat === 'esm' ? 'dot-default' : 'module-exports';
}

// One resolver per condition set: building one reads no files, but its caches pay off across a run.
const resolvers = new Map<string, import('oxc-resolver').ResolverFactory>();

/** Resolves a specifier from a file with the conditions its own format uses (`import` for ESM, `require` for CJS). */
export async function resolveWithConditions(fromFile: string, specifier: string, condition: 'import' | 'require'): Promise<string | null> {
  // oxc-resolver is loaded on demand: only the fix path needs it here.
  let r = resolvers.get(condition);
  if (!r) {
    const { ResolverFactory } = await import('oxc-resolver');
    r = new ResolverFactory({
      conditionNames: ['node', condition, 'default'],
      extensions: ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx', '.jsx', '.json', '.node'],
      mainFields: ['main'],
    });
    resolvers.set(condition, r);
  }
  const res = r.sync(dirname(fromFile), specifier);
  return res.path ?? null;
}

/** What a module exports, read from its file: its named exports, and whether it has a default (or `module.exports =`). */
export function moduleExportShape(file: string): { named: Set<string>; hasDefault: boolean; moduleExportsAssigned: boolean } | null {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const r = moduleRecord(file, source, { lang: langOf(file), sourceType: 'unambiguous' });
  const named = new Set<string>();
  let hasDefault = false;
  for (const e of r.module.staticExports) {
    for (const entry of e.entries) {
      if (entry.exportName.kind === 'Default') hasDefault = true;
      else if (entry.exportName.name) named.add(entry.exportName.name);
    }
  }
  let moduleExportsAssigned = false;
  if (!r.module.hasModuleSyntax) {
    // CommonJS: the patterns compilers and authors use for exports.
    for (const m of source.matchAll(/(?:^|[^.\w$])(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=/g)) named.add(m[1]!);
    for (const m of source.matchAll(/Object\.defineProperty\(\s*(?:module\.)?exports\s*,\s*["']([A-Za-z_$][\w$]*)["']/g)) named.add(m[1]!);
    if (/(?:^|[^.\w$])module\.exports\s*=(?!=)/m.test(source)) moduleExportsAssigned = true;
    if (named.has('default')) {
      named.delete('default');
      hasDefault = true;
    }
  }
  return { named, hasDefault, moduleExportsAssigned };
}

/** One specifier for renderImport. */
export interface RenderSpecifier {
  imported: string;
  local: string;
  isType: boolean;
}

/** `text` as a JavaScript string literal: in double quotes when `quote` is `"`, else in single quotes. */
export function stringLiteral(text: string, quote: string): string {
  const double = JSON.stringify(text);
  return quote === '"' ? double : `'${double.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/**
 * Renders import statements binding the given names from one source, in the file's quote style.
 * A default or namespace import gets its own statement so type and value parts never mix illegally.
 */
export function renderImport(specifiers: RenderSpecifier[], source: string, quote: string, style: 'import' | 'require', declKind = 'const'): string[] {
  const lit = stringLiteral(source, quote);
  const out: string[] = [];
  if (style === 'require') {
    const whole = specifiers.find((s) => s.imported === '*' || s.imported === 'default');
    if (whole) out.push(`${declKind} ${whole.local} = require(${lit});`);
    const named = specifiers.filter((s) => s !== whole);
    if (named.length) out.push(`${declKind} { ${named.map((s) => (s.imported === s.local ? s.local : `${s.imported}: ${s.local}`)).join(', ')} } = require(${lit});`);
    return out;
  }
  for (const s of specifiers) {
    if (s.imported === 'default') out.push(`import ${s.isType ? 'type ' : ''}${s.local} from ${lit};`);
    else if (s.imported === '*') out.push(`import ${s.isType ? 'type ' : ''}* as ${s.local} from ${lit};`);
  }
  const named = specifiers.filter((s) => s.imported !== 'default' && s.imported !== '*');
  if (named.length) {
    const allType = named.every((s) => s.isType);
    const parts = named.map((s) => `${!allType && s.isType ? 'type ' : ''}${s.imported === s.local ? s.local : `${s.imported} as ${s.local}`}`);
    out.push(`import ${allType ? 'type ' : ''}{ ${parts.join(', ')} } from ${lit};`);
  }
  return out;
}

/** Everything a transform reads about the file it edits; built once per file so all plans share one parse. */
export interface FileContext {
  file: string;
  source: string;
  program: AstNode;
  parsed: import('../graph/types.js').ParsedModule;
  eol: '\n' | '\r\n';
  lang: 'ts' | 'js';
  /** The module format of the emitted file (TS files compiled to CommonJS are 'cjs'). */
  format: 'esm' | 'cjs';
  /** tsconfig esModuleInterop (TS files; JS CommonJS files use plain require semantics). */
  esModuleInterop: boolean;
}

/** A transform's answer: edits on the original text, or why it left the file alone. */
export type TransformResult = { edits: import('./diff.js').TextEdit[] } | { skipped: string };

/** Replaces a whole statement (and the rest of its line) by rendered lines in the file's EOL, keeping its indentation. */
export function replaceStatement(ctx: FileContext, stmt: { start: number; end: number }, lines: string[]): import('./diff.js').TextEdit {
  const lineStart = lineStartBefore(ctx.source, stmt.start);
  const indent = ctx.source.slice(lineStart, stmt.start);
  if (lines.length === 0) {
    const atLineStart = lineStart === 0 || ctx.source[lineStart - 1] === '\n';
    const end = lineEndAfter(ctx.source, stmt.end);
    // Take the whole line along when the statement is alone on it.
    if (atLineStart && (end !== stmt.end || end === ctx.source.length)) return { start: lineStart, end, text: '' };
    return { start: stmt.start, end: stmt.end, text: '' };
  }
  return { start: stmt.start, end: stmt.end, text: lines.join(ctx.eol + indent) };
}
