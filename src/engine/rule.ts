import type { ImportGraph, ParsedModule } from '../graph/types.js';
import type { CostModel, PackageCost } from '../cost/types.js';
import type { Finding, FixPlan, Severity } from './types.js';
import type { LoadCalls } from './load-calls.js';

/** What a rule sees. Rules are pure: no fs, no console, no process. */
export interface RuleContext<Options> {
  graph: ImportGraph;
  cost: CostModel;
  /** Absolute entry files. */
  entries: string[];
  /** Absolute project root. */
  root: string;
  options: Options;
  /** Packages the config always treats as heavy. */
  heavy: string[];
  /** Packages or specifiers the config says must stay eager (added to the built-in deny-list). */
  eager: string[];
  /** TypeScript settings that change what is safe (from the project's tsconfig). */
  ts: { emitDecoratorMetadata: boolean; verbatimModuleSyntax: boolean; esModuleInterop: boolean; experimentalDecorators: boolean; jsx?: string | null; jsxFactoryRoot?: string | null; jsxFragmentRoot?: string | null };
  /**
   * The TypeScript settings of one file: its own tsconfig's, where a monorepo package has one
   * (src/config/tsconfig.ts tsSettingsResolver). Rules read settings through tsOf(ctx, file).
   */
  tsFor?: (file: string) => RuleContext<Options>['ts'];
  /** Resolved config cache targets (for cache rules). */
  cacheTargets: { target: string; options: Record<string, unknown> }[];
  report(d: Diagnostic): void;
  // ---- optional, filled in by the engine (src/engine/run.ts), which may read fs; rules may not ----
  /**
   * Whether TypeScript checks `file` with Node's types (src/config/node-types.ts): a lazy require()
   * written into a TypeScript file needs them. Set by runRules.
   */
  nodeTypes?: (file: string) => { ok: boolean; reason?: string };
  /**
   * Whether the program `file` belongs to runs only on Node versions where require() loads an ES
   * module (its package.json `engines.node`; src/config/engines.ts): a lazy require() from an ES
   * module of an ES module target needs it. Set by runRules.
   */
  requireEsm?: (file: string) => { ok: boolean; reason?: string; file?: string; range?: string };
  /**
   * What says `file` goes into a browser bundle (a bundler's config file, an HTML page; see
   * src/config/browser.ts), or null: an ES module there has no require(), and createRequire from
   * 'node:module' breaks the bundle. Set by runRules.
   */
  browser?: (file: string) => string | null;
  /**
   * The file `specifier` resolves to when written in `fromFile` (import conditions, the project's
   * tsconfig and package.json `imports`, as the graph resolves), or null. A rule that writes a new
   * specifier checks it with this. Set by runRules.
   */
  resolve?: (fromFile: string, specifier: string) => string | null;
  /** Graph queries over runtime edges (startup sets, eager sites, cycles). Always set by runRules. */
  view?: GraphView;
  /** Per package, imported name -> a subpath specifier that resolves (`lodash` -> `{ get: 'lodash/get' }`), from its exports map or files. */
  subpaths?: Record<string, Record<string, string>>;
  /** Per package, facts read from its package.json and entry file (dual builds, ESM-only, top-level await). */
  packageInfo?: Record<string, PackageFacts>;
  /** Measured startup per entry (absolute entry path), for startup-budget. */
  measurements?: Record<string, { importMs: number; rssMb: number; modules: number }>;
  /** Startup budgets from config (a value <= 0 or not finite means "no budget"). */
  budgets?: { importMs: number; rssMb: number; modules: number };
  /** Absolute path of the config file (where cache targets are written), or null without one. */
  configFile?: string | null;
  /**
   * What loading `pkg` by these specifiers alone costs (`['lodash/chunk.js']` of lodash), which
   * `cost` does not hold: it prices each package by all its startup specifiers together. Undefined
   * until priced: the call asks the engine to price the set, which then runs the rule again with
   * the figures (runRules `priceSpecifiers`); null when the set cannot be priced.
   */
  specifierCost?: (pkg: string, specifiers: readonly string[]) => PackageCost | null | undefined;
}

