/**
 * `--fix`: applies the rules' fix plans. All plans of a file are applied in one pass over one parse
 * (every edit is an offset into the same original text), the result is re-parsed, and the safe
 * writer writes it atomically (or only diffs it on --dry-run). A plan that is not safe is skipped
 * with its reason; a second run changes nothing.
 */
import { promises as fs, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { nodeSupportResolver, type NodeSupport } from '../config/engines.js';
import { type BrowserBundle, browserBundleResolver, noRequireInBundle } from '../config/browser.js';
import { nodeTypesFor } from '../config/node-types.js';
import type { FixPlan } from '../engine/types.js';
import type { ImportGraph, ParsedModule } from '../graph/types.js';
import { applyEdits, type TextEdit } from './diff.js';
import { barrelEdits } from './barrel.js';
import { deferEdits, deferSupport } from './defer.js';
import { dynamicEdits } from './dynamic.js';
import { hasTopLevelAwait, isBuiltin, isPathSpecifier, parseProgram, walk, type AstNode, packageName, resolveForRequire, resolveWithConditions, type FileContext, type TransformResult } from './interop.js';
import { fileContext, lazyEdits, type LazyFileState, type LazyOptions } from './lazy.js';
import { changesProcess, lazySafety, type SafetyContext } from './safety.js';
import { splitDeclarations } from './split-declarations.js';
import { subpathEdits } from './subpath.js';
import { typeImportEdits } from './type-import.js';
import { displayPath, rollback as rollbackWrites, syntaxError, writeFilesAtomically, type FileChange, type WriteSummary } from './writer.js';

export { writeFilesAtomically, rollback, type WriteSummary, type FileChange, type RollbackResult } from './writer.js';
export { lazySafety, isDenied, EAGER_DENY_LIST, type SafetyContext, type SafetyVerdict } from './safety.js';
export { transformLazy } from './lazy.js';
export { transformDynamic } from './dynamic.js';
export { unifiedDiff } from './diff.js';

/** TypeScript settings that change the emitted code (same shape as src/config/tsconfig.ts TsSettings). */
export interface FixTsOptions {
  esModuleInterop?: boolean;
  emitDecoratorMetadata?: boolean;
  verbatimModuleSyntax?: boolean;
  experimentalDecorators?: boolean;
  /** tsconfig `module`, lower-cased (commonjs, nodenext, esnext, preserve...). */
  module?: string | null;
}

export interface ApplyFixesOptions {
  root: string;
  dryRun: boolean;
  /** The parse of a file's current text; defaults to src/graph's parseModule on the text read here. */
  readParsed?: (file: string, source: string) => ParsedModule;
  tsOptions?: FixTsOptions;
  /** Alias of tsOptions (what src/index.ts passes). */
  ts?: FixTsOptions;
  /** The settings of one file (its own tsconfig's, in a monorepo package); `ts` for every file when omitted. */
  tsFor?: (file: string) => FixTsOptions;
  /** Safety opt-ins and the user's eager list. */
  safety?: Pick<SafetyContext, 'eager' | 'allowRelative' | 'allowBuiltins' | 'allowInTry'>;
  /** 'defer' turns lazy plans into `import defer` where the toolchain supports it (opt-in). */
  lazyShape?: 'auto' | 'defer';
  /** The project graph: tells whether a package is also imported eagerly in other files. */
  graph?: ImportGraph;
  /** Changes computed elsewhere (cache injection) written through the same safe writer. */
  extraChanges?: FileChange[];
}

export interface FixResult {
  /** Files changed (or that would be, on dry run), relative POSIX paths. */
  fixed: string[];
  /** Files with plans and nothing to change (already fixed, or every plan skipped). */
  unchanged: string[];
  /** Plans left alone, with the reason. */
  skipped: { file: string; reason: string }[];
  errors: { file: string; message: string }[];
  /** Unified diff of everything changed. */
  diff?: string;
  written: WriteSummary;
  /**
   * Restores every written file (when the verify command fails). Rejects, after restoring all it
   * can, when some file was edited again since the fix (those are left as they are).
   */
  rollback(): Promise<void>;
}

function groupByFile(plans: FixPlan[], root: string): Map<string, FixPlan[]> {
  const m = new Map<string, FixPlan[]>();
  for (const p of plans) {
    const abs = isAbsolute(p.file) ? p.file : resolve(root, p.file);
    const list = m.get(abs) ?? [];
    list.push(p);
    m.set(abs, list);
  }
  return m;
}

/** The module format tsc emits for a TS file, given tsconfig `module`. */
function emittedFormat(file: string, parsed: ParsedModule, ts: FixTsOptions): 'esm' | 'cjs' {
  if (!/\.[cm]?tsx?$/.test(file)) return parsed.format;
  if (file.endsWith('.mts')) return 'esm';
  if (file.endsWith('.cts')) return 'cjs';
  const mod = (ts.module ?? '').toLowerCase();
  if (mod === 'commonjs' || mod === 'umd' || mod === 'amd') return 'cjs';
  if (mod.startsWith('es') || mod === 'preserve') return 'esm';
  return parsed.format; // node16/nodenext: by package.json type, as parseModule decided
}

/** Whether some other module of the graph imports the package eagerly (a top-level static import or require). */
function importedEagerlyElsewhere(graph: ImportGraph | undefined, file: string, specifier: string): boolean {
  if (!graph) return false;
  const pkg = packageName(specifier);
  for (const [f, m] of graph.modules) {
    if (f === file) continue;
    for (const r of m.imports) {
      const p = r.package ?? (isPathSpecifier(r.specifier) ? null : packageName(r.specifier));
      if (p === pkg && (r.kind === 'static' || r.kind === 'require' || r.kind === 'side-effect') && !r.nested) return true;
    }
  }
  return false;
}

/**
 * Load-time effects of a package entry on the rest of the program, or null. A heuristic over the
 * entry file only: at module top level it calls into another package for the call's own sake (a
 * plugin registering itself: `registry.register(me)`), writes a property of an import (patching
 * `http`), assigns a global, or loads a polyfill, loader or APM agent (`changesProcess`). A call
 * or read whose result only builds the module's own values
 * (`const debug = createDebug('x')`, `module.exports = once(fn)`, `class A extends B`) is not an
 * effect: see valuePositions.
 */
export function packageLoadEffects(entry: string, parse: (file: string, source: string) => ParsedModule): string | null {
  let source: string;
  try {
    source = readFileSync(entry, 'utf8');
  } catch {
    return null;
  }
  const parsed = parse(entry, source);
  // Loading a polyfill, loader or agent is an effect on the whole process, whatever the package does with it.
  // (Packages only: inside a package, './register' or './polyfill' is a file name, often a ponyfill.)
  const wide = parsed.imports.find((r) => r.kind !== 'type' && r.kind !== 'dynamic' && !r.nested && !isPathSpecifier(r.specifier) && changesProcess(r.specifier));
  if (wide) return `loads '${wide.specifier}', which changes the whole process when it loads (${displayName(entry)})`;
  let isValue: ((start: number) => boolean) | undefined;
  for (const b of parsed.bindings) {
    const atLoad = b.references.filter((r) => r.context === 'load');
    if (atLoad.some((r) => r.kind === 'member-write') || (b.mutated && b.usedAtLoad)) return `patches '${b.specifier}' when it loads (${displayName(entry)})`;
    if (isPathSpecifier(b.specifier) || isBuiltin(b.specifier) || ARGUMENT_HELPERS.test(b.specifier)) continue;
    const calls = atLoad.filter((r) => r.kind === 'call' || r.kind === 'member' || r.kind === 'new');
    if (calls.length === 0) continue;
    isValue ??= valuePositions(entry, source);
    if (calls.some((r) => !isValue!(r.start))) return `calls into '${b.specifier}' when it loads, e.g. to register itself (${displayName(entry)})`;
  }
  if (assignsGlobalAtLoad(entry, source)) return `sets globals when it loads (${displayName(entry)})`;
  return null;
}

/**
 * Packages whose functions touch only the objects they are handed: compilers' emit helpers
 * (`tslib.__exportStar(require('./x'), exports)`, Babel's and SWC's `_inherits(Local, Base)`) and
 * small helpers that define a module's own exports (`inherits(Local, Base)`,
 * `defineLazyProperty(apps, 'chrome', ...)` in `open`). A statement calling them is not a
 * registration with another package.
 */
const ARGUMENT_HELPERS = /^(?:tslib|@babel\/runtime(?:-corejs[23])?|@swc\/helpers|inherits|define-lazy-prop|object-assign)(?:\/|$)/;

/**
 * Whether a load-time reference only computes a value the module keeps (a variable's initialiser,
 * an export, an `if` test, a property of its own objects), as opposed to sitting in a call whose
 * result is thrown away: an expression statement such as `register(x)` or `H.use(p)`, made for
 * its own sake. An immediately invoked function's body is looked into, not taken whole.
 */
function valuePositions(file: string, source: string): (start: number) => boolean {
  const { program } = parseProgram(file, source);
  const discarded: [number, number][] = [];
  walk(program, (n) => {
    if (n.type !== 'ExpressionStatement') return;
    for (const call of statementCalls(n['expression'] as AstNode)) {
      const callee = unparen(call['callee'] as AstNode);
      // An IIFE: its statements are walked like any others; only its arguments are its own.
      if (isFunction(callee) || (callee.type === 'MemberExpression' && isFunction(unparen(callee['object'] as AstNode)))) {
        for (const a of call['arguments'] as AstNode[]) discarded.push([a.start, a.end]);
      } else discarded.push([call.start, call.end]);
    }
  });
  return (start) => !discarded.some(([a, b]) => a <= start && start < b);
}

/** The calls an expression statement makes for their own sake (its result is dropped). */
function statementCalls(e: AstNode): AstNode[] {
  const n = unparen(e);
  switch (n.type) {
    case 'CallExpression':
    case 'NewExpression':
      return [n];
    case 'AwaitExpression':
    case 'UnaryExpression':
    case 'ChainExpression':
      return statementCalls(n[n.type === 'ChainExpression' ? 'expression' : 'argument'] as AstNode);
    case 'SequenceExpression':
      return (n['expressions'] as AstNode[]).flatMap(statementCalls);
    case 'LogicalExpression':
    case 'ConditionalExpression':
      return [n['left'], n['right'], n['consequent'], n['alternate']].filter((x): x is AstNode => !!x && typeof x === 'object').flatMap(statementCalls);
    default:
      return [];
  }
}

function unparen(n: AstNode): AstNode {
  return n.type === 'ParenthesizedExpression' ? unparen(n['expression'] as AstNode) : n;
}

function isFunction(n: AstNode): boolean {
  return n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';
}

const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);
const GAP = String.raw`(?:\s|/\*[\s\S]*?\*/|//[^\n]*\n)*`;
const GLOBAL_MEMBER_WRITE = new RegExp(
  String.raw`\b(?:globalThis|global|window|self)${GAP}(?:\.${GAP}[\w$\\]+|\[[^\n;]*?\])${GAP}(?:[-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=(?![=>])`,
);

