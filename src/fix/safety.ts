/**
 * May this import be made lazy without changing behaviour? LAZY-SEMANTICS.md table B, the rows
 * decidable from one parsed file plus a few facts about the target. Conservative: any doubt is a
 * reason, and the reason is shown to the user.
 */
import type { BindingUsage, ImportRecord, ParsedModule } from '../graph/types.js';
import { isBuiltin, isPathSpecifier, packageName } from './interop.js';

/**
 * Packages whose evaluation has effects other code relies on (table B rows 6 and 7). A specifier
 * matches an entry when it equals it, is a subpath of it, or (for entries ending in `/*`) is under
 * that scope.
 */
/** Polyfills, loaders and patchers, and APM agents: packages whose loading changes the whole process. */
const PROCESS_WIDE: readonly string[] = [
  // Polyfills and globals.
  'core-js', 'core-js-pure', 'regenerator-runtime', 'reflect-metadata', 'zone.js', 'dotenv', 'es6-shim', 'whatwg-fetch', 'isomorphic-fetch', 'cross-fetch/polyfill', 'abort-controller/polyfill',
  // Loaders and patchers.
  'source-map-support', 'tsconfig-paths', 'module-alias', 'ts-node', '@babel/register', '@babel/polyfill', 'esm', 'tsx', '@swc/register', 'esbuild-register',
  // APM and instrumentation agents.
  'dd-trace', 'newrelic', '@opentelemetry/*', 'elastic-apm-node', '@sentry/node', '@sentry/*', 'appdynamics', 'applicationinsights', '@google-cloud/trace-agent', '@google-cloud/debug-agent', 'pino-debug', 'why-is-node-running',
];

export const EAGER_DENY_LIST: readonly string[] = [
  // JSX factories and runtimes: implicit references the codemod cannot see (row 7).
  'react', 'react-dom', 'react-native', 'preact', 'solid-js', 'vue', '@emotion/react',
  ...PROCESS_WIDE,
  // CSS-in-JS global registration.
  'styled-components', '@emotion/styled', '@emotion/css',
];

export function isDenied(specifier: string, extra: readonly string[] = []): boolean {
  return matchesList(specifier, [...EAGER_DENY_LIST, ...extra]);
}

/**
 * A polyfill, loader, patcher or APM agent (and `x/register`, `polyfill` paths): loading it
 * changes the whole process, so a package that loads it when it loads has load-time effects too.
 */
export function changesProcess(specifier: string): boolean {
  return matchesList(specifier, PROCESS_WIDE);
}

function matchesList(specifier: string, list: readonly string[]): boolean {
  if (/(^|\/)register(\.[cm]?js)?$/.test(specifier)) return true; // `*/register` hooks
  if (/(^|\/)polyfills?(\/|\.|$)/.test(specifier)) return true;
  const pkg = isPathSpecifier(specifier) ? specifier : packageName(specifier);
  for (const entry of list) {
    if (entry.endsWith('/*')) {
      if (specifier.startsWith(entry.slice(0, -1))) return true;
    } else if (entry === specifier || entry === pkg || specifier.startsWith(entry + '/')) {
      return true;
    }
  }
  return false;
}

export interface SafetyContext {
  /** User-configured packages that must stay eager (added to the deny-list). */
  eager?: readonly string[];
  /** Opt in to lazy relative imports (row 8). */
  allowRelative?: boolean;
  /** Opt in to lazy builtins (row 10). */
  allowBuiltins?: boolean;
  /** Opt in to lazy imports whose uses sit in `try` (row 13). */
  allowInTry?: boolean;
  /** tsconfig emitDecoratorMetadata (row 16). */
  emitDecoratorMetadata?: boolean;
  /** Names the target declares as `const enum` (row 15), when known. */
  constEnums?: readonly string[];
  /**
   * Facts about the target that only matter when the loader is `require()` from an ES module
   * (rows 11 and 12): top-level await, exports resolving differently for import and require, or
   * the package imported eagerly elsewhere.
   */
  target?: {
    hasTopLevelAwait?: boolean;
    dualPackage?: boolean;
    importedEagerlyElsewhere?: boolean;
    /** The package's entry has load-time effects on other modules (registers a plugin, patches a builtin, sets globals): row 6 beyond the deny-list. */
    loadEffects?: string;
  };
  /**
   * The loader shape. 'require' (default) is subject to rows 11 and 12 in ES modules; 'dynamic'
   * (await import()) and 'defer' use the import condition, so those rows do not apply, and
   * 'dynamic' needs every use inside async functions.
   */
  shape?: 'require' | 'dynamic' | 'defer';
  /** The emitted module format when it differs from parsed.format (a .ts file compiled to CommonJS). */
  format?: 'esm' | 'cjs';
}

export type SafetyVerdict = { ok: true } | { ok: false; reason: string };

