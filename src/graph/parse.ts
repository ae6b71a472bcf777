/**
 * Per-file parsing: oxc-parser once, then one scope-aware walk (parse-walk.ts) that yields the
 * file's imports, exports and how every imported binding is used. Semantics: src/graph/PARSE.md.
 */
import type { EcmaScriptModule, OxcError, ParserOptions } from 'oxc-parser';
// The native parse and oxc-parser's own AST deserialiser, not its wrapper: the wrapper takes every
// field of the result, and turning the module record into JS objects cost as much as the parse
// itself on files with many exports.
import { parseSync as parseNative } from 'oxc-parser/src-js/bindings';
import { jsonParseAst } from 'oxc-parser/src-js/wrap.js';
import { detach } from './detach.js';
import { rawParse } from './oxc-raw.js';
import { isInteropHelperName } from './interop-helpers.js';
import { Walker, expressionText, literalString } from './parse-walk.js';
import type { FnCtx, ImportDraft, N } from './parse-walk.js';
import { summarizeBinding } from './usage.js';
import type { BindingReference, ExportRecord, ImportKind, ImportRecord, ParsedModule, ParseError } from './types.js';

/**
 * Maps UTF-16 offsets to 1-based line/column. Line starts are found only as far as the offsets
 * asked for: imports sit near the top of most files, and scanning each whole file took 50 ms of a
 * 1.7 s `perf-lint graph` of the 5,166-file benchmark input.
 */
export class LineIndex {
  private readonly starts = [0];
  /** Characters before this offset have been scanned for line breaks. */
  private scanned = 0;
  constructor(private readonly source: string) {}

  /** Whether every line break is `\n` (so indexOf finds them); undefined until first scanned. */
  private plain: boolean | undefined;

  private scanTo(end: number): void {
    const s = this.source;
    const starts = this.starts;
    const n = Math.min(end, s.length);
    let i = this.scanned;
    // Most files break lines with \n alone: indexOf jumps from one to the next, where a loop over
    // every character took 290 ms of a usage build of 48 MB of TypeScript.
    this.plain ??= s.indexOf('\r') === -1 && s.indexOf('\u2028') === -1 && s.indexOf('\u2029') === -1;
    if (this.plain) {
      for (let nl = s.indexOf('\n', i); nl !== -1 && nl < n; nl = s.indexOf('\n', nl + 1)) starts.push(nl + 1);
      this.scanned = n;
      return;
    }
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 10 || c === 0x2028 || c === 0x2029) starts.push(i + 1);
      else if (c === 13) {
        if (s.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.scanned = i;
  }

  /** 1-based line and column (column counts UTF-16 code units, as editors and ESLint do). */
  pos(offset: number): { line: number; column: number } {
    // Every break before `offset` starts a line at or before it.
    if (offset >= this.scanned) this.scanTo(offset);
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }
}

/** The extension that decides grammar and format ('.d.ts' for declaration files). */
export function extOf(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  if (/\.d\.[cm]?ts$/.test(base)) return '.d.ts';
  const dot = base.lastIndexOf('.');
  return dot === -1 ? '' : base.slice(dot).toLowerCase();
}

export function langOf(ext: string): ParserOptions['lang'] {
  switch (ext) {
    case '.ts':
    case '.mts':
    case '.cts':
      return 'ts';
    case '.tsx':
      return 'tsx';
    case '.d.ts':
      return 'dts';
    default:
      // JSX is common in .js files; the jsx grammar is a superset of plain JS here.
      return 'jsx';
  }
}

export function formatFromExt(ext: string): 'esm' | 'cjs' | undefined {
  if (ext === '.mjs' || ext === '.mts') return 'esm';
  if (ext === '.cjs' || ext === '.cts') return 'cjs';
  return undefined;
}

/** One parse of oxc. */
export interface Parsed {
  errors: OxcError[];
  /** Read only when needed (format detection, a file that did not parse). */
  readonly module: EcmaScriptModule;
  readonly program: N;
}

/**
 * oxc's parse: by raw transfer where it works here (oxc-raw.ts), else the native parse with each
 * field taken out of Rust when first read. What the native parse leaves unread is freed by the
 * result's finalizer, which runs only when the event loop turns: a long run of parses must yield
 * now and then (build.ts does), or that memory piles up.
 */
export function parseOnce(file: string, source: string, options: ParserOptions): Parsed {
  const raw = rawParse(file, source, options);
  if (raw) return raw;
  return new NativeResult(parseNative(file, source, options));
}

/** A class rather than an object literal with getters, for the reason given at oxc-raw.ts's RawResult. */
class NativeResult implements Parsed {
  readonly errors: OxcError[];
  private moduleValue: EcmaScriptModule | undefined;
  private programValue: N | undefined;