/** `globalThis.x = ...` outside any function (a UMD wrapper's browser branch runs inside one, so it does not count). */
function assignsGlobalAtLoad(file: string, source: string): boolean {
  // Only a text that assigns a member of a global (`window.x =`, `self['x'] +=`, comments allowed
  // around the dot) can hold such an assignment: most entries that name `window` only test it,
  // and parsing a bundle to find out cost hundreds of ms.
  if (!GLOBAL_MEMBER_WRITE.test(source)) return false;
  const { program } = parseProgram(file, source);
  let found = false;
  walk(program, (n) => {
    if (found || n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'ClassBody') return false;
    if (n.type === 'AssignmentExpression') {
      const left = n['left'] as AstNode;
      const obj = left.type === 'MemberExpression' ? (left['object'] as AstNode) : null;
      if (obj && obj.type === 'Identifier' && GLOBAL_OBJECTS.has(String(obj['name']))) found = true;
    }
    return undefined;
  });
  return found;
}

function displayName(file: string): string {
  const i = file.lastIndexOf('node_modules/');
  return i >= 0 ? file.slice(i + 'node_modules/'.length) : file;
}

/** Facts about a lazy target that decide the require shape in an ES module (table B rows 11, 12) and the default interop. */
async function targetFacts(
  file: string,
  specifier: string,
  format: 'esm' | 'cjs',
  graph: ImportGraph | undefined,
  parse: (file: string, source: string) => ParsedModule,
): Promise<{ nodeEsmDefault: boolean; requireLoadsEsm: boolean; requireResolves: boolean; target: SafetyContext['target'] }> {
  const viaRequire = resolveForRequire(file, specifier);
  const nodeEsmDefault = viaRequire ? viaRequire.format === 'cjs' : true;
  const requireLoadsEsm = viaRequire?.format === 'esm';
  const viaImport = await resolveWithConditions(file, specifier, 'import');
  // Found by import but not by require: an exports map with only an `import` target, where
  // require() throws ERR_PACKAGE_PATH_NOT_EXPORTED. (Found by neither: not installed, as before.)
  const requireResolves = viaRequire !== null || viaImport === null || isBuiltin(specifier);
  const entries = [...new Set([viaRequire?.file, viaImport].filter((x): x is string => typeof x === 'string' && !isBuiltin(x)))];
  let loadEffects: string | undefined;
  for (const e of entries) loadEffects ??= packageLoadEffects(e, parse) ?? undefined;
  if (format !== 'esm' || !viaRequire) return { nodeEsmDefault, requireLoadsEsm, requireResolves, target: loadEffects ? { loadEffects } : undefined };
  const dualPackage = viaImport !== null && viaImport !== viaRequire.file;
  return {
    nodeEsmDefault,
    requireLoadsEsm,
    requireResolves,
    target: {
      loadEffects,
      hasTopLevelAwait: viaRequire.format === 'esm' && hasTopLevelAwait(viaRequire.file),
      dualPackage,
      // Only a hazard when the two loaders see different files: otherwise they share one instance.
      importedEagerlyElsewhere: dualPackage && importedEagerlyElsewhere(graph, file, specifier),
    },
  };
}

