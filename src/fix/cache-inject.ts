/**
 * Cache injection (`cache` targets in the config): decorates class methods with `@cached(...)` and
 * wraps functions with `cached(...)` from `perf-lint/runtime`, keeping names, exports and hoisting.
 * It computes new file texts only; src/fix's writer writes them. The design and its trade-offs are
 * in docs/runtime.md ("Injection").
 */
import type { CacheTarget } from '../config/types.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as TsMorph from 'ts-morph';
import { stringLiteral } from './interop.js';

/** One config cache target, as the config declares it. */
export type CacheInjectTarget = CacheTarget;

export interface CacheInjectResult {
  /** Files whose text would change; `file` is absolute. */
  changed: { file: string; before: string; after: string }[];
  /** Targets left untouched and why; `file` is relative to root, POSIX. */
  reports: { target: string; file?: string; line?: number; reason: string }[];
}

const SOURCE_EXT = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const RUNTIME = 'perf-lint/runtime';
const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);

type Morph = typeof TsMorph;
type Report = CacheInjectResult['reports'][number];

/** Per file: the ts-morph source, its original text and the runtime names it needs. */
interface FileState {
  sf: TsMorph.SourceFile;
  project: TsMorph.Project;
  file: string;
  before: string;
  js: boolean;
  cjs: boolean;
  /** Local names to use for the runtime's exports (aliased when the file already uses the name). */
  local: { cached: string; cacheMethod: string };
  need: Set<'cached' | 'cacheMethod'>;
  /** The file's string quote: that of its first import or require specifier, else `'`. */
  quote: '"' | "'";
}