  constructor(private readonly native: ReturnType<typeof parseNative>) {
    this.errors = native.errors;
  }

  get module(): EcmaScriptModule {
    return (this.moduleValue ??= this.native.module);
  }

  get program(): N {
    return (this.programValue ??= jsonParseAst(this.native.program) as N);
  }
}

/** Parses one file: its imports and how each imported binding is used. Never throws on a syntax error (sets parseError). */
export function parseModule(file: string, source: string, opts?: { format?: 'esm' | 'cjs' }): ParsedModule {
  return detach(parseTree(file, source, opts));
}

function parseTree(file: string, source: string, opts?: { format?: 'esm' | 'cjs' }): ParsedModule {
  const ext = extOf(file);
  const lang = langOf(ext);
  const hint = opts?.format ?? formatFromExt(ext);
  const sourceType = hint === 'esm' ? 'module' : hint === 'cjs' ? 'commonjs' : 'unambiguous';
  let result = parseOnce(file, source, { lang, sourceType, preserveParens: false });
  if (!hint && result.errors.length > 0 && !result.module.hasModuleSyntax) {
    // Sloppy CommonJS (top-level return, `with`, legacy octals) fails as a module.
    const cjs = parseOnce(file, source, { lang, sourceType: 'commonjs', preserveParens: false });
    if (cjs.errors.length < result.errors.length) result = cjs;
  }
  const format: 'esm' | 'cjs' = hint ?? (result.module.hasModuleSyntax ? 'esm' : 'cjs');
  const lines = new LineIndex(source);

  const out = emptyModule(file, format);
  out.mentionsSuppression = mentionsSuppression(source);
  const pragmas = jsxPragmas(source, ext);
  if (pragmas) out.jsxPragmas = pragmas;

  let parseError: ParseError | undefined;
  if (result.errors.length > 0) {
    const e = result.errors[0];
    const at = e.labels[0]?.start ?? 0;
    const p = lines.pos(at);
    parseError = { file, line: p.line, column: p.column, message: e.message };
    out.parseError = parseError;
  }

  const program = result.program;
  if (program.body.length === 0 && parseError) {
    // oxc gives an empty program on an unrecoverable error; its module record still lists imports.
    out.imports = importsFromModuleRecord(result.module, source, lines);
    return out;
  }

  const w = new Walker(source, langOf(ext) !== 'js' && langOf(ext) !== 'jsx');
  w.walkProgram(program);

  // Resolve references after the walk so hoisted declarations are seen from anywhere.
  const edges: [FnCtx | null, FnCtx][] = [];
  // The calls made on every run of their function (or of the module's top level).
  const mustEdges: [FnCtx | null, FnCtx][] = [];
  // The calls not in a branch that chooses (a loop body counts as taken).
  const unbranchedEdges: [FnCtx | null, FnCtx][] = [];
  for (const r of w.refs) {
    const decl = Walker.resolve(r.name, r.scope, r.typeNs, r.qualifier);
    if (!decl) continue;
    if (decl.binding) decl.binding.refs.push(r);
    if (decl.fn && !r.inType && (r.kind === 'call' || r.kind === 'new')) {
      edges.push([r.exec, decl.fn]);
      if (!r.cond) mustEdges.push([r.exec, decl.fn]);
      if (!r.branch) unbranchedEdges.push([r.exec, decl.fn]);
    }
  }
  // Functions called while the module evaluates run at load too, transitively.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [from, to] of edges) {
      if (!to.calledAtLoad && (from === null || from.calledAtLoad)) {
        to.calledAtLoad = true;
        changed = true;
      }
    }
  }

  const drafts = w.imports.filter((d) => {
    if (!d.requireScope) return true;
    const decl = Walker.resolve('require', d.requireScope, false);
    return decl === null || decl.createRequire;
  });
  drafts.sort((a, b) => a.start - b.start);
  const dts = ext === '.d.ts';
  // One description per function, shared by the references inside it (a usage build of 48 MB of
  // TypeScript had 133,566 references inside functions, in far fewer functions).
  const fnInfo = new Map<FnCtx, NonNullable<BindingReference['fn']>>();
  const infoOf = (ctx: FnCtx): NonNullable<BindingReference['fn']> => {
    let info = fnInfo.get(ctx);
    if (info === undefined) {
      info = { name: ctx.name, async: ctx.async, line: lines.pos(ctx.start).line };
      fnInfo.set(ctx, info);
    }
    return info;
  };

  // Per binding (in out.bindings order): the functions its references run in on every run of them,
  // and those where it is called (`b()`, `new b()`) there.
  const bindingExecs: { uses: Set<FnCtx>; calls: Set<FnCtx> }[] = [];
  // Local functions that run on every load of the module.
  const mustCalls = callMap(mustEdges);
  const mustAtLoad = reachOf(null, mustCalls);
  // Functions that run at load on every path that does not choose (see BindingReference.branch).
  const unbranchedAtLoad = reachOf(null, callMap(unbranchedEdges));
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i];
    out.imports.push(toRecord(d, lines, dts, unbranchedAtLoad));
    for (const b of d.bindings) {
      const execs = { uses: new Set<FnCtx>(), calls: new Set<FnCtx>() };
      for (const r of b.refs) {
        if (r.inType || r.cond || r.exec === null) continue;
        execs.uses.add(r.exec);
        if (r.kind === 'call' || r.kind === 'new') execs.calls.add(r.exec);
      }
      bindingExecs.push(execs);
      const refs: BindingReference[] = [];
      const metaFlags: boolean[] = [];
      b.refs.sort((x, y) => x.start - y.start);
      for (const r of b.refs) {
        const p = lines.pos(r.start);
        const context = r.inType ? 'type' : r.exec === null || r.exec.calledAtLoad ? 'load' : 'function';
        const ref: BindingReference = {
          line: p.line,
          column: p.column,
          start: r.start,
          end: r.end,
          context,
          inTry: r.inTry,
          kind: r.inType && r.kind !== 'export' ? 'read' : r.kind,
        };
        if (r.fn) ref.fn = infoOf(r.fn);
        if (context === 'load' && r.exec !== null && (r.branch || !unbranchedAtLoad.has(r.exec))) ref.branch = true;
        // A call of the binding (or of a member of it) made on every load of this module.
        if (!r.inType && !r.cond && (r.exec === null || mustAtLoad.has(r.exec)) && (r.kind === 'call' || r.kind === 'new' || r.calls !== undefined)) {
          (out.loadCalls ??= []).push({ binding: bindingExecs.length - 1, member: r.kind === 'call' || r.kind === 'new' ? null : (r.calls ?? null), line: p.line });
        }
        refs.push(ref);
        metaFlags.push(r.meta);
      }
      const link = refs.length === 0 ? docLink(source, b.local) : -1;
      if (link !== -1) {
        // Named by a doc comment's {@link}: TypeScript counts that as a use (noUnusedLocals).
        const p = lines.pos(link);
        refs.push({ line: p.line, column: p.column, start: link, end: link + b.local.length, context: 'type', inTry: false, kind: 'read' });
        metaFlags.push(false);
      }
      out.bindings.push(
        summarizeBinding({
          local: b.local,
          imported: b.imported,
          specifier: d.specifier,
          importIndex: i,
          declaredAsType: b.declaredAsType || dts,
          references: refs,
          metadata: metaFlags,
          declaration: d.declaration,
        }),
      );
    }
  }

  if (/\.[cm]?jsx?$/.test(ext) && source.includes('/**') && out.bindings.some((b) => b.unused)) {
    const named = jsdocTypeNames(source);
    const inDocs = out.bindings.filter((b) => b.unused && named.has(b.local)).map((b) => b.local);
    if (inDocs.length > 0) out.jsdocTypeNames = inDocs;
  }

  out.exports = w.exports;
  for (let i = 0; i < out.exports.length; i++) out.exports[i].line = lines.pos(w.exportStarts[i]).line;
  const values = w.exportValues;
  if (format === 'cjs') commonJsExports(program, lines, out.exports, (exported, value) => values.push({ exported, local: value.type === 'Identifier' ? value.name : null, start: value.start }));
  const reach = callReach(values, (v) => (v.local !== null ? w.moduleFn(v.local) : (w.fnByStart.get(v.start) ?? null)), mustCalls, bindingExecs);
  if (reach.length > 0) out.callReach = reach;
  out.hasTopLevelAwait = w.hasTopLevelAwait;
  out.declaresRequire = w.declaresRequire;
  out.topLevelEffects = countTopLevelEffects(program);
  return out;
}