async function planEdits(
  ctx: FileContext,
  plan: FixPlan,
  opts: ApplyFixesOptions,
  ts: FixTsOptions,
  state: LazyFileState,
  parse: (file: string, source: string) => ParsedModule,
  requireEsm: (file: string) => NodeSupport,
  browser: BrowserBundle,
): Promise<TransformResult> {
  switch (plan.kind) {
    case 'type-import':
      return typeImportEdits(ctx, plan.importIndex, plan.names, { emitDecoratorMetadata: ts.emitDecoratorMetadata === true });
    case 'subpath':
      return subpathEdits(ctx, plan.importIndex, plan.rewrites);
    case 'barrel':
      return barrelEdits(ctx, plan.importIndex, plan.rewrites);
    case 'cache':
      return { skipped: 'cache plans are applied by the cache injector' };
    case 'lazy': {
      const safety: SafetyContext = { ...opts.safety, emitDecoratorMetadata: ts.emitDecoratorMetadata === true, format: ctx.format };
      const facts = await targetFacts(ctx.file, plan.specifier, ctx.format, opts.graph, parse);
      if (opts.lazyShape === 'defer') return deferEdits(ctx, plan, deferSupport(opts.root), state, { ...safety, target: facts.target?.loadEffects ? { loadEffects: facts.target.loadEffects } : undefined });
      const programNode = requireEsm(ctx.file);
      const lazyOpts: LazyOptions = { format: ctx.format, lang: ctx.lang, esModuleInterop: ts.esModuleInterop === true, nodeEsmDefault: facts.nodeEsmDefault, oldNode: programNode.oldNode === true };
      const withTarget: SafetyContext = { ...safety, target: facts.target };
      if (plan.shape === 'dynamic') return dynamicEdits(ctx, plan, lazyOpts, state, withTarget);
      // The synchronous shape calls require() (createRequire from 'node:module' in ESM): in
      // TypeScript that needs Node's types, or tsc fails (TS2591, TS2307). The rules check this
      // too; API callers' plans are checked here.
      const nodeTypes = ctx.lang === 'ts' ? nodeTypesFor(ctx.file, resolve(opts.root)) : { ok: true };
      // An ES module in a browser bundle has no require(), and createRequire breaks the bundle.
      const bundle = ctx.format === 'esm' ? browser(ctx.file) : null;
      // From an ES module, require() of an ES module is require(esm): only where the program's
      // engines.node admits no Node older than 20.19 (src/config/engines.ts).
      const engines = ctx.format === 'esm' && facts.requireLoadsEsm ? programNode : { ok: true };
      const blocked = !facts.requireResolves
        ? `require() cannot resolve '${plan.specifier}', which import finds (its exports map has no target for require)`
        : bundle !== null
        ? noRequireInBundle(bundle)
        : !nodeTypes.ok
        ? `a lazy require() in TypeScript needs Node's types (@types/node), and ${nodeTypes.reason}`
        : !engines.ok
          ? `a lazy require() of an ES module needs Node 20.19 or later, and ${engines.reason}`
          : null;
      const a = blocked === null ? lazyEdits(ctx, plan, lazyOpts, state, withTarget) : { skipped: blocked };
      if (!('skipped' in a)) return a;
      // Rows 11 and 12 say "eager, or shape D": fall back to await import() when every use is
      // async; so do an ES module in a browser bundle, a TypeScript file without Node's types and
      // a program whose Node may lack require(esm) (shape D needs none of them).
      const rowsElevenTwelve = blocked !== null || /top-level await|dual-package|imported eagerly elsewhere \(two instances/.test(a.skipped);
      if (rowsElevenTwelve && plan.importIndexes.every((i) => lazySafety(ctx.parsed, i, { ...withTarget, shape: 'dynamic' }).ok)) {
        return dynamicEdits(ctx, plan, lazyOpts, state, withTarget);
      }
      return a;
    }
  }
}

/** The same import in another parse of the file: the n-th record with the same specifier and kind. */
function remapIndex(i: number, from: ParsedModule, to: ParsedModule): number {
  const rec = from.imports[i];
  if (!rec) return -1;
  const same = (r: { specifier: string; kind: string }) => r.specifier === rec.specifier && r.kind === rec.kind;
  const nth = from.imports.slice(0, i).filter(same).length;
  let seen = 0;
  for (let k = 0; k < to.imports.length; k++) if (same(to.imports[k]!) && seen++ === nth) return k;
  return -1;
}

function remapPlan(plan: FixPlan, from: ParsedModule, to: ParsedModule): FixPlan {
  switch (plan.kind) {
    case 'lazy':
      return { ...plan, importIndexes: plan.importIndexes.map((i) => remapIndex(i, from, to)) };
    case 'subpath':
    case 'barrel':
    case 'type-import':
      return { ...plan, importIndex: remapIndex(plan.importIndex, from, to) };
    case 'cache':
      return plan;
  }
}

/**
 * A lazy plan whose imports name several specifiers of one package (`heavy/a` and `heavy/b`, both
 * used only in functions): one plan per specifier, each with its own loader. A plan whose
 * imports are not in the file stays whole, and is reported stale.
 */
function bySpecifier(plan: FixPlan, parsed: ParsedModule): FixPlan[] {
  if (plan.kind !== 'lazy') return [plan];
  const groups = new Map<string, number[]>();
  for (const i of plan.importIndexes) {
    const rec = parsed.imports[i];
    if (!rec) return [plan];
    groups.set(rec.specifier, [...(groups.get(rec.specifier) ?? []), i]);
  }
  if (groups.size < 2) return [plan];
  return [...groups].map(([specifier, importIndexes]) => ({ ...plan, specifier, importIndexes }));
}

/** Applies fix plans (grouped per file, one pass per file) and writes through the safe writer. */
export async function applyFixes(plans: FixPlan[], opts: ApplyFixesOptions): Promise<FixResult> {
  const root = resolve(opts.root);
  const ts: FixTsOptions = { ...opts.ts, ...opts.tsOptions };
  const fixedCandidates: FileChange[] = [];
  // Changes computed elsewhere (cache injection), by absolute path: a file's plans are applied on
  // top of its injected text so both land in one write.
  const extra = new Map<string, FileChange>();
  for (const c of opts.extraChanges ?? []) {
    const abs = isAbsolute(c.file) ? c.file : resolve(root, c.file);
    if (extra.has(abs)) fixedCandidates.push(c);
    else extra.set(abs, { ...c, file: abs });
  }
  const unchanged: string[] = [];
  const skipped: FixResult['skipped'] = [];
  const errors: FixResult['errors'] = [];
  const parse = opts.readParsed ?? (await import('../graph/parse.js')).parseModule;
  const requireEsm = nodeSupportResolver(root);
  const browser = browserBundleResolver(root);

  for (const [file, filePlans] of groupByFile(plans, root)) {
    const shown = displayPath(root, file);
    let source: string;
    try {
      source = await fs.readFile(file, 'utf8');
    } catch (e) {
      errors.push({ file: shown, message: `cannot read: ${(e as Error).message}` });
      continue;
    }
    let parsed = parse(file, source);
    if (parsed.parseError) {
      errors.push({ file: shown, message: `does not parse: ${parsed.parseError.message}` });
      continue;
    }
    const injected = extra.get(file);
    let original = source;
    let filePlansNow = filePlans;
    if (injected && injected.before === source) {
      // Plans index the imports of the disk text; map them onto the injected text by specifier and order.
      const next = parse(file, injected.after);
      if (!next.parseError) {
        filePlansNow = filePlans.map((p) => remapPlan(p, parsed, next));
        parsed = next;
        original = injected.before;
        source = injected.after;
        extra.delete(file);
      }
    }
    const fileTs: FixTsOptions = opts.tsFor ? { ...opts.tsFor(file), ...opts.tsOptions } : ts;
    /** Every plan's edits over one parse of `text`; what was skipped and what failed, with why. */
    const planFile = async (text: string, textParsed: ParsedModule, textPlans: FixPlan[]) => {
      const ctx = fileContext(file, text, textParsed, { format: emittedFormat(file, textParsed, fileTs), esModuleInterop: fileTs.esModuleInterop === true });
      const state: LazyFileState = { requireInjected: false, usedNames: new Set() };
      const out = { text, edits: [] as TextEdit[], skipped: [] as string[], errors: [] as string[] };
      for (const plan of textPlans.flatMap((p) => bySpecifier(p, textParsed))) {
        let r: TransformResult;
        try {
          r = await planEdits(ctx, plan, opts, fileTs, state, parse, requireEsm, browser);
        } catch (e) {
          out.errors.push(`${plan.kind}: ${(e as Error).message}`);
          continue;
        }
        if ('skipped' in r) {
          out.skipped.push(r.skipped);
          continue;
        }
        try {
          applyEdits(text, [...out.edits, ...r.edits]);
          out.edits = [...out.edits, ...r.edits];
        } catch {
          out.skipped.push(`${plan.kind} fix overlaps another fix in this file (run --fix again)`);
        }
      }
      return out;
    };
    let planned = await planFile(source, parsed, filePlansNow);
    // Declarations of several requires, one per line first (src/fix/split-declarations.ts), kept
    // only when that lets more plans through: otherwise the file is left as it was written.
    const split = planned.skipped.length > 0 ? splitDeclarations(file, source, parsed, filePlansNow) : null;
    const splitParsed = split === null ? null : parse(file, split);
    if (split !== null && splitParsed && !splitParsed.parseError) {
      const trial = await planFile(split, splitParsed, filePlansNow.map((p) => remapPlan(p, parsed, splitParsed)));
      if (trial.skipped.length + trial.errors.length < planned.skipped.length + planned.errors.length) planned = trial;
    }
    for (const reason of planned.skipped) skipped.push({ file: shown, reason });
    for (const message of planned.errors) errors.push({ file: shown, message });
    const fileSkipped = planned.skipped.length > 0;
    const edits = planned.edits;
    source = planned.text;
    const after = applyEdits(source, edits);
    if (after === original) {
      if (!fileSkipped) unchanged.push(shown);
      continue;
    }
    const err = syntaxError(file, after);
    if (err) {
      errors.push({ file: shown, message: `the fixed file does not parse (${err}); left unchanged` });
      continue;
    }
    fixedCandidates.push({ file, before: original, after });
  }
  fixedCandidates.push(...extra.values());

  const written = await writeFilesAtomically(fixedCandidates, { root, dryRun: opts.dryRun });
  for (const r of written.refused) errors.push({ file: r.file, message: r.reason });
  return {
    fixed: written.written.map((w) => displayPath(root, w.file)),
    unchanged,
    skipped,
    errors,
    diff: written.diff,
    written,
    rollback: async () => {
      const r = await rollbackWrites(written);
      if (r.conflicts.length) throw new Error(`rollback left ${r.conflicts.length} file(s) alone: ${r.conflicts.map((c) => `${displayPath(root, c.file)} (${c.reason})`).join(', ')}`);
    },
  };
}

/** Short category of a skip reason, for the summary line. */
export function skipCategory(reason: string): string {
  const table: [RegExp, string][] = [
    [/re-export|export \*|is exported/, 're-export'],
    [/while the module loads/, 'used at load'],
    [/side-effect|side effects/, 'side-effect'],
    [/type-only|only as a type/, 'type-only'],
    [/unused/, 'unused'],
    [/deny-list/, 'load-time effects'],
    [/relative import/, 'relative'],
    [/builtin/, 'builtin'],
    [/\btry\b/, 'try'],
    [/already lazy/, 'already lazy'],
    [/dual-package|two instances/, 'dual package'],
    [/top-level await/, 'top-level await'],
    [/own `require`/, 'declares require'],
    [/reassigned|is written|property of/, 'mutated'],
    [/decorator metadata/, 'decorator metadata'],
    [/JSX/, 'jsx'],
    [/async/, 'not async'],
    [/import defer/, 'defer unsupported'],
    [/cache/, 'cache'],
    [/when it loads/, 'load-time effects'],
    [/overlaps another fix/, 'overlap'],
    [/does not match the file/, 'stale plan'],
  ];
  for (const [re, cat] of table) if (re.test(reason)) return cat;
  return 'other';
}

/** One summary line: `fixed 3 files, 2 unchanged, 1 skipped (1 re-export), 0 errors`. */
export function formatFixSummary(result: Pick<FixResult, 'fixed' | 'unchanged' | 'skipped' | 'errors'> & { written?: { dryRun: boolean } }): string {
  const counts = new Map<string, number>();
  for (const s of result.skipped) {
    const c = skipCategory(s.reason);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const detail = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c, n]) => `${n} ${c}`).join(', ');
  const verb = result.written?.dryRun ? 'would fix' : 'fixed';
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  return `${verb} ${files(result.fixed.length)}, ${result.unchanged.length} unchanged, ${result.skipped.length} skipped${detail ? ` (${detail})` : ''}, ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`;
}