/** Computes the texts that add caching to the configured targets; writes nothing (the writer does). */
export async function injectCaching(
  root: string,
  targets: CacheInjectTarget[],
  opts: { dryRun: boolean },
): Promise<CacheInjectResult> {
  void opts.dryRun; // never writes either way: the caller's writer honours dry-run
  const morph: Morph = await import('ts-morph');
  const { glob } = await import('tinyglobby');
  const project = new morph.Project({
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    useInMemoryFileSystem: false,
    compilerOptions: { allowJs: true },
  });
  const legacy = await readExperimentalDecorators(morph, root);
  const files = new Map<string, FileState>();
  const reports: Report[] = [];
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');

  for (const t of targets) {
    const hash = t.target.lastIndexOf('#');
    const pattern = hash > 0 ? t.target.slice(0, hash) : '';
    const name = hash > 0 ? t.target.slice(hash + 1) : '';
    const m = /^([A-Za-z_$][\w$]*)(?:\.(#?[A-Za-z_$][\w$]*))?$/.exec(name);
    if (!pattern || !m) {
      reports.push({ target: t.target, reason: 'expected "<file glob>#<function>" or "<file glob>#<Class>.<method>"' });
      continue;
    }
    const keyProblem = t.key === undefined ? null : checkKeySource(morph, t.key);
    if (keyProblem) {
      reports.push({ target: t.target, reason: `key "${t.key}" is not a function expression: ${keyProblem}` });
      continue;
    }
    const matched = (await glob([pattern], { cwd: root, absolute: true, ignore: ['**/node_modules/**'], dot: false }))
      .filter((f) => SOURCE_EXT.test(f) && !f.endsWith('.d.ts'))
      .sort();
    if (matched.length === 0) {
      reports.push({ target: t.target, reason: `no source file matches "${pattern}"` });
      continue;
    }
    let found = 0;
    for (const file of matched) {
      const st = await loadFile(morph, project, files, file);
      const r = m[2] ? injectMethod(morph, st, m[1], m[2], t, legacy) : injectFunction(morph, st, m[1], t);
      if (r === 'absent') continue;
      found++;
      if (r !== 'done' && r !== 'already') reports.push({ target: t.target, file: rel(file), line: r.line, reason: r.reason });
    }
    if (found === 0) {
      const what = m[2] ? `method ${m[1]}.${m[2]}` : `function ${m[1]}`;
      reports.push({ target: t.target, reason: `${what} not found in ${matched.map(rel).join(', ')}` });
    }
  }

  const changed: CacheInjectResult['changed'] = [];
  for (const [file, st] of files) {
    if (st.need.size > 0) addRuntimeImport(st);
    const after = st.sf.getFullText();
    if (after !== st.before) changed.push({ file, before: st.before, after });
  }
  return { changed, reports };
}

async function loadFile(morph: Morph, project: TsMorph.Project, files: Map<string, FileState>, file: string): Promise<FileState> {
  const known = files.get(file);
  if (known) return known;
  const text = await fs.readFile(file, 'utf8');
  const sf = project.createSourceFile(file, text, { overwrite: true });
  const js = /\.[cm]?jsx?$/.test(file);
  const st: FileState = {
    sf,
    project,
    file,
    before: text,
    js,
    cjs: await isCommonJs(file, text),
    local: { cached: 'cached', cacheMethod: 'cacheMethod' },
    need: new Set(),
    quote: /(?:\bfrom\s*|\brequire\s*\(\s*|^\s*import\s*)(["'])/m.exec(text)?.[1] === '"' ? '"' : "'",
  };
  // Reuse an existing import of the runtime; otherwise alias a name the file already uses.
  const identifiers = new Set(sf.getDescendantsOfKind(morph.SyntaxKind.Identifier).map((n) => n.getText()));
  const existing = sf.getImportDeclarations().find((d) => d.getModuleSpecifierValue() === RUNTIME);
  for (const name of ['cached', 'cacheMethod'] as const) {
    const spec = existing?.getNamedImports().find((n) => n.getName() === name);
    if (spec) st.local[name] = spec.getAliasNode()?.getText() ?? name;
    else if (identifiers.has(name)) st.local[name] = `perfLint${name[0].toUpperCase()}${name.slice(1)}`;
  }
  files.set(file, st);
  return st;
}

async function isCommonJs(file: string, text: string): Promise<boolean> {
  if (/\.c[jt]s$/.test(file)) return true;
  if (/\.m[jt]s$|\.tsx?$/.test(file)) return false;
  if (/^\s*(?:import\s|export\s)/m.test(text)) return false;
  if (/\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w+\s*=/.test(text)) return true;
  // Nothing in the text decides it: the nearest package.json "type" does, as Node does.
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8')) as { type?: string };
      return pkg.type !== 'module';
    } catch {
      if (path.dirname(dir) === dir) return true;
    }
  }
}

/** tsconfig `experimentalDecorators` (following `extends`), false without a tsconfig. */
async function readExperimentalDecorators(morph: Morph, root: string): Promise<boolean> {
  const ts = morph.ts;
  const file = path.join(root, 'tsconfig.json');
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error || !read.config) return false;
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  return parsed.options.experimentalDecorators === true;
}

function checkKeySource(morph: Morph, key: string): string | null {
  const ts = morph.ts;
  const out = ts.transpileModule(`export const k = (${key});`, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
  if (out.diagnostics && out.diagnostics.length > 0) return ts.flattenDiagnosticMessageText(out.diagnostics[0].messageText, ' ');
  const sf = ts.createSourceFile('k.ts', `(${key})`, ts.ScriptTarget.ES2022, true);
  const stmt = sf.statements[0];
  let expr: TsMorph.ts.Expression | undefined = stmt && ts.isExpressionStatement(stmt) ? stmt.expression : undefined;
  while (expr && ts.isParenthesizedExpression(expr)) expr = expr.expression;
  return expr && (ts.isArrowFunction(expr) || ts.isFunctionExpression(expr)) ? null : 'expected an arrow function or function expression';
}

/** The options object literal written into the code. */
function optionsText(st: FileState, t: CacheInjectTarget, namespace: string): string {
  const parts: string[] = [];
  if (t.ttl !== undefined) parts.push(`ttl: ${typeof t.ttl === 'number' ? String(t.ttl) : quote(st, t.ttl)}`);
  if (t.max !== undefined) parts.push(`max: ${t.max}`);
  if (t.key !== undefined) parts.push(`key: ${t.key.trim()}`);
  parts.push(`namespace: ${quote(st, t.namespace ?? namespace)}`);
  if (t.tier === 'redis') parts.push(`l2: ${quote(st, 'default')}`);
  return `{ ${parts.join(', ')} }`;
}

/** `s` as a string literal in the file's quote style. */
function quote(st: FileState, s: string): string {
  return stringLiteral(s, st.quote);
}

type Outcome = 'absent' | 'done' | 'already' | { line: number; reason: string };

function lineOf(node: TsMorph.Node): number {
  return node.getStartLineNumber();
}

/** Whether a function-like returns a promise: `async`, or a declared Promise return type. */
function returnsPromise(fn: TsMorph.FunctionDeclaration | TsMorph.MethodDeclaration | TsMorph.ArrowFunction | TsMorph.FunctionExpression): boolean {
  if (fn.isAsync()) return true;
  const rt = fn.getReturnTypeNode()?.getText() ?? '';
  return /^(?:Promise|PromiseLike)\s*</.test(rt);
}

/** Reasons shared by every kind of target; null when it can be cached. */
function commonProblem(
  morph: Morph,
  st: FileState,
  fn: TsMorph.FunctionDeclaration | TsMorph.MethodDeclaration | TsMorph.ArrowFunction | TsMorph.FunctionExpression,
  t: CacheInjectTarget,
  callName: string,
  isMethod: boolean,
): string | null {
  if (!morph.Node.isArrowFunction(fn) && fn.isGenerator()) return 'a generator cannot be cached (its result is consumed by iterating)';
  if (t.tier === 'redis' && !returnsPromise(fn)) {
    return 'tier "redis" needs an async function (an L2 lookup is asynchronous, so the wrapper would turn a sync function async)';
  }
  const mutation = findResultMutation(morph, st.sf, callName, isMethod);
  if (mutation) return `a caller mutates its result (line ${mutation}); a cached result is shared between callers`;
  return null;
}

function injectMethod(morph: Morph, st: FileState, className: string, methodName: string, t: CacheInjectTarget, legacy: boolean): Outcome {
  const cls = st.sf.getClass(className);
  if (!cls) return 'absent';
  const method = cls.getMembers().find((m): m is TsMorph.MethodDeclaration => morph.Node.isMethodDeclaration(m) && m.getName() === methodName);
  if (!method) return 'absent';
  if (!method.getBody()) return { line: lineOf(method), reason: 'an abstract or overload-only method has no body to cache' };
  const names = new Set([st.local.cached, 'cached']);
  if (method.getDecorators().some((d) => names.has(d.getName()))) return 'already';
  const isStatic = method.isStatic();
  const owner = isStatic ? className : `${className}.prototype`;
  const already = cls.getNextSiblings().some((s) => morph.Node.isExpressionStatement(s) && [`'`, `"`].some((q) => s.getText().startsWith(`${st.local.cacheMethod}(${owner}, ${q}${methodName}${q}`)));
  if (already) return 'already';
  const problem = commonProblem(morph, st, method, t, methodName, true);
  if (problem) return { line: lineOf(method), reason: problem };
  const opts = optionsText(st, t, `${className}.${methodName}`);
  if (st.js) {
    // Node runs no decorators in .js: replace the method on the prototype after the class instead
    // (cacheMethod keeps the property non-enumerable, as a class method is).
    if (methodName.startsWith('#')) return { line: lineOf(method), reason: 'a #private method cannot be replaced from outside the class' };
    let after: TsMorph.Node = cls;
    for (let n = cls.getNextSibling(); n && morph.Node.isExpressionStatement(n) && n.getText().startsWith(`${st.local.cacheMethod}(`); n = n.getNextSibling()) after = n;
    edit(st, after.getEnd(), `\n${st.local.cacheMethod}(${owner}, ${quote(st, methodName)}, ${opts});`);
    st.need.add('cacheMethod');
    return 'done';
  }
  if (legacy && methodName.startsWith('#')) return { line: lineOf(method), reason: 'legacy experimentalDecorators cannot decorate #private methods' };
  // Outermost decorator: it caches what the other decorators produce. Inserted as text so the
  // file's own indentation stays as it is.
  const start = method.getStart();
  edit(st, start, `@${st.local.cached}(${opts})\n${indentAt(st.sf.getFullText(), start)}`);
  st.need.add('cached');
  return 'done';
}

function injectFunction(morph: Morph, st: FileState, name: string, t: CacheInjectTarget): Outcome {
  const decl = st.sf.getFunction(name);
  if (decl) return wrapDeclaration(morph, st, decl, name, t);
  const v = st.sf.getVariableDeclaration(name);
  if (!v) return 'absent';
  let init = v.getInitializer();
  if (!init) return { line: lineOf(v), reason: `${name} has no initializer` };
  const call = morph.Node.isCallExpression(init) ? init : undefined;
  if (call && [st.local.cached, 'cached'].includes(call.getExpression().getText())) return 'already';
  while (morph.Node.isParenthesizedExpression(init)) init = init.getExpression();
  if (!morph.Node.isArrowFunction(init) && !morph.Node.isFunctionExpression(init)) {
    return { line: lineOf(v), reason: `${name} is not initialised with a function (arrow or function expression)` };
  }
  const problem = commonProblem(morph, st, init, t, name, false);
  if (problem) return { line: lineOf(v), reason: problem };
  const whole = v.getInitializerOrThrow();
  const [start, end] = [whole.getStart(), whole.getEnd()];
  edit(st, end, `, ${optionsText(st, t, name)})`);
  edit(st, start, `${st.local.cached}(`);
  st.need.add('cached');
  return 'done';
}

/**
 * `function f(a, b) { body }` becomes a hoisted forwarder plus the original under another name:
 *
 *   function f(a, b) { return (_fCached ??= cached(_f, {...}))(a, b); }
 *   var _fCached;
 *   function _f(a, b) { body }
 *
 * Both declarations and the `var` are hoisted, and the wrapper is created on the first call, so
 * a call that runs before the declaration's line still works (a `const f = cached(...)` would
 * throw there: temporal dead zone).
 */
function wrapDeclaration(morph: Morph, st: FileState, decl: TsMorph.FunctionDeclaration, name: string, t: CacheInjectTarget): Outcome {
  const impl = `_${name}`;
  const holder = `_${name}Cached`;
  if (st.sf.getVariableDeclaration(holder)) return 'already';
  if (decl.getOverloads().length > 0) return { line: lineOf(decl), reason: 'overloaded functions are not wrapped (one cached implementation cannot keep every signature)' };
  const body = decl.getBody();
  if (!body) return { line: lineOf(decl), reason: 'a declaration without a body cannot be cached' };
  const problem = commonProblem(morph, st, decl, t, name, false);
  if (problem) return { line: lineOf(decl), reason: problem };
  if (usesOwn(morph, body, 'this')) return { line: lineOf(decl), reason: 'the function uses `this`; wrap it by hand with cached() where `this` is known' };
  if (usesOwn(morph, body, 'arguments')) return { line: lineOf(decl), reason: 'the function reads `arguments`, which the forwarding wrapper would change' };
  if (st.sf.getFunction(impl) || st.sf.getVariableDeclaration(impl)) return { line: lineOf(decl), reason: `the name ${impl} is already taken in this file` };

  const params = decl.getParameters();
  const simple = params.every((p) => morph.Node.isIdentifier(p.getNameNode()));
  const paramsText = params.map((p) => p.getText()).join(', ');
  const typeParams = decl.getTypeParameters().map((p) => p.getText());
  const tp = typeParams.length ? `<${typeParams.join(', ')}>` : '';
  const rt = decl.getReturnTypeNode();
  const rtText = rt ? `: ${rt.getText()}` : '';
  const asyncKw = decl.isAsync() ? 'async ' : '';
  // export / export default / declare stay on the forwarder; `async` moves to the implementation.
  const mods = decl.getModifiers().filter((m) => m.getText() !== 'async').map((m) => `${m.getText()} `).join('');
  const args = simple ? params.map((p) => (p.isRestParameter() ? `...${p.getName()}` : p.getName())).join(', ') : '...args';
  // Destructured parameters cannot be forwarded by name: the forwarder takes `...args` (its length becomes 0).
  const outerParams = simple ? paramsText : st.js ? '...args' : `...args: Parameters<typeof ${impl}>`;
  const ind = indentUnit(st.sf.getFullText());
  // cached() infers its type from a generic function by instantiating the type parameters with
  // unknown; the cast restores the generic signature (the wrapper forwards it unchanged).
  const cast = tp && !st.js ? ` as typeof ${impl}` : '';
  // Not async: the forwarder returns the cached promise itself, so concurrent callers share it.
  const text = [
    `${mods}function ${name}${tp}(${outerParams})${rtText} {`,
    `${ind}return (${holder} ??= ${st.local.cached}(${impl}, ${optionsText(st, t, name)})${cast})(${args});`,
    `}`,
    st.js ? `var ${holder};` : `var ${holder}: typeof ${impl} | undefined;`,
    `${asyncKw}function ${impl}${tp}(${paramsText})${rtText} ${body.getText()}`,
  ].join('\n');
  edit(st, decl.getStart(), text, decl.getEnd());
  st.need.add('cached');
  return 'done';
}

/** `this`/`arguments` in the body itself (not inside nested non-arrow functions, which have their own). */
function usesOwn(morph: Morph, body: TsMorph.Node, word: 'this' | 'arguments'): boolean {
  let found = false;
  body.forEachDescendant((n, traversal) => {
    if (morph.Node.isFunctionDeclaration(n) || morph.Node.isFunctionExpression(n) || morph.Node.isMethodDeclaration(n) || morph.Node.isClassDeclaration(n) || morph.Node.isClassExpression(n)) {
      traversal.skip();
      return;
    }
    if (word === 'this' ? morph.Node.isThisExpression(n) : morph.Node.isIdentifier(n) && n.getText() === 'arguments') {
      found = true;
      traversal.stop();
    }
  });
  return found;
}

/**
 * Best effort, same file: a call's result written to (`r.x = 1`, `r.push(...)`, `delete r.x`,
 * `Object.assign(r, ...)`), directly or through the variable it is stored in. Returns the line.
 */
function findResultMutation(morph: Morph, sf: TsMorph.SourceFile, name: string, isMethod: boolean): number | null {
  const { Node } = morph;
  const isMutated = (start: TsMorph.Node): TsMorph.Node | null => {
    let cur: TsMorph.Node = start;
    let p = cur.getParent();
    while (p && (Node.isPropertyAccessExpression(p) || Node.isElementAccessExpression(p)) && p.getExpression() === cur) {
      const member = Node.isPropertyAccessExpression(p) ? p.getName() : '';
      const pp = p.getParent();
      if (pp && Node.isCallExpression(pp) && pp.getExpression() === p && MUTATORS.has(member)) return pp;
      cur = p;
      p = cur.getParent();
    }
    if (cur === start) {
      // `Object.assign(r, ...)`: the value itself is the target.
      if (p && Node.isCallExpression(p) && p.getExpression().getText() === 'Object.assign' && p.getArguments()[0] === cur) return p;
      return null;
    }
    if (!p) return null;
    if (Node.isBinaryExpression(p) && p.getLeft() === cur && /^(?:[-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=$/.test(p.getOperatorToken().getText())) return p;
    if ((Node.isPrefixUnaryExpression(p) || Node.isPostfixUnaryExpression(p)) && /\+\+|--/.test(p.getText())) return p;
    if (Node.isDeleteExpression(p)) return p;
    return null;
  };
  for (const call of sf.getDescendantsOfKind(morph.SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    const hit = isMethod ? Node.isPropertyAccessExpression(callee) && callee.getName() === name : Node.isIdentifier(callee) && callee.getText() === name;
    if (!hit) continue;
    let top: TsMorph.Node = call;
    for (let p = top.getParent(); p && (Node.isAwaitExpression(p) || Node.isParenthesizedExpression(p) || Node.isAsExpression(p) || Node.isNonNullExpression(p)); p = top.getParent()) top = p;
    const direct = isMutated(top);
    if (direct) return direct.getStartLineNumber();
    const parent = top.getParent();
    if (parent && Node.isVariableDeclaration(parent) && Node.isIdentifier(parent.getNameNode())) {
      const v = parent.getName();
      const scope = parent.getFirstAncestor((a) => Node.isBlock(a) || Node.isSourceFile(a)) ?? sf;
      for (const id of scope.getDescendantsOfKind(morph.SyntaxKind.Identifier)) {
        if (id.getText() !== v || id.getStart() <= parent.getStart()) continue;
        const m = isMutated(id);
        if (m) return m.getStartLineNumber();
      }
    }
  }
  return null;
}

/** Adds (or completes) the runtime import: ESM `import { cached } from ...`, CommonJS `const { cached } = require(...)`. */
function addRuntimeImport(st: FileState): void {
  const sf = st.sf;
  const wanted = [...st.need].sort().map((n) => (st.local[n] === n ? n : `${n} as ${st.local[n]}`));
  if (st.cjs) {
    const have = sf.getVariableStatements().find((s) => [`'`, `"`].some((q) => s.getText().includes(`require(${q}${RUNTIME}${q})`)));
    const names = wanted.map((w) => w.replace(' as ', ': '));
    if (have) {
      const missing = names.filter((n) => !new RegExp(`\\b${n.split(':')[0]}\\b`).test(have.getText()));
      if (missing.length === 0) return;
      const decl = have.getDeclarations()[0];
      const pattern = decl.getNameNode().getText().replace(/\s*}\s*$/, `, ${missing.join(', ')} }`);
      decl.replaceWithText(`${pattern} = require(${quote(st, RUNTIME)})`);
      return;
    }
    // After a 'use strict' prologue and leading requires, so the file's header stays in place.
    const stmts = sf.getStatements();
    let at = 0;
    while (at < stmts.length && /^(['"])use strict\1;?$/.test(stmts[at].getText())) at++;
    const line = `const { ${names.join(', ')} } = require(${quote(st, RUNTIME)});`;
    if (at < stmts.length) edit(st, stmts[at].getStart(), `${line}\n`);
    else edit(st, sf.getEnd(), `\n${line}\n`);
    return;
  }
  const existing = sf.getImportDeclarations().find((d) => d.getModuleSpecifierValue() === RUNTIME && !d.isTypeOnly());
  if (existing) {
    const have = new Set(existing.getNamedImports().map((n) => n.getName()));
    for (const n of [...st.need].sort()) {
      if (!have.has(n)) existing.addNamedImport(st.local[n] === n ? n : { name: n, alias: st.local[n] });
    }
    return;
  }
  const imports = sf.getImportDeclarations();
  const text = `import { ${wanted.join(', ')} } from ${quote(st, RUNTIME)};`;
  if (imports.length > 0) edit(st, imports[imports.length - 1].getEnd(), `\n${text}`);
  else {
    const stmts = sf.getStatements();
    let at = 0;
    while (at < stmts.length && /^(['"])use strict\1;?$/.test(stmts[at].getText())) at++;
    if (at < stmts.length) edit(st, stmts[at].getStart(), `${text}\n\n`);
    else edit(st, sf.getEnd(), `${sf.getFullText().endsWith('\n') || sf.getEnd() === 0 ? '' : '\n'}${text}\n`);
  }
}

/** The whitespace before `pos` on its line. */
function indentAt(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, pos))?.[0] ?? '';
}

/** The file's indentation unit (its first indented line), two spaces by default. */
function indentUnit(text: string): string {
  return /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
}

/**
 * Replaces [pos, end) with text by re-creating the source file: every edit here is textual, and a
 * fresh parse is always consistent (ts-morph's in-place tree patching rejects edits that add
 * statements). Nodes obtained before an edit must not be used after it.
 */
function edit(st: FileState, pos: number, text: string, end = pos): void {
  const full = st.sf.getFullText();
  st.sf = st.project.createSourceFile(st.file, full.slice(0, pos) + text + full.slice(end), { overwrite: true });
}
