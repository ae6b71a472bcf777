/**
 * The import graph model. Produced by src/graph (parse -> resolve -> build), read by rules,
 * fixes and reporters. Plain data: everything here is serializable except the Maps in ImportGraph.
 * Lines and columns are 1-based; offsets (start/end) are UTF-16 code-unit offsets into the source,
 * as oxc-parser reports them for JS strings.
 */

/** How a module refers to another. */
export type ImportKind = 'static' | 'type' | 'dynamic' | 'require' | 'reexport' | 'side-effect';

/** One name brought in by an import or re-export. */
export interface ImportedName {
  /** The name in the source module: 'default', '*' (namespace, whole `require()` result, `export *`), or an export name. */
  imported: string;
  /** The local binding, or null for re-exports and side-effect imports. */
  local: string | null;
  /** `import type`, an inline `type` specifier, or `export type`. */
  isType: boolean;
}

/** One import site as written in a file. */
export interface ImportRecord {
  specifier: string;
  kind: ImportKind;
  line: number;
  column: number;
  /** Offsets of the whole statement (import/export declaration) or call expression (require/import()). */
  start: number;
  end: number;
  names: ImportedName[];
  /** `import(x)` / `require(x)` whose argument is not a string literal (specifier holds the source text). */
  unresolvedDynamic?: boolean;
  /** The import/require is inside a function body (already lazy). */
  nested?: boolean;
  /** The import/require sits inside a `try` block. */
  inTry?: boolean;
  /** `import x = require('y')` (TypeScript). */
  importEquals?: boolean;
  // ---- filled in by resolution ----
  /** Absolute path of the resolved file, or null when it could not be resolved (or is a builtin). */
  resolved?: string | null;
  /** Package name (`lodash`, `@scope/x`) when the specifier resolves into a package (node_modules or workspace). */
  package?: string;
  /** A Node builtin (`fs`, `node:fs`). */
  builtin?: boolean;
}

/** Where a reference to an imported binding runs. */
export type UseContext =
  /** Type position only: annotations, `implements`, type arguments, `typeof X` in a type. */
  | 'type'
  /** Runs while the module evaluates: top-level statements, class `extends`, decorators, static initialisers, exported initialisers. */
  | 'load'
  /** Inside a function body (including methods, arrows, getters); runs only when called. */
  | 'function';

export interface BindingReference {
  line: number;
  column: number;
  start: number;
  end: number;
  context: UseContext;
  /** The innermost enclosing function when context is 'function'. */
  fn?: { name: string | null; async: boolean; line: number };
  /** The reference is inside a `try` block (within its function, or at top level). */
  inTry: boolean;
  /**
   * A 'load' use inside a function that runs at load, but only on the loads that take a branch
   * (an if/else, a switch case, `?:`, the right of `&&`/`||`/`??`, in it or in a call on the way
   * there): a CLI's `main()` using a package for one command. Loops do not count as branches.
   */
  branch?: true;
  /** How it is used. 'call' = `x(...)`, 'member' = `x.y` read, 'write' = assignment target, 'jsx' = `<X/>`, 'export' = `export { x }`. */
  kind: 'read' | 'call' | 'member' | 'write' | 'member-write' | 'jsx' | 'export' | 'new';
}

/** Everything known about how one imported local binding is used in its file. */
export interface BindingUsage {
  local: string;
  imported: string;
  specifier: string;
  /** Index into ParsedModule.imports. */
  importIndex: number;
  /** Declared with `import type` or an inline `type` specifier. */
  declaredAsType: boolean;
  references: BindingReference[];
  /** No reference at all. */
  unused: boolean;
  /** Every reference is in a type position (and there is at least one). */
  typeOnly: boolean;
  /** At least one value reference runs during module evaluation. */
  usedAtLoad: boolean;
  /** Every value reference is inside a function body (and there is at least one). */
  functionsOnly: boolean;
  /** functionsOnly and every enclosing function is async. */
  asyncOnly: boolean;
  /** The binding itself is assigned to. */
  reassigned: boolean;
  /** A property of the binding is written (`x.a = 1`). */
  mutated: boolean;
  /** Re-exported (`export { x }`, `export default x`). */
  reexported: boolean;
  /** Some value reference is inside a `try` block. */
  inTry: boolean;
  /** Referenced as a type of a decorated class member/constructor parameter (matters under emitDecoratorMetadata). */
  decoratorMetadata: boolean;
  /**
   * Set when the `require()` declaring the binding is not written as a declaration of the file's
   * top level in the shapes the lazy codemod rewrites (`const x = require('m')`, with `.y` on the
   * call, or `const { a, b: c } = require('m')`): see RequireDeclaration.
   */
  declaration?: RequireDeclaration;
}

