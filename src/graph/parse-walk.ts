/**
 * One scope-aware pass over an oxc ESTree program: collects import sites, exports, top-level
 * await and every identifier reference with where it runs; references are resolved against the
 * scope chain only after the walk, so hoisting (var, function declarations) needs no second pass.
 * The semantics (what counts as load time, inTry, nested) are described in src/graph/PARSE.md.
 */
import type { ExportRecord, ImportKind, ImportedName, RequireDeclaration } from './types.js';
import { isInteropHelperName } from './interop-helpers.js';

/**
 * An AST node as oxc-parser deserialises it (plain JSON). The walker is generic over node
 * shapes, so fields are read dynamically; `any` keeps that readable without casts on every access.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type N = { type: string; start: number; end: number; [key: string]: any };

/** A function whose body the walker is in; `exec` chains are resolved after the walk. */
export interface FnCtx {
  name: string | null;
  async: boolean;
  start: number;
  /** Set after the walk when some call at module evaluation reaches this function. */
  calledAtLoad: boolean;
  /** The function this one is written in (null at module level). */
  outer?: FnCtx | null;
}

export interface Scope {
  parent: Scope | null;
  /** Function-like scopes receive `var` declarations. */
  fnScope: boolean;
  values: Map<string, Decl> | null;
  types: Map<string, Decl> | null;
  /**
   * Names usable on the left of a qualified type name (`A.B`): imports, namespaces, enums. An
   * interface or type alias of the same name takes the type meaning but not this one.
   */
  namespaces: Map<string, Decl> | null;
}

export interface Decl {
  name: string;
  binding: BindingDraft | null;
  /** The function (or class constructor) this name holds, for the load-time call graph. */
  fn: FnCtx | null;
  /** `const require = createRequire(...)`: calls through it still load modules. */
  createRequire: boolean;
}

export interface ImportDraft {
  specifier: string;
  kind: ImportKind;
  start: number;
  end: number;
  names: ImportedName[];
  unresolvedDynamic: boolean;
  importEquals: boolean;
  inTry: boolean;
  /** In a branch of its function (see Ref.branch). */
  branch: boolean;
  exec: FnCtx | null;
  /** For `require()` calls: the scope to resolve `require` in (dropped when it is a local). */
  requireScope: Scope | null;
  bindings: BindingDraft[];
  /** For a `require()` that declares names: how its declaration departs from the codemod's shapes. */
  declaration?: RequireDeclaration;
}

export interface BindingDraft {
  local: string;
  imported: string;
  draft: ImportDraft;
  declaredAsType: boolean;
  refs: Ref[];
}

export type RefKind = 'read' | 'call' | 'member' | 'write' | 'member-write' | 'jsx' | 'export' | 'new';

export interface Ref {
  name: string;
  scope: Scope;
  /** Resolve in the type namespace (type references) instead of the value namespace. */
  typeNs: boolean;
  /** The left of a qualified type name (`A` of `A.B`): resolve among namespaces (wins over typeNs). */
  qualifier: boolean;
  /** In a type position (context 'type'). */
  inType: boolean;
  exec: FnCtx | null;
  fn: FnCtx | null;
  inTry: boolean;
  kind: RefKind;
  start: number;
  end: number;
  /** A type whose value TS emits as decorator metadata. */
  meta: boolean;
  /** `x.name(...)` or `new x.name()`: the member called on the binding. */
  calls?: string;
  /** Runs only on some paths of its function (or of the module's top level): a branch, a loop body, a `catch`, the right of `&&`. */
  cond: boolean;
  /** In a branch of its function (if/else, a switch case, `?:`, the right of `&&`/`||`/`??`); a loop body does not count. */
  branch: boolean;
}

const NS_VALUE = 1;
const NS_TYPE = 2;
const NS_BOTH = 3;
/** The namespace meaning (see Scope.namespaces). */
const NS_NAMESPACE = 4;
const NS_ALL = 7;

/**
 * Array methods that call their callback before they return. A same-named method of another
 * object that keeps the callback for later (a lazy sequence's `map`) is taken as running it now:
 * on the side of keeping an import eager.
 */
export const SYNC_CALLBACK_METHODS: ReadonlySet<string> = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'sort', 'toSorted']);


/**
 * TypeScript's "instantiated" namespace: one whose body holds values (it compiles to an object).
 * Interfaces, type aliases and namespaces of those alone do not; anything else counts.
 */
function instantiated(ns: N): boolean {
  const body: N | null = ns.body;
  if (!body) return false;
  if (body.type === 'TSModuleDeclaration') return instantiated(body);
  return (body.body as N[]).some((st) => {
    const d: N | null = st.type === 'ExportNamedDeclaration' ? st.declaration : st;
    if (!d) return st.exportKind !== 'type' && st.specifiers.length > 0;
    if (d.type === 'TSInterfaceDeclaration' || d.type === 'TSTypeAliasDeclaration') return false;
    if (d.type === 'TSModuleDeclaration') return instantiated(d);
    return true;
  });
}

/** The leftmost identifier of `a`, `a.b.c`, `A.B` (TSQualifiedName) or null. */
function leftmost(node: N | null): N | null {
  let n = node;
  while (n) {
    if (n.type === 'Identifier') return n;
    if (n.type === 'MemberExpression') n = n.object;
    else if (n.type === 'TSQualifiedName') n = n.left;
    else if (n.type === 'ChainExpression' || n.type === 'TSNonNullExpression' || n.type === 'ParenthesizedExpression') n = n.expression;
    else return null;
  }
  return null;
}

/**
 * The source text of a non-literal specifier (`import(x)`, `require(join(a, 'b'))`) on one line:
 * comments dropped, each run of whitespace one space, none inside brackets. It names the import in
 * the unresolved list and the JSON, where a multi-line argument broke the one-line-per-problem output.
 */
export function expressionText(text: string): string {
  let out = '';
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      // A string or template, copied as written.
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      if (space && out !== '') out += ' ';
      space = false;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      const end = text[i + 1] === '/' ? text.indexOf('\n', i) : text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : text[i + 1] === '/' ? end : end + 1;
      space = true;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      space = true;
    } else {
      if (space && out !== '' && !'([{.'.includes(out[out.length - 1]) && !')]},.'.includes(c)) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

/**
 * A string literal, a template literal without expressions, or `+` of those: a constant. Rollup
 * writes `require('u' + 'rl')` in every CommonJS build that uses import.meta.url, so a bundler
 * leaves the builtin alone.
 */
export function literalString(node: N | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) {
    const q = node.quasis[0];
    return q ? (q.value.cooked ?? q.value.raw) : '';
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    const left = literalString(node.left);
    if (left === null) return null;
    const right = literalString(node.right);
    return right === null ? null : left + right;
  }
  return null;
}

