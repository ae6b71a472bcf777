/**
 * Lazy import, shape A (LAZY-SEMANTICS §C.1): one memoised loader per source and every value
 * reference rewritten to go through it. No Proxy. Calls stay `this`-free (`(0, $m().fn)(x)`, as
 * tsc's own CommonJS emit and ESM named-import calls are), and default imports reproduce the
 * interop of the current emit. Shapes C and D (defer.ts, dynamic.ts) reuse the reference rewriting.
 */
import type { BindingUsage, ImportRecord, ParsedModule } from '../graph/types.js';
import { declarationProblem } from '../graph/usage.js';
import { applyEdits, detectEol, type TextEdit } from './diff.js';
import {
  defaultInteropFor,
  findImportStatement,
  lineEndAfter,
  parseProgram,
  renderImport,
  replaceStatement,
  stringLiteral,
  walk,
  type AstNode,
  type DefaultInterop,
  type FileContext,
  type ImportStatement,
  type RenderSpecifier,
  type TransformResult,
} from './interop.js';
import { lazySafety, type SafetyContext } from './safety.js';

export interface LazyOptions {
  format: 'esm' | 'cjs';
  lang: 'ts' | 'js';
  esModuleInterop: boolean;
  /** In an ES module, whether the target is CommonJS (default import = module.exports) rather than ESM (`.default`). */
  nodeEsmDefault: boolean;
  /**
   * The program's engines.node admits Node before 15, which cannot parse `??=`: the loader then
   * memoises with `||` (src/config/engines.ts). The same result: a falsy module.exports only makes
   * each call ask require() again, which returns the cached value.
   */
  oldNode?: boolean;
}

/** `cache ??= load`, or its `||` form for Node before 15. */
function memo(cache: string, load: string, oldNode: boolean | undefined): string {
  return oldNode ? `${cache} || (${cache} = ${load})` : `${cache} ??= ${load}`;
}