/**
 * How a binding's `require()` declaration departs from the shapes the lazy codemod rewrites:
 * 'in-block', declared inside a block or another statement rather than at the file's top level;
 * 'pattern', a destructuring with a default value, a rest element or a computed key; 'wrapped',
 * the call written otherwise: inside a type assertion, under a computed member, inside an interop
 * helper with a member or a destructuring on it (or in a TypeScript file), or with a template
 * literal or a second argument; 'helper', `const x = __importStar(require('m'))` in JavaScript,
 * which the codemod keeps only in a lazy `require()` (not in an `await import()`).
 */
export type RequireDeclaration = 'in-block' | 'pattern' | 'wrapped' | 'helper';

export interface ParseError {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** One file, parsed: its imports and how each imported binding is used. */
export interface ParsedModule {
  /** Absolute path. */
  file: string;
  /** ES module or CommonJS, by extension, nearest package.json `type` and syntax. */
  format: 'esm' | 'cjs';
  imports: ImportRecord[];
  bindings: BindingUsage[];
  /** Names this module exports, and where re-exported names come from (for barrel detection). */
  exports: ExportRecord[];
  hasTopLevelAwait: boolean;
  /** The file declares its own `require` binding (the codemod must not inject one). */
  declaresRequire: boolean;
  /** Top-level statements with visible load-time effects (calls, assignments to globals), for side-effect heuristics. */
  topLevelEffects: number;
  parseError?: ParseError;
  /**
   * Read without the syntax tree (the imports-only scan): `bindings`, `exports`, `topLevelEffects`,
   * `hasTopLevelAwait` and `declaresRequire` were not computed. A graph built with usage has such
   * modules only where they import nothing and nothing imports them (no rule reads them there).
   */
  shallow?: true;
  /**
   * Whether the text contains `perf-lint-disable` (so it may hold suppression directives). Set by
   * the parsers; when absent, the engine reads the file to find out.
   */
  mentionsSuppression?: boolean;
  /**
   * Names a per-file JSX pragma makes the classic JSX factory (the first name of `@jsx jsx`,
   * `@jsx h`, `@jsxFrag Fragment`; `React` for `@jsxRuntime classic`): compiled JSX calls them
   * though the source never names them. Set by parseModule when the file has such a pragma.
   */
  jsxPragmas?: string[];
  /**
   * In a JavaScript file: the import bindings never used in code but named in a JSDoc type
   * (`@param {Foo}`, `@type {Foo | Bar}`). Type checking of JavaScript (checkJs) reads them;
   * at run time the import only loads its module. Set by parseModule when there are any.
   */
  jsdocTypeNames?: string[];
  /**
   * For each exported function or class (by export name): the bindings (indexes into `bindings`)
   * that every call of it (`new` for a class) uses, directly or through the functions it always
   * calls, and those of them it calls. Set by the full parse when non-empty.
   */
  callReach?: { exported: string; bindings: number[]; calls: number[] }[];
  /**
   * Calls of imported bindings made on every load of the module (not in a branch): the binding's
   * index, the member called on it (`b.init()`) or null (`b()`, `new b()`), and the line.
   */
  loadCalls?: { binding: number; member: string | null; line: number }[];
}

export interface ExportRecord {
  /** The exported name ('default' for default, '*' for `export *`). */
  exported: string;
  /** For re-exports: the specifier and the name in that module. */
  from?: { specifier: string; imported: string };
  isType: boolean;
  line: number;
}

export interface PackageNode {
  name: string;
  version: string | null;
  /** Absolute path of the package root (folder holding its package.json). */
  root: string;
  /** A workspace package of this project (resolved to its sources). */
  workspace: boolean;
  /**
   * Packages this package pulls in eagerly, as far as known without parsing node_modules: the names in
   * its package.json `dependencies`, `optionalDependencies` and `peerDependencies` that resolve from
   * its folder (an over-approximation: a dependency may be loaded lazily by the package). Filled by buildGraph.
   */
  dependencies?: string[];
}

export interface UnresolvedImport {
  file: string;
  specifier: string;
  line: number;
  column: number;
  reason: string;
}

/** The whole project. Keys are absolute paths (modules) and package names (packages). */
export interface ImportGraph {
  root: string;
  modules: Map<string, ParsedModule>;
  packages: Map<string, PackageNode>;
  unresolved: UnresolvedImport[];
  parseErrors: ParseError[];
  /**
   * The project's tsconfig files that cannot be read (not JSON, an `extends` or reference that
   * names no file): their `paths` are unknown to resolution. Set by buildGraph.
   */
  tsconfigErrors?: { file: string; message: string }[];
}