function keyName(key: N, computed: boolean): string | null {
  if (computed) return literalString(key);
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Literal') return String(key.value);
  return null;
}

function moduleName(node: N): string {
  return node.type === 'Identifier' ? node.name : String(node.value);
}

function isFunctionNode(n: N | null | undefined): boolean {
  return !!n && (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression');
}

function unwrapTs(n: N): N {
  let x = n;
  while (
    x.type === 'TSAsExpression' ||
    x.type === 'TSSatisfiesExpression' ||
    x.type === 'TSNonNullExpression' ||
    x.type === 'TSTypeAssertion' ||
    x.type === 'ParenthesizedExpression'
  ) {
    x = x.expression;
  }
  return x;
}

export class Walker {
  readonly source: string;
  readonly imports: ImportDraft[] = [];
  readonly exports: ExportRecord[] = [];
  readonly refs: Ref[] = [];
  readonly bindings: BindingDraft[] = [];
  /** Offsets of exports, converted to lines by the caller. */
  readonly exportStarts: number[] = [];
  /**
   * What each value export names: a local (resolved after the walk) or the offset of the function
   * or class it is written as. parse.ts works out from it what a call of the export runs.
   */
  readonly exportValues: { exported: string; local: string | null; start: number }[] = [];
  /** Each function's context by the offset of its node (a class's: its constructor). */
  readonly fnByStart = new Map<number, FnCtx>();
  hasTopLevelAwait = false;
  declaresRequire = false;

  private scope: Scope;
  private readonly moduleScope: Scope;
  private exec: FnCtx | null = null;
  private fn: FnCtx | null = null;
  private inTry = false;
  /** Depth of branches (if/else, loops, switch cases, catch, `&&`/`||`/`??`, `?:`) within the current function. */
  private cond = 0;
  /** Depth of branches that choose (if/else, switch cases, `&&`/`||`/`??`, `?:`): cond without loops, catch and callbacks. */
  private branch = 0;
  private typeMode = false;
  private meta = false;
  /** require() calls by node, so a declarator can attach the names it destructures. */
  private readonly requireByCall = new Map<N, ImportDraft>();

  /** The statement of the program's body being walked (a declaration that is one is at top level). */
  private topStatement: N | null = null;

  /** `ts`: a TypeScript file (the codemod unwraps interop helpers in JavaScript only). */
  constructor(
    source: string,
    private readonly ts = false,
  ) {
    this.source = source;
    this.moduleScope = { parent: null, fnScope: true, values: null, types: null, namespaces: null };
    this.scope = this.moduleScope;
  }

  // ---------------------------------------------------------------- scopes and references

  private pushScope(fnScope: boolean): Scope {
    const s: Scope = { parent: this.scope, fnScope, values: null, types: null, namespaces: null };
    this.scope = s;
    return s;
  }

  private declare(name: string, ns: number, scope: Scope = this.scope): Decl {
    const decl: Decl = { name, binding: null, fn: null, createRequire: false };
    if (ns & NS_VALUE) {
      (scope.values ??= new Map()).set(name, decl);
      if (name === 'require') this.declaresRequire = true;
    }
    if (ns & NS_TYPE) (scope.types ??= new Map()).set(name, decl);
    if (ns & NS_NAMESPACE) (scope.namespaces ??= new Map()).set(name, decl);
    return decl;
  }

  private varScope(): Scope {
    let s = this.scope;
    while (!s.fnScope && s.parent) s = s.parent;
    return s;
  }

  private ref(id: N, kind: RefKind, typeNs = false, qualifier = false): void {
    this.refs.push({
      name: id.name,
      scope: this.scope,
      typeNs,
      qualifier,
      inType: this.typeMode,
      exec: this.exec,
      fn: this.fn,
      inTry: this.inTry,
      kind,
      start: id.start,
      end: id.end,
      meta: this.meta,
      cond: this.cond > 0,
      branch: this.branch > 0,
    });
  }

  /** The function a module-scope name declares, if any (after the walk). */
  moduleFn(name: string): FnCtx | null {
    return Walker.resolve(name, this.moduleScope, false)?.fn ?? null;
  }

  /** Resolves a name from a scope; null = a global (or undeclared) name. */
  static resolve(name: string, scope: Scope, typeNs: boolean, qualifier = false): Decl | null {
    for (let s: Scope | null = scope; s; s = s.parent) {
      const m = qualifier ? s.namespaces : typeNs ? s.types : s.values;
      const d = m?.get(name);
      if (d) return d;
    }
    return null;
  }

  // ---------------------------------------------------------------- imports

  private addImport(
    specNode: N | null,
    kind: ImportKind,
    node: N,
    names: ImportedName[] = [],
  ): ImportDraft {
    const lit = literalString(specNode);
    const draft: ImportDraft = {
      specifier: lit ?? (specNode ? expressionText(this.source.slice(specNode.start, specNode.end)) : ''),
      kind,
      start: node.start,
      end: node.end,
      names,
      unresolvedDynamic: lit === null && (kind === 'dynamic' || kind === 'require'),
      importEquals: false,
      inTry: this.inTry,
      branch: this.branch > 0,
      exec: this.exec,
      requireScope: null,
      bindings: [],
    };
    this.imports.push(draft);
    return draft;
  }

  private bindImport(draft: ImportDraft, local: N, imported: string, isType: boolean, ns: number, scope?: Scope): void {
    const decl = this.declare(local.name, ns, scope);
    const b: BindingDraft = { local: local.name, imported, draft, declaredAsType: isType, refs: [] };
    decl.binding = b;
    draft.bindings.push(b);
  }

  private exportValue(exported: string, local: string | null, start: number): void {
    if (this.scope === this.moduleScope) this.exportValues.push({ exported, local, start });
  }

  private addExport(exported: string, isType: boolean, start: number, from?: { specifier: string; imported: string }): void {
    // `export` inside a TS namespace exports from the namespace, not from the module.
    if (this.scope !== this.moduleScope) return;
    const rec: ExportRecord = { exported, isType, line: 0 };
    if (from) rec.from = from;
    this.exports.push(rec);
    this.exportStarts.push(start);
  }

  // ---------------------------------------------------------------- entry

  walkProgram(program: N): void {
    for (const stmt of program.body) {
      this.topStatement = stmt;
      this.visit(stmt);
    }
    this.topStatement = null;
  }

  private visitAll(list: (N | null)[] | null | undefined): void {
    if (!list) return;
    for (const n of list) if (n) this.visit(n);
  }

  private visitType(node: N | null | undefined, meta = false): void {
    if (!node) return;
    const t = this.typeMode;
    const m = this.meta;
    this.typeMode = true;
    this.meta = meta;
    this.visit(node);
    this.typeMode = t;
    this.meta = m;
  }

  /** Generic descent for nodes without a dedicated case. */
  private children(node: N): void {
    for (const key in node) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const v = node[key];
      if (v === null || typeof v !== 'object') continue;
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c.type === 'string') this.visit(c);
      } else if (typeof v.type === 'string') {
        this.visit(v);
      }
    }
  }

  // ---------------------------------------------------------------- the dispatcher

  visit(node: N): void {
    if (this.typeMode) {
      this.visitTypeNode(node);
      return;
    }
    switch (node.type) {
      case 'Identifier':
        this.ref(node, 'read');
        return;
      case 'Literal':
      case 'ThisExpression':
      case 'Super':
      case 'EmptyStatement':
      case 'DebuggerStatement':
      case 'MetaProperty':
      case 'PrivateIdentifier':
      case 'JSXText':
      case 'JSXEmptyExpression':
      case 'JSXClosingElement':
      case 'JSXClosingFragment':
      case 'JSXOpeningFragment':
      case 'TSNamespaceExportDeclaration':
        return;
      // The most frequent nodes get direct cases: the generic descent costs a key scan each.
      case 'ExpressionStatement':
      case 'ReturnStatement':
      case 'ThrowStatement':
      case 'SpreadElement':
      case 'ChainExpression':
      case 'TSNonNullExpression':
      case 'JSXExpressionContainer':
      case 'JSXSpreadAttribute':
        if (node.expression) this.visit(node.expression);
        else if (node.argument) this.visit(node.argument);
        return;
      case 'BinaryExpression':
        this.visit(node.left);
        this.visit(node.right);
        return;
      case 'LogicalExpression':
        this.visit(node.left);
        this.cond++;
        this.branch++;
        this.visit(node.right);
        this.branch--;
        this.cond--;
        return;
      case 'IfStatement':
      case 'ConditionalExpression':
        this.visit(node.test);
        this.cond++;
        this.branch++;
        this.visit(node.consequent);
        if (node.alternate) this.visit(node.alternate);
        this.branch--;
        this.cond--;
        return;
      case 'WhileStatement':
      case 'DoWhileStatement':
        this.cond++;
        this.children(node);
        this.cond--;
        return;
      case 'ArrayExpression':
        this.visitAll(node.elements);
        return;
      case 'SequenceExpression':
        this.visitAll(node.expressions);
        return;
      case 'TemplateLiteral':
        this.visitAll(node.expressions);
        return;
      case 'ImportDeclaration':
        this.importDeclaration(node);
        return;
      case 'ExportNamedDeclaration':
        this.exportNamed(node);
        return;
      case 'ExportDefaultDeclaration':
        this.exportDefault(node);
        return;
      case 'ExportAllDeclaration': {
        const isType = node.exportKind === 'type';
        const exported = node.exported ? moduleName(node.exported) : null;
        this.addImport(node.source, isType ? 'type' : 'reexport', node, [{ imported: '*', local: null, isType }]);
        this.addExport(exported ?? '*', isType, node.start, { specifier: node.source.value, imported: '*' });
        return;
      }
      case 'TSExportAssignment': {
        this.exportValue('default', node.expression.type === 'Identifier' ? node.expression.name : null, node.expression.start);
        if (node.expression.type === 'Identifier') this.ref(node.expression, 'export');
        else this.visit(node.expression);
        this.addExport('default', false, node.start);
        return;
      }
      case 'TSImportEqualsDeclaration':
        this.importEquals(node, false);
        return;
      case 'VariableDeclaration':
        this.variableDeclaration(node);
        return;
      case 'FunctionDeclaration': {
        if (!node.body || node.declare) {
          // An overload or `declare function`: types only, but the name still shadows.
          if (node.id) this.declare(node.id.name, NS_VALUE);
          this.visitType(node);
          return;
        }
        const decl = node.id ? this.declare(node.id.name, NS_VALUE) : null;
        const ctx = this.fnNode(node, node.id ? node.id.name : null, false);
        if (decl) decl.fn = ctx;
        return;
      }
      case 'TSDeclareFunction':
        if (node.id) this.declare(node.id.name, NS_VALUE);
        this.visitType({ ...node, id: null });
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.fnNode(node, node.id ? node.id.name : null, false);
        return;
      case 'ClassDeclaration':
      case 'ClassExpression':
        this.classNode(node, node.id ? node.id.name : null, node.type === 'ClassDeclaration');
        return;
      case 'BlockStatement': {
        const saved = this.scope;
        this.pushScope(false);
        this.visitAll(node.body);
        this.scope = saved;
        return;
      }
      case 'StaticBlock': {
        const saved = this.scope;
        this.pushScope(true);
        this.visitAll(node.body);
        this.scope = saved;
        return;
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const saved = this.scope;
        this.pushScope(false);
        if (node.type === 'ForOfStatement' && node.await && this.fn === null) this.hasTopLevelAwait = true;
        if (node.type === 'ForStatement') {
          if (node.init) this.visit(node.init);
          if (node.test) this.visit(node.test);
          this.cond++;
          if (node.update) this.visit(node.update);
        } else {
          this.visit(node.right);
          this.cond++;
          if (node.left.type === 'VariableDeclaration') this.visit(node.left);
          else this.target(node.left);
        }
        this.visit(node.body);
        this.cond--;
        this.scope = saved;
        return;
      }
      case 'SwitchStatement': {
        this.visit(node.discriminant);
        const saved = this.scope;
        this.pushScope(false);
        this.cond++;
        this.branch++;
        this.visitAll(node.cases);
        this.branch--;
        this.cond--;
        this.scope = saved;
        return;
      }
      case 'TryStatement': {
        const t = this.inTry;
        this.inTry = true;
        this.visit(node.block);
        this.cond++;
        if (node.handler) this.visit(node.handler);
        this.cond--;
        if (node.finalizer) this.visit(node.finalizer);
        this.inTry = t;
        return;
      }
      case 'CatchClause': {
        const saved = this.scope;
        this.pushScope(false);
        if (node.param) this.declarePattern(node.param, NS_VALUE, this.scope);
        this.visit(node.body);
        this.scope = saved;
        return;
      }
      case 'LabeledStatement':
        this.visit(node.body);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
        return;
      case 'MemberExpression':
        this.member(node, false);
        return;
      case 'CallExpression':
        this.call(node);
        return;
      case 'NewExpression': {
        this.callee(node.callee, 'new');
        this.visitType(node.typeArguments);
        // `new Promise((resolve) => …)` runs its executor before it returns, once.
        const executor = node.callee.type === 'Identifier' && node.callee.name === 'Promise' && node.arguments[0] ? unwrapTs(node.arguments[0]) : null;
        if (executor && isFunctionNode(executor)) {
          this.fnNode(executor, executor.id ? executor.id.name : null, true);
          this.visitAll(node.arguments.slice(1));
        } else this.visitAll(node.arguments);
        return;
      }
      case 'TaggedTemplateExpression':
        this.callee(node.tag, 'call');
        this.visitType(node.typeArguments);
        this.visit(node.quasi);
        return;
      case 'ImportExpression': {
        this.addImport(node.source, 'dynamic', node);
        this.visit(node.source);
        if (node.options) this.visit(node.options);
        return;
      }
      case 'AwaitExpression':
        if (this.fn === null) this.hasTopLevelAwait = true;
        this.visit(node.argument);
        return;
      case 'AssignmentExpression':
        this.target(node.left);
        if (isFunctionNode(node.right) && !node.right.id) {
          // `exports.handler = () => {}` / `x = function () {}`: name it after the target.
          const l: N = node.left;
          const name = l.type === 'Identifier' ? l.name : l.type === 'MemberExpression' ? keyName(l.property, l.computed) : null;
          this.fnNode(node.right, name, false);
        } else this.visit(node.right);
        return;
      case 'UpdateExpression':
        this.target(node.argument);
        return;
      case 'UnaryExpression':
        if (node.operator === 'delete') {
          const arg = unwrapTs(node.argument);
          if (arg.type === 'MemberExpression') {
            this.member(arg, true);
            return;
          }
        }
        this.visit(node.argument);
        return;
      case 'ObjectExpression':
        for (const p of node.properties) {
          if (p.type === 'SpreadElement') {
            this.visit(p.argument);
            continue;
          }
          if (p.computed) this.visit(p.key);
          if (isFunctionNode(p.value)) this.fnNode(p.value, p.value.id ? p.value.id.name : keyName(p.key, p.computed), false);
          else this.visit(p.value);
        }
        return;
      case 'Property':
        // Only reached for patterns handled elsewhere; be safe.
        if (node.computed) this.visit(node.key);
        this.visit(node.value);
        return;
      case 'JSXElement':
        this.jsxName(node.openingElement.name);
        this.visitType(node.openingElement.typeArguments);
        this.visitAll(node.openingElement.attributes);
        this.visitAll(node.children);
        return;
      case 'JSXFragment':
        this.visitAll(node.children);
        return;
      case 'JSXAttribute':
        if (node.value) this.visit(node.value);
        return;
      case 'JSXIdentifier':
      case 'JSXNamespacedName':
      case 'JSXMemberExpression':
        return;
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
        this.visit(node.expression);
        this.visitType(node.typeAnnotation);
        return;
      case 'TSInstantiationExpression':
        this.visit(node.expression);
        this.visitType(node.typeArguments);
        return;
      case 'TSTypeAliasDeclaration':
      case 'TSInterfaceDeclaration':
        this.declare(node.id.name, NS_TYPE);
        {
          const saved = this.scope;
          this.pushScope(false);
          this.visitType({ ...node, id: null });
          this.scope = saved;
        }
        return;
      case 'TSEnumDeclaration': {
        this.declare(node.id.name, NS_ALL);
        if (node.declare) return;
        for (const m of node.body.members) if (m.initializer) this.visit(m.initializer);
        return;
      }
      case 'TSModuleDeclaration':
        this.moduleDeclaration(node);
        return;
      case 'Decorator':
        this.visit(node.expression);
        return;
      default:
        this.children(node);
    }
  }

  // ---------------------------------------------------------------- types

  private visitTypeNode(node: N): void {
    const meta = this.meta;
    switch (node.type) {
      case 'Identifier':
        // In types a bare identifier is a name being declared (parameter, key), never a reference.
        if (node.typeAnnotation) this.visitType(node.typeAnnotation, meta);
        return;
      case 'TSTypeAnnotation':
      case 'TSUnionType':
      case 'TSParenthesizedType':
        this.children(node);
        return;
      case 'TSTypeReference': {
        const id = leftmost(node.typeName);
        if (id) this.ref(id, 'read', true, node.typeName.type === 'TSQualifiedName');
        if (node.typeArguments) this.visitType(node.typeArguments, false);
        return;
      }
      case 'TSImportType': {
        // `import('./x').Y` in a type: a type-only dependency on that module.
        const q = leftmost(node.qualifier);
        this.addImport(node.source?.type === 'TSLiteralType' ? node.source.literal : node.source, 'type', node, [
          { imported: q ? q.name : '*', local: null, isType: true },
        ]);
        this.meta = false;
        if (node.typeArguments) this.visit(node.typeArguments);
        this.meta = meta;
        return;
      }
      case 'TSTypeQuery': {
        this.meta = false;
        if (node.exprName.type === 'TSImportType') this.visit(node.exprName);
        else {
          const id = leftmost(node.exprName);
          if (id) this.ref(id, 'read', false);
        }
        if (node.typeArguments) this.visit(node.typeArguments);
        this.meta = meta;
        return;
      }
      case 'TSInterfaceHeritage':
      case 'TSClassImplements': {
        this.meta = false;
        const id = leftmost(node.expression);
        if (id) this.ref(id, 'read', true, node.expression !== id);
        if (node.typeArguments) this.visit(node.typeArguments);
        this.meta = meta;
        return;
      }
      case 'TSConditionalType': {
        // `infer X` in the extends clause declares X for the true branch only: elsewhere in the
        // alias, X is whatever it was (an import of the same name, say).
        this.visit(node.checkType);
        const saved = this.scope;
        this.pushScope(false);
        this.visit(node.extendsType);
        this.visit(node.trueType);
        this.scope = saved;
        this.visit(node.falseType);
        return;
      }
      case 'TSTypeParameter':
        this.declare(node.name.name, NS_TYPE);
        this.meta = false;
        if (node.constraint) this.visit(node.constraint);
        if (node.default) this.visit(node.default);
        this.meta = meta;
        return;
      case 'TSMappedType': {
        const saved = this.scope;
        this.pushScope(false);
        this.meta = false;
        if (node.key) this.declare(node.key.name ?? '', NS_TYPE);
        this.children({ ...node, key: null });
        this.meta = meta;
        this.scope = saved;
        return;
      }
      case 'TSPropertySignature':
      case 'TSMethodSignature':
      case 'TSAbstractPropertyDefinition':
        this.meta = false;
        if (node.computed && node.key) {
          const id = leftmost(node.key);
          if (id) this.ref(id, 'read', false);
        }
        this.children({ ...node, key: null });
        this.meta = meta;
        return;
      case 'TSFunctionType':
      case 'TSConstructorType':
      case 'TSCallSignatureDeclaration':
      case 'TSConstructSignatureDeclaration':
      case 'TSDeclareFunction':
      case 'TSEmptyBodyFunctionExpression':
      case 'FunctionDeclaration':
      case 'FunctionExpression': {
        // Type parameters of a signature are local to it.
        const saved = this.scope;
        this.pushScope(true);
        this.meta = false;
        this.children(node);
        this.meta = meta;
        this.scope = saved;
        return;
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        // `declare class X extends Y`: erased, so `Y` is a type-position use of a value.
        this.meta = false;
        const id = leftmost(node.superClass);
        if (id) this.ref(id, 'read', false);
        this.children({ ...node, id: null, superClass: null, decorators: [] });
        this.meta = meta;
        return;
      }
      case 'MemberExpression':
        // e.g. a computed key expression inside a declaration; references only at its root.
        {
          const id = leftmost(node);
          if (id) this.ref(id, 'read', false);
        }
        return;
      default:
        this.meta = false;
        this.children(node);
        this.meta = meta;
    }
  }

  // ---------------------------------------------------------------- declarations

  private importDeclaration(node: N): void {
    const declType = node.importKind === 'type';
    const specs: N[] = node.specifiers ?? [];
    const names: ImportedName[] = [];
    let allType = specs.length > 0;
    for (const s of specs) {
      const isType = declType || s.importKind === 'type';
      if (!isType) allType = false;
      const imported =
        s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? '*' : moduleName(s.imported);
      names.push({ imported, local: s.local.name, isType });
    }
    const kind: ImportKind = declType || allType ? 'type' : specs.length === 0 ? 'side-effect' : 'static';
    const draft = this.addImport(node.source, kind, node, names);
    for (let i = 0; i < specs.length; i++) {
      const s = specs[i];
      this.bindImport(draft, s.local, names[i].imported, names[i].isType, NS_ALL, this.moduleScope);
    }
  }

  private importEquals(node: N, exported: boolean): void {
    const ref = node.moduleReference;
    if (ref.type === 'TSExternalModuleReference') {
      const isType = node.importKind === 'type';
      const draft = this.addImport(ref.expression, isType ? 'type' : 'require', node, [
        { imported: '*', local: node.id.name, isType },
      ]);
      draft.importEquals = true;
      this.bindImport(draft, node.id, '*', isType, NS_ALL);
    } else {
      // `import A = B.C`: an alias evaluated where it stands.
      this.declare(node.id.name, NS_ALL);
      const id = leftmost(ref);
      if (id) this.ref(id, 'read', false, ref.type === 'TSQualifiedName');
    }
    if (exported) this.addExport(node.id.name, node.importKind === 'type', node.start);
  }

  private exportNamed(node: N): void {
    const isTypeDecl = node.exportKind === 'type';
    if (node.source) {
      const names: ImportedName[] = [];
      let allType = node.specifiers.length > 0;
      for (const s of node.specifiers) {
        const isType = isTypeDecl || s.exportKind === 'type';
        if (!isType) allType = false;
        names.push({ imported: moduleName(s.local), local: null, isType });
        this.addExport(moduleName(s.exported), isType, node.start, {
          specifier: node.source.value,
          imported: moduleName(s.local),
        });
      }
      this.addImport(node.source, isTypeDecl || allType ? 'type' : 'reexport', node, names);
      return;
    }
    if (node.declaration) {
      const d = node.declaration;
      const start = node.start;
      switch (d.type) {
        case 'VariableDeclaration':
          for (const decl of d.declarations) {
            for (const id of patternIdentifiers(decl.id)) {
              this.addExport(id.name, !!d.declare, start);
              if (!d.declare && decl.id.type === 'Identifier') this.exportValue(id.name, id.name, -1);
              // `export const x = require('m')` exports the imported value: a use of the binding
              // (it is re-exported), as `export { x }` is.
              if (!d.declare) this.ref(id, 'export');
            }
          }
          break;
        case 'TSInterfaceDeclaration':
        case 'TSTypeAliasDeclaration':
          this.addExport(d.id.name, true, start);
          break;
        case 'TSImportEqualsDeclaration':
          this.importEquals(d, true);
          return;
        case 'TSModuleDeclaration':
          if (d.id.type === 'Identifier') this.addExport(d.id.name, !!d.declare, start);
          break;
        default:
          if (d.id) this.addExport(d.id.name, !!d.declare || d.type === 'TSDeclareFunction', start);
          if (d.id && !d.declare && (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration')) this.exportValue(d.id.name, d.id.name, -1);
      }
      this.visit(d);
      return;
    }
    for (const s of node.specifiers) {
      const isType = isTypeDecl || s.exportKind === 'type';
      this.addExport(moduleName(s.exported), isType, node.start);
      if (!isType && s.local.type === 'Identifier') this.exportValue(moduleName(s.exported), s.local.name, -1);
      if (s.local.type === 'Identifier') {
        const t = this.typeMode;
        this.typeMode = isType;
        this.ref(s.local, 'export', isType);
        this.typeMode = t;
      }
    }
  }

  private exportDefault(node: N): void {
    const d = node.declaration;
    this.addExport('default', d.type === 'TSInterfaceDeclaration', node.start);
    if (d.type === 'Identifier') {
      this.exportValue('default', d.name, -1);
      this.ref(d, 'export');
      return;
    }
    this.exportValue('default', null, d.start);
    if (d.type === 'FunctionDeclaration' || d.type === 'FunctionExpression' || d.type === 'ArrowFunctionExpression') {
      const decl = d.id ? this.declare(d.id.name, NS_VALUE) : null;
      const ctx = this.fnNode(d, d.id ? d.id.name : 'default', false);
      if (decl) decl.fn = ctx;
      return;
    }
    if (d.type === 'ClassDeclaration' || d.type === 'ClassExpression') {
      this.classNode(d, d.id ? d.id.name : 'default', !!d.id);
      return;
    }
    this.visit(d);
  }

  private moduleDeclaration(node: N): void {
    // A namespace is never a type, and a value only when it holds values: one of types alone
    // merges with an import of the same name, which keeps its value and type meanings.
    if (node.id.type === 'Identifier') this.declare(node.id.name, instantiated(node) ? NS_VALUE | NS_NAMESPACE : NS_NAMESPACE);
    if (node.declare || node.id.type !== 'Identifier') {
      // `declare module 'x' {}` / `declare global {}` / `declare namespace`: types only.
      const saved = this.scope;
      this.pushScope(true);
      this.visitType(node.body);
      this.scope = saved;
      return;
    }
    const saved = this.scope;
    this.pushScope(true);
    // A namespace body runs where it is declared (it compiles to an IIFE).
    let body = node.body;
    while (body && body.type === 'TSModuleDeclaration') {
      this.declare(body.id.name, instantiated(body) ? NS_VALUE | NS_NAMESPACE : NS_NAMESPACE);
      body = body.body;
    }
    if (body) this.visitAll(body.body);
    this.scope = saved;
  }

  private variableDeclaration(node: N): void {
    if (node.declare) {
      for (const d of node.declarations) this.declarePattern(d.id, NS_VALUE, this.varScope(), true);
      return;
    }
    if (node.kind === 'await using' && this.fn === null) this.hasTopLevelAwait = true;
    const scope = node.kind === 'var' ? this.varScope() : this.scope;
    const top = node === this.topStatement;
    for (const d of node.declarations) this.declarator(d, scope, top);
  }

  private declarator(d: N, scope: Scope, top: boolean): void {
    const id: N = d.id;
    const init: N | null = d.init;
    if (!init) {
      this.declarePattern(id, NS_VALUE, scope);
      return;
    }
    // `const f = () => {}` gives the function its name and a call-graph entry.
    if (id.type === 'Identifier' && (isFunctionNode(init) || init.type === 'ClassExpression')) {
      const decl = this.declare(id.name, NS_VALUE, scope);
      this.visitType(id.typeAnnotation);
      if (init.type === 'ClassExpression') decl.fn = this.classNode(init, init.id ? init.id.name : id.name, false);
      else decl.fn = this.fnNode(init, id.name, false);
      return;
    }
    this.visit(init);
    const req = this.requireOf(init);
    const draft = req ? this.requireByCall.get(req.call) : undefined;
    if (!draft || !req) {
      const decls = this.declarePattern(id, NS_VALUE, scope);
      if (id.type === 'Identifier' && isCreateRequire(init) && decls[0]) decls[0].createRequire = true;
      return;
    }
    // What src/fix/interop.ts findImportStatement rewrites, checked in that order.
    const declaration: RequireDeclaration | undefined = !top
      ? 'in-block'
      : req.wrapped || (req.helper && (this.ts || req.imported !== '*' || id.type !== 'Identifier'))
        ? 'wrapped'
        : req.helper
          ? 'helper'
          : id.type === 'ObjectPattern' && !id.properties.every((p: N) => p.type === 'Property' && !p.computed && p.value.type === 'Identifier')
            ? 'pattern'
            : undefined;
    if (declaration) draft.declaration = declaration;
    if (id.type === 'Identifier') {
      draft.names.push({ imported: req.imported, local: id.name, isType: false });
      this.bindImport(draft, id, req.imported, false, NS_VALUE, scope);
      this.visitType(id.typeAnnotation);
      return;
    }
    if (id.type === 'ObjectPattern' && req.imported === '*') {
      this.visitType(id.typeAnnotation);
      for (const p of id.properties) {
        if (p.type === 'RestElement') {
          if (p.argument.type === 'Identifier') {
            draft.names.push({ imported: '*', local: p.argument.name, isType: false });
            this.bindImport(draft, p.argument, '*', false, NS_VALUE, scope);
          } else this.declarePattern(p.argument, NS_VALUE, scope);
          continue;
        }
        const imported = keyName(p.key, p.computed);
        if (p.computed) this.visit(p.key);
        let value: N = p.value;
        if (value.type === 'AssignmentPattern') {
          this.visit(value.right);
          value = value.left;
        }
        if (imported !== null && value.type === 'Identifier') {
          draft.names.push({ imported, local: value.name, isType: false });
          this.bindImport(draft, value, imported, false, NS_VALUE, scope);
        } else {
          if (imported !== null) draft.names.push({ imported, local: null, isType: false });
          this.declarePattern(value, NS_VALUE, scope);
        }
      }
      return;
    }
    this.declarePattern(id, NS_VALUE, scope);
  }

  /**
   * If `init` evaluates to (a member of) a `require('x')` call, possibly through an interop
   * helper or a TS cast, returns the call and which export the declared name receives.
   */
  private requireOf(init: N): { call: N; imported: string; wrapped: boolean; helper: boolean } | null {
    let n = unwrapTs(init);
    // Anything between the declarator and the call but a plain `.y` or an interop helper.
    let wrapped = n !== init;
    let imported = '*';
    if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') {
      imported = n.property.name;
      const object = unwrapTs(n.object);
      if (object !== n.object) wrapped = true;
      n = object;
    } else if (n.type === 'MemberExpression' && n.computed && literalString(n.property) !== null) {
      imported = literalString(n.property) as string;
      wrapped = true;
      n = unwrapTs(n.object);
    }
    let helper = false;
    if (n.type === 'CallExpression' && isInteropHelper(n.callee) && n.arguments.length >= 1) {
      helper = true;
      const arg = unwrapTs(n.arguments[0]);
      if (arg !== n.arguments[0]) wrapped = true;
      n = arg;
    }
    if (n.type === 'CallExpression' && this.requireByCall.has(n)) {
      // The codemod reads `require` with one string literal: a template or a second argument is written otherwise.
      const args: N[] = n.arguments;
      if (args.length !== 1 || args[0].type !== 'Literal' || typeof args[0].value !== 'string') wrapped = true;
      return { call: n, imported, wrapped, helper };
    }
    return null;
  }

  /** Declares every identifier of a binding pattern; returns the declarations. */
  private declarePattern(p: N, ns: number, scope: Scope, typesOnly = false): Decl[] {
    const out: Decl[] = [];
    const walk = (n: N): void => {
      switch (n.type) {
        case 'Identifier':
          out.push(this.declare(n.name, ns, scope));
          if (n.typeAnnotation) this.visitType(n.typeAnnotation, this.meta);
          return;
        case 'ObjectPattern':
          for (const prop of n.properties) {
            if (prop.type === 'RestElement') walk(prop.argument);
            else {
              if (prop.computed && !typesOnly) this.visit(prop.key);
              walk(prop.value);
            }
          }
          if (n.typeAnnotation) this.visitType(n.typeAnnotation, this.meta);
          return;
        case 'ArrayPattern':
          for (const e of n.elements) if (e) walk(e);
          if (n.typeAnnotation) this.visitType(n.typeAnnotation, this.meta);
          return;
        case 'RestElement':
          walk(n.argument);
          if (n.typeAnnotation) this.visitType(n.typeAnnotation, this.meta);
          return;
        case 'AssignmentPattern':
          walk(n.left);
          if (!typesOnly) this.visit(n.right);
          return;
        case 'TSParameterProperty':
          walk(n.parameter);
          return;
        default:
          // Not a pattern (e.g. a member expression target in a for-in head).
          this.target(n);
      }
    };
    walk(p);
    return out;
  }

  // ---------------------------------------------------------------- expressions

  /** An assignment target: identifiers are writes, member expressions are property writes. */
  private target(n: N): void {
    switch (n.type) {
      case 'Identifier':
        this.ref(n, 'write');
        return;
      case 'MemberExpression':
        this.member(n, true);
        return;
      case 'ObjectPattern':
        for (const p of n.properties) {
          if (p.type === 'RestElement') this.target(p.argument);
          else {
            if (p.computed) this.visit(p.key);
            this.target(p.value);
          }
        }
        return;
      case 'ArrayPattern':
        for (const e of n.elements) if (e) this.target(e);
        return;
      case 'RestElement':
        this.target(n.argument);
        return;
      case 'AssignmentPattern':
        this.target(n.left);
        this.visit(n.right);
        return;
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
        this.target(n.expression);
        this.visitType(n.typeAnnotation);
        return;
      case 'TSNonNullExpression':
      case 'ParenthesizedExpression':
        this.target(n.expression);
        return;
      default:
        this.visit(n);
    }
  }

  private member(n: N, write: boolean): void {
    let obj: N = n.object;
    for (;;) {
      if (obj.type === 'TSAsExpression' || obj.type === 'TSSatisfiesExpression' || obj.type === 'TSTypeAssertion') {
        this.visitType(obj.typeAnnotation);
        obj = obj.expression;
      } else if (obj.type === 'TSNonNullExpression' || obj.type === 'ParenthesizedExpression') obj = obj.expression;
      else break;
    }
    if (obj.type === 'Identifier') this.ref(obj, write ? 'member-write' : 'member');
    else this.visit(obj);
    if (n.computed) this.visit(n.property);
  }

  private callee(c: N, kind: 'call' | 'new'): void {
    const n = c.type === 'ChainExpression' ? c.expression : c;
    if (n.type === 'Identifier') this.ref(n, kind);
    else if (n.type === 'MemberExpression') {
      const before = this.refs.length;
      this.member(n, false);
      // The object's reference, when it is a plain name: remember which member is called on it.
      if (!n.computed && n.object.type === 'Identifier' && n.property.type === 'Identifier' && this.refs.length > before && this.refs[before].start === n.object.start) this.refs[before].calls = n.property.name;
    } else this.visit(n);
  }

  private call(node: N): void {
    const callee: N = node.callee;
    // IIFE: the function runs right here, in the current context.
    const fnCallee = unwrapTs(callee);
    if (isFunctionNode(fnCallee)) {
      this.fnNode(fnCallee, fnCallee.id ? fnCallee.id.name : null, true);
      this.visitType(node.typeArguments);
      this.visitAll(node.arguments);
      return;
    }
    // `(function () {}).call(this)` is an IIFE too (common in compiled CommonJS).
    if (
      callee.type === 'MemberExpression' &&
      !callee.computed &&
      callee.property.type === 'Identifier' &&
      (callee.property.name === 'call' || callee.property.name === 'apply') &&
      isFunctionNode(unwrapTs(callee.object))
    ) {
      const f = unwrapTs(callee.object);
      this.fnNode(f, f.id ? f.id.name : null, true);
      this.visitAll(node.arguments);
      return;
    }
    // A callback a built-in method calls before it returns (`names.map((n) => heavy(n))`,
    // `list.forEach(…)`, `rows.sort(cmp)`) runs where the call runs: like an IIFE, except that it
    // runs once per element, maybe never, so its calls are not made on every run.
    if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && SYNC_CALLBACK_METHODS.has(callee.property.name)) {
      const first: N | undefined = node.arguments[0];
      const f = first ? unwrapTs(first) : null;
      if (f && isFunctionNode(f)) {
        this.callee(callee, 'call');
        this.visitType(node.typeArguments);
        this.cond++;
        this.fnNode(f, f.id ? f.id.name : null, true);
        this.cond--;
        this.visitAll(node.arguments.slice(1));
        return;
      }
    }
    if (callee.type === 'Identifier' && callee.name === 'require' && !node.optional) {
      const arg: N | undefined = node.arguments[0];
      if (arg && arg.type !== 'SpreadElement') {
        const draft = this.addImport(arg, 'require', node);
        draft.requireScope = this.scope;
        this.requireByCall.set(node, draft);
        this.visitAll(node.arguments);
        return;
      }
    }
    this.callee(callee, 'call');
    this.visitType(node.typeArguments);
    this.visitAll(node.arguments);
  }

  private jsxName(name: N): void {
    if (name.type === 'JSXIdentifier') {
      const first = name.name.charCodeAt(0);
      // Lower-case names and names with a dash are intrinsic elements, not bindings.
      if (first >= 97 && first <= 122) return;
      if (name.name.includes('-')) return;
      this.ref(name, 'jsx');
      return;
    }
    if (name.type === 'JSXMemberExpression') {
      let o: N = name;
      while (o.type === 'JSXMemberExpression') o = o.object;
      if (o.type === 'JSXIdentifier') this.ref(o, 'jsx');
    }
  }

  // ---------------------------------------------------------------- functions and classes

  /**
   * Walks a function. `iife` keeps the caller's execution context (it runs right away);
   * otherwise the body runs when the function is called. Returns its context for the call graph.
   */
  fnNode(node: N, name: string | null, iife: boolean, opts: FnOpts = {}): FnCtx {
    const ctx: FnCtx = opts.ctx ?? { name, async: !!node.async, start: node.start, calledAtLoad: false, outer: this.fn };
    this.fnByStart.set(node.start, ctx);
    // Parameter decorators run when the class is defined, not when the function is called.
    for (const p of node.params as N[]) if (p.decorators) this.visitAll(p.decorators);

    const saved = { scope: this.scope, exec: this.exec, fn: this.fn, inTry: this.inTry, cond: this.cond, branch: this.branch };
    this.fn = ctx;
    if (!iife) {
      this.exec = ctx;
      this.inTry = false;
      this.cond = 0;
      this.branch = 0;
    }
    const scope = this.pushScope(true);
    if (node.type === 'FunctionExpression' && node.id) this.declare(node.id.name, NS_VALUE, scope);
    if (node.typeParameters) this.visitType(node.typeParameters);
    const m = this.meta;
    this.meta = !!opts.metaParams;
    for (const p of node.params as N[]) this.declarePattern(p, NS_VALUE, scope);
    this.meta = m;
    if (node.returnType) this.visitType(node.returnType, !!opts.metaReturn);
    const body = node.body;
    if (body) {
      if (body.type === 'BlockStatement') this.visitAll(body.body);
      else this.visit(body);
    }
    this.scope = saved.scope;
    this.exec = saved.exec;
    this.fn = saved.fn;
    this.inTry = saved.inTry;
    this.cond = saved.cond;
    this.branch = saved.branch;
    return ctx;
  }

  /** Walks a class; returns the constructor context (for `new C()` at load). */
  private classNode(node: N, name: string | null, declaration: boolean): FnCtx {
    // Without an explicit constructor, the class name (not its decorators) marks where it is.
    const at: number = node.id ? node.id.start : node.body.start;
    const ctor: FnCtx = { name: name ? `${name}.constructor` : 'constructor', async: false, start: at, calledAtLoad: false, outer: this.fn };
    this.fnByStart.set(node.start, ctor);
    if (node.declare) {
      if (declaration && node.id) this.declare(node.id.name, NS_BOTH);
      this.visitType(node);
      return ctor;
    }
    // Class decorators, `extends`, computed keys and static parts run at definition.
    this.visitAll(node.decorators);
    if (declaration && node.id) this.declare(node.id.name, NS_BOTH).fn = ctor;
    const saved = this.scope;
    const classScope = this.pushScope(false);
    if (!declaration && node.id) this.declare(node.id.name, NS_BOTH, classScope).fn = ctor;
    if (node.typeParameters) this.visitType(node.typeParameters);
    if (node.superClass) this.visit(node.superClass);
    if (node.superTypeArguments) this.visitType(node.superTypeArguments);
    for (const i of (node.implements ?? []) as N[]) this.visitType(i);

    const members: N[] = node.body.body;
    const ctorMember = members.find((m) => m.type === 'MethodDefinition' && m.kind === 'constructor');
    const ctorParamsDecorated = !!ctorMember && (ctorMember.value.params as N[]).some((p) => p.decorators && p.decorators.length > 0);
    const classDecorated = (node.decorators?.length ?? 0) > 0 || ctorParamsDecorated;
    const prefix = name ? `${name}.` : '';

    for (const m of members) {
      switch (m.type) {
        case 'MethodDefinition':
        case 'TSAbstractMethodDefinition': {
          this.visitAll(m.decorators);
          if (m.computed) this.visit(m.key);
          const isCtor = m.kind === 'constructor';
          const decorated =
            (m.decorators?.length ?? 0) > 0 || (m.value.params as N[]).some((p) => p.decorators && p.decorators.length > 0);
          if (m.type === 'TSAbstractMethodDefinition' || !m.value.body) {
            this.visitAll((m.value.params as N[]).flatMap((p) => p.decorators ?? []));
            this.visitType({ ...m.value, params: m.value.params, type: 'TSEmptyBodyFunctionExpression' }, false);
            break;
          }
          if (isCtor) {
            ctor.start = m.start;
            this.fnNode(m.value, null, false, { ctx: ctor, metaParams: classDecorated });
          } else {
            const k = keyName(m.key, m.computed) ?? '[computed]';
            this.fnNode(m.value, prefix + k, false, { metaParams: decorated, metaReturn: decorated });
          }
          break;
        }
        case 'PropertyDefinition':
        case 'AccessorProperty':
        case 'TSAbstractPropertyDefinition':
        case 'TSAbstractAccessorProperty': {
          this.visitAll(m.decorators);
          if (m.computed) this.visit(m.key);
          const decorated = (m.decorators?.length ?? 0) > 0;
          if (m.typeAnnotation) this.visitType(m.typeAnnotation, decorated);
          if (!m.value || m.declare || m.type.startsWith('TSAbstract')) break;
          const k = keyName(m.key, m.computed);
          if (m.static) {
            if (isFunctionNode(m.value)) this.fnNode(m.value, prefix + (k ?? '[computed]'), false);
            else this.visit(m.value);
          } else {
            // Instance fields are initialised by the constructor.
            const s = { exec: this.exec, fn: this.fn, inTry: this.inTry };
            this.exec = ctor;
            this.fn = ctor;
            this.inTry = false;
            if (isFunctionNode(m.value)) this.fnNode(m.value, prefix + (k ?? '[computed]'), false);
            else this.visit(m.value);
            this.exec = s.exec;
            this.fn = s.fn;
            this.inTry = s.inTry;
          }
          break;
        }
        case 'StaticBlock':
          this.visit(m);
          break;
        default:
          this.visitType(m);
      }
    }
    this.scope = saved;
    return ctor;
  }
}