/**
 * Offset of `name` as the target of a JSDoc `{@link name}`, `{@linkcode name.x}` or
 * `{@linkplain name}` (or `@see {@link ...}`), or -1. A text search: the syntax tree has no
 * comments, and a match in a string only keeps an import from being called unused.
 */
function docLink(source: string, name: string): number {
  if (!source.includes('@link')) return -1;
  const escaped = name.replace(/[$]/g, '\\$');
  const m = new RegExp(`\\{@link(?:code|plain)?\\s+(${escaped})(?![\\w$])`).exec(source);
  return m ? m.index + m[0].length - name.length : -1;
}

/**
 * The identifiers in the type expressions of JSDoc block tags (`@param {Foo}`, `@type
 * {import('x').Y | Z}`, `@returns {Promise<Foo>}`): the braces right after a tag, in `/** *\/`
 * comments. Names after a dot and string contents are left out; `{@link x}` is an inline tag, not
 * a type (docLink handles it). A text search, like docLink: the syntax tree has no comments.
 */
function jsdocTypeNames(source: string): Set<string> {
  const names = new Set<string>();
  for (let at = source.indexOf('/**'); at !== -1; at = source.indexOf('/**', at + 3)) {
    const end = source.indexOf('*/', at + 3);
    if (end === -1) break;
    const block = source.slice(at + 3, end);
    for (const tag of block.matchAll(/@[A-Za-z]+\s*\{/g)) {
      let i = (tag.index ?? 0) + tag[0].length;
      const start = i;
      for (let depth = 1; i < block.length && depth > 0; i++) {
        if (block[i] === '{') depth++;
        else if (block[i] === '}') depth--;
      }
      const type = block.slice(start, i - 1).replace(/(['"`])(?:\\.|(?!\1)[^\\])*\1/g, "''");
      for (const id of type.matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*/g)) names.add(id[0]);
    }
    at = end;
  }
  return names;
}

function toRecord(d: ImportDraft, lines: LineIndex, dts: boolean, unbranchedAtLoad: ReadonlySet<FnCtx>): ImportRecord {
  const p = lines.pos(d.start);
  const rec: ImportRecord = {
    specifier: d.specifier,
    kind: dts ? 'type' : d.kind,
    line: p.line,
    column: p.column,
    start: d.start,
    end: d.end,
    names: d.names,
  };
  if (d.unresolvedDynamic) rec.unresolvedDynamic = true;
  // "Nested" means already lazy: inside a function that does not run while the module evaluates,
  // or that runs then only on some runs (the require behind a branch, as a use is: Ref.branch).
  if (d.exec !== null && (!d.exec.calledAtLoad || d.branch || !unbranchedAtLoad.has(d.exec))) rec.nested = true;
  if (d.inTry) rec.inTry = true;
  if (d.importEquals) rec.importEquals = true;
  return rec;
}

type ModuleRecord = EcmaScriptModule;

/**
 * The names JSX pragmas in comments make the factory (see ParsedModule.jsxPragmas), or undefined.
 * Any comment counts, as in Babel (TypeScript reads only the leading ones): a name wrongly taken
 * for a factory only keeps its import. Never in .ts/.mts/.cts files, which cannot hold JSX.
 */
export function jsxPragmas(source: string, ext: string): string[] | undefined {
  if (!source.includes('@jsx') || ext === '.ts' || ext === '.mts' || ext === '.cts' || ext === '.d.ts') return undefined;
  const names = new Set<string>();
  for (const m of source.matchAll(/@jsx(?:Frag)?[ \t]+([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
  if (/@jsxRuntime[ \t]+classic\b/.test(source)) names.add('React');
  return names.size > 0 ? [...names] : undefined;
}

/** A module with nothing found yet (filled by the parser or the fast scan). */
/** Whether a source may hold suppression directives (the engine reads only those files for them). */
export function mentionsSuppression(source: string): boolean {
  return source.includes('perf-lint-disable');
}

export function emptyModule(file: string, format: 'esm' | 'cjs'): ParsedModule {
  return { file, format, imports: [], bindings: [], exports: [], hasTopLevelAwait: false, declaresRequire: false, topLevelEffects: 0 };
}

/** The imports oxc's module record knows (static imports, `export ... from`, dynamic imports), sorted by offset. */
export function importsFromModuleRecord(mod: ModuleRecord, source: string, lines: LineIndex): ImportRecord[] {
  const out: ImportRecord[] = [];
  const push = (specifier: string, kind: ImportKind, start: number, end: number, names: ImportRecord['names'], extra?: Partial<ImportRecord>) => {
    const p = lines.pos(start);
    out.push({ specifier, kind, line: p.line, column: p.column, start, end, names, ...extra });
  };
  for (const imp of mod.staticImports) {
    const names = imp.entries.map((e) => ({
      imported: e.importName.kind === 'Default' ? 'default' : e.importName.kind === 'NamespaceObject' ? '*' : (e.importName.name ?? ''),
      local: e.localName.value,
      isType: e.isType,
    }));
    const kind: ImportKind = names.length === 0 ? 'side-effect' : names.every((n) => n.isType) ? 'type' : 'static';
    push(imp.moduleRequest.value, kind, imp.start, imp.end, names);
  }
  for (const exp of mod.staticExports) {
    // `import { a } from 'x'; export { a }` gives an export entry with a module request that spans
    // the import statement (an ES indirect export): only `export ... from` is a re-export.
    if (!source.startsWith('export', exp.start)) continue;
    const withSource = exp.entries.filter((e) => e.moduleRequest && e.moduleRequest.start >= exp.start && e.moduleRequest.end <= exp.end);
    if (withSource.length === 0) continue;
    const names = withSource.map((e) => ({
      imported: e.importName.kind === 'Name' ? (e.importName.name ?? '') : '*',
      local: null,
      isType: e.isType,
    }));
    const kind: ImportKind = names.every((n) => n.isType) ? 'type' : 'reexport';
    push(withSource[0].moduleRequest!.value, kind, exp.start, exp.end, names);
  }
  for (const dyn of mod.dynamicImports) {
    const text = source.slice(dyn.moduleRequest.start, dyn.moduleRequest.end);
    const lit = /^(['"`])([^'"`$\\]*)\1$/.exec(text);
    push(lit ? lit[2] : expressionText(text), 'dynamic', dyn.start, dyn.end, [], lit ? undefined : { unresolvedDynamic: true });
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}

/** True for `exports.x`, `module.exports`, `module.exports.x` (CommonJS export plumbing). */
function isExportsTarget(n: N): boolean {
  if (n.type === 'Identifier') return n.name === 'exports';
  if (n.type !== 'MemberExpression') return false;
  const o: N = n.object;
  if (o.type === 'Identifier' && (o.name === 'exports' || o.name === 'module')) {
    return o.name === 'exports' || (!n.computed && n.property.name === 'exports');
  }
  return isExportsTarget(o);
}

/** The specifier of `require('x')` (also inside an interop helper call), or null. */
function requiredSpecifier(n: N): string | null {
  if (n.type !== 'CallExpression') return null;
  if (isRequireCall(n)) return literalString(n.arguments[0]);
  const c: N = n.callee;
  const helper = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' && !c.computed ? c.property.name : '';
  if (isInteropHelperName(helper) && n.arguments[0]) {
    return requiredSpecifier(n.arguments[0]);
  }
  return null;
}

/** The property name written by `exports.x =` / `module.exports.x =`; 'default' for `module.exports =`. */
function exportsTargetName(n: N): string | null {
  if (n.type !== 'MemberExpression') return null;
  const o: N = n.object;
  const prop = n.computed ? literalString(n.property) : n.property.type === 'Identifier' ? n.property.name : null;
  if (o.type === 'Identifier' && o.name === 'module') return prop === 'exports' ? 'default' : null;
  if (o.type === 'Identifier' && o.name === 'exports') return prop;
  if (exportsTargetName(o) === 'default') return prop;
  return null;
}

/** Calls by caller (null: the module's top level). */
type CallMap = Map<FnCtx | null, FnCtx[]>;

function callMap(edges: readonly [FnCtx | null, FnCtx][]): CallMap {
  const map: CallMap = new Map();
  for (const [from, to] of edges) {
    const list = map.get(from);
    if (list) list.push(to);
    else map.set(from, [to]);
  }
  return map;
}

/** The functions a call from `from` (null: the module's top level) runs, through `calls`. */
function reachOf(from: FnCtx | null, calls: CallMap): Set<FnCtx> {
  const reached = new Set<FnCtx>();
  const queue: (FnCtx | null)[] = [from];
  if (from) reached.add(from);
  for (let head = 0; head < queue.length; head++) {
    for (const next of calls.get(queue[head]) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  return reached;
}

/**
 * For each value export that is a function or class of this module: the bindings (indexes into
 * `bindings`) that every call of it uses, through the functions it always calls in turn, and those
 * of them it calls. Uses in a branch do not count: a command dispatcher calls each handler on some
 * runs only. A module that calls the export while it loads makes those uses load-time uses too
 * (src/engine/load-calls.ts).
 */
function callReach(
  values: readonly { exported: string; local: string | null; start: number }[],
  fnOf: (v: { exported: string; local: string | null; start: number }) => FnCtx | null,
  edges: CallMap,
  bindingExecs: readonly { uses: Set<FnCtx>; calls: Set<FnCtx> }[],
): { exported: string; bindings: number[]; calls: number[] }[] {
  const out: { exported: string; bindings: number[]; calls: number[] }[] = [];
  if (values.length === 0 || bindingExecs.every((e) => e.uses.size === 0)) return out;
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v.exported)) continue;
    const fn = fnOf(v);
    if (!fn) continue;
    seen.add(v.exported);
    const reached = reachOf(fn, edges);
    const bindings: number[] = [];
    const calls: number[] = [];
    for (let i = 0; i < bindingExecs.length; i++) {
      const { uses, calls: called } = bindingExecs[i];
      if ([...uses].some((e) => reached.has(e))) bindings.push(i);
      if ([...called].some((e) => reached.has(e))) calls.push(i);
    }
    if (bindings.length > 0) out.push({ exported: v.exported, bindings, calls });
  }
  return out;
}

/**
 * Top-level CommonJS exports, as written by hand and by tsc/Babel: `exports.x = ...`,
 * `module.exports = ...` ('default'; `module.exports = require('y')` re-exports '*' from y),
 * `Object.defineProperty(exports, 'x', ...)`, and `__exportStar(require('y'), exports)`.
 */
function commonJsExports(program: N, lines: LineIndex, out: ExportRecord[], onValue?: (exported: string, value: N) => void): void {
  const seen = new Set(out.map((e) => e.exported));
  const add = (exported: string, start: number, from?: { specifier: string; imported: string }): void => {
    if (exported === '__esModule' || (seen.has(exported) && exported !== '*')) return;
    seen.add(exported);
    const rec: ExportRecord = { exported, isType: false, line: lines.pos(start).line };
    if (from) rec.from = from;
    out.push(rec);
  };
  for (const stmt of program.body as N[]) {
    if (stmt.type !== 'ExpressionStatement') continue;
    const exprs: N[] = stmt.expression.type === 'SequenceExpression' ? stmt.expression.expressions : [stmt.expression];
    for (let e of exprs) {
      // `exports.a = exports.b = value` chains; tsc's `exports.a = void 0` placeholders are not exports.
      const names: string[] = [];
      while (e.type === 'AssignmentExpression' && e.operator === '=') {
        const name = exportsTargetName(e.left);
        if (name === null) break;
        names.push(name);
        e = e.right;
      }
      if (names.length > 0) {
        if (e.type === 'UnaryExpression' && e.operator === 'void') continue;
        const spec = requiredSpecifier(e);
        const member = e.type === 'MemberExpression' && !e.computed ? requiredSpecifier(e.object) : null;
        for (const name of names) {
          if (spec !== null) add(name === 'default' ? '*' : name, stmt.start, { specifier: spec, imported: '*' });
          else if (member !== null) add(name, stmt.start, { specifier: member, imported: e.property.name });
          else {
            add(name, stmt.start);
            onValue?.(name, e);
          }
        }
        continue;
      }
      if (e.type !== 'CallExpression') continue;
      const c: N = e.callee;
      const args: N[] = e.arguments;
      if (
        c.type === 'MemberExpression' &&
        c.object.type === 'Identifier' &&
        c.object.name === 'Object' &&
        c.property.name === 'defineProperty' &&
        args[0] &&
        isExportsTarget(args[0])
      ) {
        const name = literalString(args[1]);
        if (name !== null) add(name, stmt.start);
      } else if (c.type === 'Identifier' && /^(__exportStar|__export|_exportStar)$/.test(c.name) && args[0]) {
        const spec = requiredSpecifier(args[0]);
        if (spec !== null) add('*', stmt.start, { specifier: spec, imported: '*' });
      } else if (
        c.type === 'MemberExpression' &&
        c.object.type === 'Identifier' &&
        c.object.name === 'Object' &&
        c.property.name === 'assign' &&
        args[0] &&
        isExportsTarget(args[0])
      ) {
        for (const a of args.slice(1)) {
          const spec = requiredSpecifier(a);
          if (spec !== null) add('*', stmt.start, { specifier: spec, imported: '*' });
        }
      }
    }
  }
}

function isRequireCall(n: N): boolean {
  return n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require';
}

/**
 * Counts top-level expression statements with a visible effect (calls, `new`, assignments,
 * updates), ignoring CommonJS export plumbing (`exports.x =`, `module.exports =`,
 * `Object.defineProperty(exports, ...)`, `__exportStar(require(...), exports)`) and bare requires,
 * which the graph already models.
 */
function countTopLevelEffects(program: N): number {
  let count = 0;
  for (const stmt of program.body as N[]) {
    if (stmt.type !== 'ExpressionStatement') continue;
    const exprs: N[] = stmt.expression.type === 'SequenceExpression' ? stmt.expression.expressions : [stmt.expression];
    let effect = false;
    for (let e of exprs) {
      while (e.type === 'UnaryExpression' || e.type === 'AwaitExpression' || e.type === 'ChainExpression') {
        e = e.type === 'ChainExpression' ? e.expression : e.argument;
      }
      if (e.type === 'AssignmentExpression') {
        if (!isExportsTarget(e.left)) effect = true;
      } else if (e.type === 'UpdateExpression' || e.type === 'NewExpression') {
        effect = true;
      } else if (e.type === 'CallExpression') {
        if (isRequireCall(e)) continue;
        const args: N[] = e.arguments;
        if (args.some((a) => isExportsTarget(a))) continue;
        effect = true;
      }
    }
    if (effect) count++;
  }
  return count;
}