const no = (reason: string): SafetyVerdict => ({ ok: false, reason });

function firstLoadRef(b: BindingUsage): string {
  const r = b.references.find((x) => x.context === 'load');
  return r ? ` (line ${r.line})` : '';
}

/** Decides whether import `importIndex` of `parsed` may be made lazy; the reason says why not. */
export function lazySafety(parsed: ParsedModule, importIndex: number, ctx: SafetyContext = {}): SafetyVerdict {
  const rec: ImportRecord | undefined = parsed.imports[importIndex];
  if (!rec) return no(`no import #${importIndex}`);
  const spec = rec.specifier;
  const sameSource = parsed.imports.filter((r) => r.specifier === spec);
  const bindings = parsed.bindings.filter((b) => b.importIndex === importIndex);

  // Row 19: nothing to gain.
  if (rec.kind === 'dynamic' || rec.nested) return no('already lazy');
  if (rec.unresolvedDynamic) return no('not a string specifier');
  // Row 13 (the import itself): checked before row 1 because `x = require()` inside try is a probe, not a side-effect import.
  if (rec.inTry) return no('import inside try (optional dependency probe)');
  // Row 1.
  if (rec.kind === 'side-effect' || rec.names.length === 0) return no('side-effect import');
  if (sameSource.some((r) => r.kind === 'side-effect')) return no(`'${spec}' is also imported for its side effects in this file`);
  // Rows 2 and 3.
  if (sameSource.some((r) => r.kind === 'reexport' && r.names.some((n) => n.imported === '*' && n.local === null))) return no(`export * from '${spec}'`);
  if (rec.kind === 'reexport') return no('re-export');
  if (sameSource.some((r) => r.kind === 'reexport')) return no(`'${spec}' is also re-exported from this file`);
  // Row 15: types.
  if (rec.kind === 'type' || rec.names.every((n) => n.isType)) return no('type-only import');
  // Row 6 and 7.
  if (isDenied(spec, ctx.eager ?? [])) return no(`'${spec}' has load-time effects (deny-list)`);
  // Row 8 and 10.
  if (isPathSpecifier(spec) && !ctx.allowRelative) return no('relative import (local modules stay eager by default)');
  if ((rec.builtin || isBuiltin(spec)) && !ctx.allowBuiltins) return no('Node builtin');
  if (parsed.declaresRequire && (ctx.shape ?? 'require') === 'require') return no('the file declares its own `require`');

  const valueBindings = bindings.filter((b) => !b.declaredAsType);
  if (valueBindings.length === 0) return no('type-only import');
  // Row 18.
  if (valueBindings.every((b) => b.unused)) return no('unused import (left alone, never dropped)');
  if (valueBindings.every((b) => b.unused || b.typeOnly)) return no('used only as a type: use `import type`');
  for (const b of valueBindings) {
    if (b.reexported) return no(`'${b.local}' is re-exported`);
    if (b.usedAtLoad) return no(`'${b.local}' is used while the module loads${firstLoadRef(b)}`);
    if (b.reassigned) return no(`'${b.local}' is reassigned`);
    if (b.mutated) return no(`a property of '${b.local}' is written`);
    if (ctx.emitDecoratorMetadata && b.decoratorMetadata) return no(`'${b.local}' is read by decorator metadata (emitDecoratorMetadata)`);
    if (ctx.constEnums?.includes(b.imported)) return no(`'${b.local}' is a const enum`);
    if (b.inTry && !ctx.allowInTry) return no(`'${b.local}' is used inside try (a load error would be caught there)`);
    if (b.references.some((r) => r.kind === 'jsx')) return no(`'${b.local}' is used as a JSX element`);
    if (b.references.some((r) => r.kind === 'export')) return no(`'${b.local}' is exported`);
    if (b.references.some((r) => r.kind === 'write' || r.kind === 'member-write')) return no(`'${b.local}' is written`);
    if (ctx.shape === 'dynamic' && !b.unused && !b.typeOnly && !b.asyncOnly) return no(`'${b.local}' is used outside async functions (await import() needs async uses)`);
  }
  if (ctx.target?.loadEffects) return no(`'${spec}' ${ctx.target.loadEffects}`);
  // Rows 11 and 12: only when the loader is require() in an ES module.
  if ((ctx.shape ?? 'require') === 'require' && (ctx.format ?? parsed.format) === 'esm' && ctx.target) {
    if (ctx.target.hasTopLevelAwait) return no(`'${spec}' uses top-level await (require() would throw ERR_REQUIRE_ASYNC_MODULE)`);
    if (ctx.target.dualPackage) return no(`'${spec}' resolves differently for import and require (dual-package hazard)`);
    if (ctx.target.importedEagerlyElsewhere) return no(`'${spec}' is also imported eagerly elsewhere (two instances with require())`);
  }
  return { ok: true };
}