interface FnOpts {
  ctx?: FnCtx;
  metaParams?: boolean;
  metaReturn?: boolean;
}

/** `__importDefault`, or `tslib_1.__importDefault` (tsc with importHelpers). */
function isInteropHelper(callee: N): boolean {
  if (callee.type === 'Identifier') return isInteropHelperName(callee.name);
  return (
    callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && isInteropHelperName(callee.property.name)
  );
}

function isCreateRequire(init: N): boolean {
  const n = unwrapTs(init);
  if (n.type !== 'CallExpression') return false;
  const c = n.callee;
  if (c.type === 'Identifier') return c.name === 'createRequire' || c.name === 'createRequireFromPath';
  return c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier' && c.property.name === 'createRequire';
}

/** The identifiers a binding pattern declares. */
function patternIdentifiers(p: N): N[] {
  const out: N[] = [];
  const walk = (n: N | null): void => {
    if (!n) return;
    switch (n.type) {
      case 'Identifier':
        out.push(n);
        return;
      case 'ObjectPattern':
        for (const prop of n.properties) walk(prop.type === 'RestElement' ? prop.argument : prop.value);
        return;
      case 'ArrayPattern':
        for (const e of n.elements) walk(e);
        return;
      case 'RestElement':
        walk(n.argument);
        return;
      case 'AssignmentPattern':
        walk(n.left);
        return;
    }
  };
  walk(p);
  return out;
}