/** State shared by all lazy plans of one file (one `createRequire` header, unique names). */
export interface LazyFileState {
  requireInjected: boolean;
  usedNames: Set<string>;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
const DOT_DEFAULT = /^\s*(?:\?\.|\.)\s*default(?![\w$])|^\s*(?:\?\.)?\[\s*['"`]default['"`]\s*\]/;

/** Whether `name` appears as an identifier anywhere in the source (conservative: strings and comments count). */
function nameTaken(source: string, name: string, state: LazyFileState): boolean {
  if (state.usedNames.has(name)) return true;
  const re = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`);
  return re.test(source);
}

/** `moment` -> `moment`, `@scope/x-y` -> `scope_x_y`, `lodash/get` -> `lodash_get`. */
function baseName(specifier: string): string {
  const id = specifier.replace(/^@/, '').replace(/^node:/, '').replace(/[^\w$]+/g, '_').replace(/^_+|_+$/g, '');
  return /^\d/.test(id) ? `_${id}` : id || 'mod';
}

/** A loader name and its cache variable, unique in the file. */
export function loaderNames(source: string, specifier: string, state: LazyFileState): { loader: string; cache: string; interop: string } {
  const base = baseName(specifier);
  for (let n = 0; ; n++) {
    const suffix = n === 0 ? '' : String(n + 1);
    const loader = `$${base}${suffix}`;
    const cache = `_${base}${suffix}`;
    const interop = `${loader}_default`;
    const reserved = [loader, cache, interop, `${loader}_import`];
    if (!reserved.some((x) => nameTaken(source, x, state))) {
      for (const x of reserved) state.usedNames.add(x);
      return { loader, cache, interop };
    }
  }
}

/** Where a plain identifier cannot simply become a call expression. */
export interface RefPositions {
  /** Identifiers used as shorthand properties (`{ parse }`). */
  shorthand: Set<number>;
  /** Identifiers at the head of a `new` callee chain (`new X.Y()`): `new $m().Y()` would construct `$m`. */
  newHead: Set<number>;
}

/** Finds the identifier positions a rewrite must treat specially. */
export function refPositions(program: AstNode): RefPositions {
  const shorthand = new Set<number>();
  const newHead = new Set<number>();
  walk(program, (n, parent) => {
    if (n.type === 'Property' && n['shorthand'] === true && parent?.type === 'ObjectExpression') {
      const v = n['value'] as AstNode;
      if (v.type === 'Identifier') shorthand.add(v.start);
    }
    if (n.type === 'NewExpression') {
      let head = n['callee'] as AstNode;
      while (head.type === 'MemberExpression' || head.type === 'TSNonNullExpression' || head.type === 'ParenthesizedExpression') {
        if (head.type === 'ParenthesizedExpression') break; // already parenthesised: safe
        head = (head.type === 'MemberExpression' ? head['object'] : head['expression']) as AstNode;
      }
      if (head.type === 'Identifier') newHead.add(head.start);
    }
  });
  return { shorthand, newHead };
}

/** How a binding's value is reached through the loader: a base expression and whether it is a member access. */
export interface Access {
  text: string;
  /** `a.b`-style: a call through it would pass `a` as `this`, so calls get `(0, ...)`. */
  member: boolean;
}

function memberOf(base: string, name: string): string {
  return IDENT.test(name) ? `${base}.${name}` : `${base}[${JSON.stringify(name)}]`;
}

/**
 * Rewrites every value reference of the bindings through `access`; type references are left alone.
 * Returns null (with a reason) when some reference cannot be rewritten safely.
 */
export function referenceEdits(ctx: FileContext, bindings: BindingUsage[], access: (b: BindingUsage) => Access, positions: RefPositions): TextEdit[] | string {
  const edits: TextEdit[] = [];
  for (const b of bindings) {
    const acc = access(b);
    for (const r of b.references) {
      if (r.context === 'type') continue;
      if (ctx.source.slice(r.start, r.end) !== b.local) return `reference to '${b.local}' at line ${r.line} is not a plain identifier`;
      let text: string;
      if (r.kind === 'call') text = acc.member ? `(0, ${acc.text})` : acc.text;
      else if (r.kind === 'new' || positions.newHead.has(r.start)) text = `(${acc.text})`;
      else if (r.kind === 'jsx' || r.kind === 'export' || r.kind === 'write' || r.kind === 'member-write') return `'${b.local}' is used in a way a loader cannot replace (${r.kind}, line ${r.line})`;
      else text = acc.text;
      if (positions.shorthand.has(r.start)) text = `${b.local}: ${acc.text}`;
      edits.push({ start: r.start, end: r.end, text });
    }
  }
  return edits;
}

/** The offset right after the last top-level import (and its line break), or null when code runs before it. */
export function afterLastImport(ctx: FileContext): { offset: number; needsEol: boolean } | null {
  const body = ctx.program['body'] as AstNode[];
  let last: AstNode | null = null;
  let codeBefore = false;
  for (const s of body) {
    // Re-exports with a source are hoisted like imports, so they do not count as code before one.
    const isImport =
      s.type === 'ImportDeclaration' ||
      (s.type === 'TSImportEqualsDeclaration' && (s['moduleReference'] as AstNode).type === 'TSExternalModuleReference') ||
      ((s.type === 'ExportNamedDeclaration' || s.type === 'ExportAllDeclaration') && s['source'] != null);
    const isDirective = s.type === 'ExpressionStatement' && typeof s['directive'] === 'string';
    if (isImport) {
      if (codeBefore) return null;
      last = s;
    } else if (!isDirective) codeBefore = true;
  }
  if (!last) return { offset: 0, needsEol: false };
  const offset = lineEndAfter(ctx.source, last.end);
  return offset === last.end ? { offset, needsEol: true } : { offset, needsEol: false };
}

/**
 * Where the loader goes when code runs between the imports (a bundle's output, a polyfill set up
 * between two imports): before the first statement after the directives. Imports are hoisted, so
 * the code before the last import already ran after every import; the loader, which needs
 * nothing but `node:module`, now runs before any of that code, which therefore cannot call it
 * before it exists.
 */
function beforeCode(ctx: FileContext): { offset: number; needsEol: boolean } {
  const body = ctx.program['body'] as AstNode[];
  let lastDirective: AstNode | null = null;
  for (const s of body) {
    if (s.type !== 'ExpressionStatement' || typeof s['directive'] !== 'string') break;
    lastDirective = s;
  }
  if (!lastDirective) return { offset: body[0]!.start, needsEol: false };
  const offset = lineEndAfter(ctx.source, lastDirective.end);
  return { offset, needsEol: offset === lastDirective.end };
}

/** The records of one lazy plan, checked against the file (a stale plan names other imports). */
export function planRecords(parsed: ParsedModule, specifier: string, importIndexes: number[] | undefined): { index: number; rec: ImportRecord }[] | string {
  const idx = importIndexes && importIndexes.length ? importIndexes : parsed.imports.map((r, i) => (r.specifier === specifier ? i : -1)).filter((i) => i >= 0);
  const out: { index: number; rec: ImportRecord }[] = [];
  for (const i of idx) {
    const rec = parsed.imports[i];
    if (!rec || rec.specifier !== specifier) return `the plan does not match the file (import #${i} is not '${specifier}')`;
    out.push({ index: i, rec });
  }
  return out;
}

/** True when every import of the specifier is already lazy or type-only: a re-run has nothing to do. */
export function alreadyDone(parsed: ParsedModule, specifier: string): boolean {
  const recs = parsed.imports.filter((r) => r.specifier === specifier);
  return recs.length > 0 && recs.every((r) => r.kind === 'type' || r.kind === 'dynamic' || r.nested === true || (r.names.length > 0 && r.names.every((n) => n.isType)));
}

/** Type-only remainder of a lazily loaded TS import: names still used in types keep an `import type`. */
export function typeImportLines(ctx: FileContext, stmt: ImportStatement, bindings: BindingUsage[], specifier: string): string[] {
  if (ctx.lang !== 'ts') return [];
  const typeSpecs: RenderSpecifier[] = [];
  for (const s of stmt.specifiers) {
    const b = bindings.find((x) => x.local === s.local);
    const usedAsType = s.isType || (b ? b.references.some((r) => r.context === 'type') : false);
    if (usedAsType) typeSpecs.push({ imported: s.imported, local: s.local, isType: true });
  }
  if (typeSpecs.length === 0) return [];
  if (stmt.style === 'import-equals') return [`import type ${typeSpecs[0]!.local} = require(${stmt.source.quote}${specifier}${stmt.source.quote});`];
  return renderImport(typeSpecs, specifier, stmt.source.quote, 'import');
}

export interface LazyPlanInput {
  specifier: string;
  importIndexes?: number[];
}

/** Edits for one shape-A lazy plan (all imports of one specifier in the file). */
export function lazyEdits(ctx: FileContext, plan: LazyPlanInput, opts: LazyOptions, state: LazyFileState, safety: SafetyContext = {}): TransformResult {
  return loaderEdits(ctx, plan, opts, state, safety, 'require');
}

/** Shared by shapes A (`require`) and D (`dynamic`): the loader, the statements, every reference. */
export function loaderEdits(ctx: FileContext, plan: LazyPlanInput, opts: LazyOptions, state: LazyFileState, safety: SafetyContext, shape: 'require' | 'dynamic'): TransformResult {
  const { specifier } = plan;
  const recs = planRecords(ctx.parsed, specifier, plan.importIndexes);
  if (typeof recs === 'string') return alreadyDone(ctx.parsed, specifier) ? { edits: [] } : { skipped: recs };
  if (recs.length === 0) return { skipped: `no import of '${specifier}'` };
  if (alreadyDone(ctx.parsed, specifier)) return { edits: [] };
  for (const { index } of recs) {
    const v = lazySafety(ctx.parsed, index, { ...safety, shape });
    if (!v.ok) return { skipped: v.reason };
  }
  // Every import of this source must go lazy together, or the package still loads at startup.
  const others = ctx.parsed.imports.filter((r, i) => r.specifier === specifier && !recs.some((x) => x.index === i) && r.kind !== 'type' && r.kind !== 'dynamic' && !r.nested && !r.names.every((n) => n.isType));
  if (others.length) return { skipped: `'${specifier}' is imported eagerly elsewhere in this file (line ${others[0]!.line})` };

  const names = loaderNames(ctx.source, specifier, state);
  const interop: DefaultInterop = defaultInteropFor(opts.format, opts.nodeEsmDefault ? 'cjs' : 'esm', opts.esModuleInterop);
  const positions = refPositions(ctx.program);
  const edits: TextEdit[] = [];
  let usesInteropHelper = false;
  const stmts: { stmt: ImportStatement; typeLines: string[] }[] = [];

  for (const { index, rec } of recs) {
    // An interop helper's wrapper (src/graph/interop-helpers.ts) goes into the loader, in JavaScript only (no types to write).
    const stmt = findImportStatement(ctx.program, rec, shape === 'require' && ctx.lang === 'js' ? { source: ctx.source } : {});
    const bindings = ctx.parsed.bindings.filter((b) => b.importIndex === index && !b.declaredAsType);
    if (!stmt) {
      // The parse says how the declaration is written (the rule reports it without a fix).
      const declared = bindings.find((b) => b.declaration !== undefined)?.declaration;
      return { skipped: declared ? declarationProblem(declared, rec.line) : 'unsupported import shape (several declarators, nested pattern or not top level)' };
    }
    if (shape === 'dynamic' && stmt.style === 'import-equals') return { skipped: '`import x = require()` keeps require semantics: use the require shape' };
    if (shape === 'require' && stmt.style === 'import' && opts.format === 'cjs' && opts.esModuleInterop) {
      // tsc wraps a namespace import in __importStar: a copy with a synthesized `default`. Members
      // other than `default` read the same; the object itself and its `default` do not.
      for (const b of bindings.filter((x) => x.imported === '*')) {
        const r = b.references.find((x) => x.context !== 'type' && (x.kind !== 'member' || DOT_DEFAULT.test(ctx.source.slice(x.end, x.end + 40))));
        if (r) return { skipped: `namespace '${b.local}' is used as a whole or via .default (line ${r.line}); under esModuleInterop it is an __importStar copy` };
      }
    }
    const access = (b: BindingUsage): Access => {
      if (shape === 'dynamic') return dynamicAccess(b, stmt, names.loader, opts);
      const base = `${names.loader}()`;
      if (b.imported === '*') return { text: base, member: false };
      if (b.imported === 'default' && stmt.style === 'import') {
        if (interop === 'interop') {
          usesInteropHelper = true;
          return { text: `${names.interop}()`, member: false };
        }
        if (interop === 'module-exports') return { text: base, member: false };
        return { text: memberOf(base, 'default'), member: true };
      }
      return { text: memberOf(base, b.imported), member: true };
    };
    const refEdits = referenceEdits(ctx, bindings, access, positions);
    if (typeof refEdits === 'string') return { skipped: refEdits };
    edits.push(...refEdits);
    stmts.push({ stmt, typeLines: typeImportLines(ctx, stmt, ctx.parsed.bindings.filter((b) => b.importIndex === index), specifier) });
  }

  stmts.sort((a, b) => a.stmt.start - b.stmt.start);
  // In the quote style of the import it replaces (a file written with double quotes keeps them).
  const q = stringLiteral(specifier, stmts[0]?.stmt.source.quote ?? "'");
  // One loader for every statement: they must agree on the wrapper.
  const wraps = new Set(stmts.map((x) => (x.stmt.wrap ? `${x.stmt.wrap.before}\0${x.stmt.wrap.after}` : '')));
  if (wraps.size > 1) return { skipped: `'${specifier}' is required both with and without an interop helper (or with two) in this file` };
  const wrap = stmts[0]?.stmt.wrap;
  const loader = shape === 'dynamic' ? dynamicLoaderLines(ctx, q, names, opts.oldNode) : loaderLines(ctx, q, names, usesInteropHelper, opts.oldNode, wrap);
  if (stmts.every((x) => x.stmt.style !== 'import')) {
    // require / import-equals: the loader takes the first statement's place, so its position
    // relative to the code around it (and any TDZ) is unchanged.
    stmts.forEach((x, i) => edits.push(replaceStatement(ctx, x.stmt, i === 0 ? [...x.typeLines, ...loader] : x.typeLines)));
    return { edits };
  }
  const anchor = afterLastImport(ctx) ?? beforeCode(ctx);
  for (const x of stmts) edits.push(replaceStatement(ctx, x.stmt, x.typeLines));
  const header: string[] = [];
  if (shape === 'require' && opts.format === 'esm' && !state.requireInjected) {
    if (ctx.parsed.declaresRequire) return { skipped: 'the file declares its own `require`' };
    const cr = nameTakenPlain(ctx.source, 'createRequire') ? '$createRequire' : 'createRequire';
    const nodeModule = stringLiteral('node:module', stmts[0]?.stmt.source.quote ?? "'");
    header.push(cr === 'createRequire' ? `import { createRequire } from ${nodeModule};` : `import { createRequire as ${cr} } from ${nodeModule};`);
    header.push(`const require = ${cr}(import.meta.url);`);
    state.requireInjected = true;
  }
  const lines = [...header, ...loader];
  const text = (anchor.needsEol ? ctx.eol : '') + lines.join(ctx.eol) + (anchor.needsEol ? '' : ctx.eol);
  edits.push({ start: anchor.offset, end: anchor.offset, text });
  return { edits };
}

function nameTakenPlain(source: string, name: string): boolean {
  return new RegExp(`(?<![\\w$])${name}(?![\\w$])`).test(source);
}

/** The memoised loader (and the default-interop helper when a default import needs it); `q`: the specifier as a string literal. */
function loaderLines(ctx: FileContext, q: string, names: { loader: string; cache: string; interop: string }, interopHelper: boolean, oldNode?: boolean, wrap?: { before: string; after: string }): string[] {
  const lines: string[] = [];
  if (ctx.lang === 'ts') {
    const t = `typeof import(${q})`;
    lines.push(`let ${names.cache}: ${t} | undefined;`);
    lines.push(`const ${names.loader} = (): ${t} => (${memo(names.cache, `require(${q})`, oldNode)});`);
    if (interopHelper) {
      // Same test as tsc's __importDefault: an ES-module-shaped CommonJS export keeps its `default`.
      // An `export =` module has no `default` in its type: the default import is then the module itself.
      lines.push(`const ${names.interop} = (): (${t} extends { default: infer D } ? D : ${t}) => { const m: any = ${names.loader}(); return m && m.__esModule ? m.default : m; };`);
    }
  } else {
    lines.push(`let ${names.cache};`);
    lines.push(`const ${names.loader} = () => (${memo(names.cache, `${wrap?.before ?? ''}require(${q})${wrap?.after ?? ''}`, oldNode)});`);
    if (interopHelper) lines.push(`const ${names.interop} = () => { const m = ${names.loader}(); return m && m.__esModule ? m.default : m; };`);
  }
  return lines;
}

/** Builds the per-file context from source text and its ParsedModule. */
export function fileContext(file: string, source: string, parsed: ParsedModule, opts: { format?: 'esm' | 'cjs'; esModuleInterop?: boolean } = {}): FileContext {
  const { program } = parseProgram(file, source);
  const lang = /\.[cm]?tsx?$/.test(file) ? 'ts' : 'js';
  return { file, source, program, parsed, eol: detectEol(source), lang, format: opts.format ?? parsed.format, esModuleInterop: opts.esModuleInterop ?? false };
}

/** Makes every import of `specifier` in the file lazy (shape A); the code, or why it was left alone. */
export function transformLazy(source: string, parsed: ParsedModule, specifier: string, opts: LazyOptions & { safety?: SafetyContext }): { code: string } | { skipped: string } {
  const ctx = fileContext(parsed.file, source, parsed, { format: opts.format, esModuleInterop: opts.esModuleInterop });
  ctx.lang = opts.lang;
  const r = lazyEdits(ctx, { specifier }, opts, { requireInjected: false, usedNames: new Set() }, opts.safety);
  if ('skipped' in r) return r;
  return { code: applyEdits(source, r.edits) };
}

/**
 * Shape D access: `(await $m())` is what `import()` resolves to, the module namespace. A default
 * import (or a CommonJS `require` of a CommonJS target) is its `default`; named exports are members.
 */
function dynamicAccess(b: BindingUsage, stmt: ImportStatement, loader: string, opts: LazyOptions): Access {
  const ns = `(await ${loader}())`;
  // `require()` of a CommonJS target returned module.exports, which import() exposes as `default`.
  const viaExports = stmt.style === 'require' && opts.nodeEsmDefault;
  if (b.imported === '*') return viaExports ? { text: `${ns}.default`, member: true } : { text: ns, member: false };
  if (b.imported === 'default') return { text: `${ns}.default`, member: true };
  return { text: memberOf(viaExports ? `${ns}.default` : ns, b.imported), member: true };
}

/** The memoised promise loader of shape D; `q`: the specifier as a string literal. */
function dynamicLoaderLines(ctx: FileContext, q: string, names: { loader: string; cache: string }, oldNode?: boolean): string[] {
  if (ctx.lang === 'ts') {
    // The promise type is inferred from import() itself: under node16/nodenext a `typeof import()`
    // type in a CommonJS file is the require view, while import() resolves to the ESM view.
    const load = `${names.loader}_import`;
    return [`const ${load} = () => import(${q});`, `let ${names.cache}: ReturnType<typeof ${load}> | undefined;`, `const ${names.loader} = () => (${memo(names.cache, `${load}()`, oldNode)});`];
  }
  return [`let ${names.cache};`, `const ${names.loader} = () => (${memo(names.cache, `import(${q})`, oldNode)});`];
}