/** What the engine knows about an installed package without evaluating it. */
export interface PackageFacts {
  /** `exports` resolves to different files for the `import` and `require` conditions (dual-package hazard). */
  dual: boolean;
  /** No CommonJS build: require() finds no target, or an ES module (require(esm)). */
  esmOnly: boolean;
  /** require() of it loads an ES module (its require target is .mjs, or .js in a `type: module` package): require(esm). */
  requireEsm: boolean;
  /** Its `exports` map has no target for require() (only `import`): require() throws ERR_PACKAGE_PATH_NOT_EXPORTED. */
  noRequireTarget: boolean;
  /** The ESM entry file has a top-level await (require() would throw ERR_REQUIRE_ASYNC_MODULE). Heuristic: entry file only. */
  topLevelAwait: boolean;
  /** Loading the package has effects on the rest of the program (registers itself, patches a module, sets globals): why, or absent. */
  loadEffects?: string;
  /** The same facts for each subpath specifier the project imports it by ('postcss/lib/result'), from that entry point. */
  subpaths?: Record<string, PackageFacts>;
}

/** An eager (load-time) import site: import `importIndex` of `file`. */
export interface EagerSite {
  file: string;
  importIndex: number;
}

/**
 * Graph queries the engine hands to rules (rules never import src/graph). "Runtime edges" are
 * imports evaluated when the importer loads: static, side-effect, re-export and top-level require,
 * minus type-only imports and (in TS without verbatimModuleSyntax) imports tsc elides.
 */
export type { LoadCall, LoadCalls } from './load-calls.js';

export interface GraphView {
  /** Is import `importIndex` of `file` evaluated when `file` loads? */
  isRuntimeEdge(file: string, importIndex: number): boolean;
  /** Local modules (absolute paths) evaluated when `entry` loads, entry included. */
  startupModules(entry: string): ReadonlySet<string>;
  /** Packages (non-workspace) evaluated when `entry` loads. */
  startupPackages(entry: string): ReadonlySet<string>;
  /** Bindings of `entry`'s startup set used inside functions that another module calls while it loads (load-calls.ts). */
  loadCalls(entry: string): LoadCalls;
  /** Eager sites in `entry`'s startup set whose target is `target` (a package name or an absolute module path). */
  eagerSites(entry: string, target: string): EagerSite[];
  /** One shortest chain of local modules from `entry` to `file` over runtime edges, or null. */
  eagerPath(entry: string, file: string): string[] | null;
  /** Local modules and packages evaluated by loading `file` (its runtime closure, `file` included). */
  closure(file: string): { modules: ReadonlySet<string>; packages: ReadonlySet<string> };
  /** Runtime cycles among local modules, one path per strongly connected component (first module repeated at the end). */
  cycles(): string[][];
}

/** What a rule reports; the engine adds rule id, severity, relative path and fingerprint. */
export interface Diagnostic {
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
  messageId: string;
  data?: Record<string, string | number>;
  cost?: Finding['cost'];
  related?: Finding['related'];
  fix?: FixPlan;
  unfixableReason?: string;
  /** Content key for the fingerprint (e.g. the specifier and names), stable across line moves. */
  key: string;
}

export interface RuleMeta<Options> {
  description: string;
  defaultSeverity: Severity;
  /** In the recommended preset (strict enables every rule). */
  recommended: boolean;
  fixable: boolean;
  messages: Record<string, string>;
  /** Options with their defaults; unknown option keys are rejected by the config validator. */
  defaultOptions: Options;
  /** Validates one option; returns an error string (what was expected) or null. */
  optionsSchema: { [K in keyof Options]: (value: unknown) => string | null };
}

export interface Rule<Options = Record<string, unknown>> {
  id: string;
  meta: RuleMeta<Options>;
  docs: string;
  check(ctx: RuleContext<Options>): void;
}

/** Builds a rule; the id must equal the file name under rules/ (checked by a meta-test). */
export function createRule<Options extends object>(rule: { id: string; meta: RuleMeta<Options>; check(ctx: RuleContext<Options>): void }): Rule<Options> {
  return { ...rule, docs: `https://github.com/perf-lint/perf-lint/blob/main/docs/rules/${rule.id}.md` };
}

/** Fills `{{name}}` placeholders of a message template. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => (k in data ? String(data[k]) : `{{${k}}}`));
}

export type { ParsedModule };

/** The TypeScript settings that apply to `file` (its own tsconfig's when the engine knows them). */
export function tsOf(ctx: Pick<RuleContext<unknown>, 'ts' | 'tsFor'>, file: string): RuleContext<unknown>['ts'] {
  return ctx.tsFor ? ctx.tsFor(file) : ctx.ts;
}
