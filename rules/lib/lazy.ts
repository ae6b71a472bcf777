/**
 * The analysis behind prefer-lazy-import and prefer-dynamic-import (LAZY-SEMANTICS.md, section B).
 * Both rules call lazyCandidates() and each keeps the candidates it owns, so they never fire on the
 * same import: prefer-dynamic-import owns sites whose uses are all in async functions and whose
 * target is better loaded with `await import()` (ESM-only, top-level await, dual package from ESM);
 * prefer-lazy-import owns every other deferrable site.
 */
import type { BindingUsage, ImportRecord, ParsedModule } from '../../src/graph/types.js';
import { declarationProblem } from '../../src/graph/usage.js';
import { tsOf, type EagerSite, type LoadCalls, type PackageFacts, type RuleContext } from '../../src/engine/rule.js';
import type { FindingCost } from '../../src/engine/types.js';
import { noRequireInBundle } from '../../src/config/browser.js';
import { bindingsOf, declarationBlocker, formatCost, moduleCost, packageCost, rel, requireView } from './shared.js';

export interface LazyOptions {
  /** A package is heavy from this many ms of measured import time. */
  threshold: number;
  /** Local modules (root-relative paths) that may be deferred too; local modules stay eager otherwise. */
  modules: string[];
  /** Also defer imports whose uses sit inside try/catch (a load failure would then be caught there). */
  allowInTry: boolean;
}

export const lazyDefaultOptions: LazyOptions = { threshold: 10, modules: [], allowInTry: false };

export const lazyOptionsSchema = {
  threshold: (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'a number of milliseconds >= 0'),
  modules: (v: unknown) => (Array.isArray(v) && v.every((m) => typeof m === 'string') ? null : 'an array of root-relative module paths'),
  allowInTry: (v: unknown) => (typeof v === 'boolean' ? null : 'a boolean'),
};

/**
 * Packages whose evaluation has effects other code relies on (polyfills, instrumentation, loaders):
 * never deferred. `*` matches any run of characters. Users add more with config `eager`.
 */
export const BUILTIN_EAGER: readonly string[] = [
  'core-js', 'core-js/*', 'regenerator-runtime', 'regenerator-runtime/*', 'reflect-metadata', 'zone.js', 'zone.js/*',
  'dotenv/config', 'source-map-support', 'source-map-support/*', '@babel/polyfill', 'babel-polyfill', '@babel/register',
  'ts-node', 'ts-node/*', 'tsx', 'tsx/*', 'tsconfig-paths', 'tsconfig-paths/*', 'module-alias', 'module-alias/*',
  'dd-trace', 'dd-trace/*', 'newrelic', 'elastic-apm-node', 'elastic-apm-node/*', '@opentelemetry/*', '@sentry/node', '@sentry/*',
  'applicationinsights', 'appdynamics', 'why-is-node-running', 'es6-shim', 'whatwg-fetch', 'isomorphic-fetch', 'cross-fetch/polyfill',
  '*/register', '*/polyfill', '*/polyfills', '*/auto',
];

/** JSX factories and runtimes: referenced implicitly by compiled JSX, which the codemod cannot see. */
export const JSX_RUNTIMES: readonly string[] = [
  'react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom', 'react-native', 'preact', 'preact/*', 'solid-js', 'solid-js/*', '@emotion/react', 'vue', 'vue/jsx-runtime',
];

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
}

const compiled = new Map<string, RegExp>();

/** Does the specifier or its package match one of the patterns? (Patterns are compiled once: this runs per import site.) */
export function matchesAny(patterns: readonly string[], specifier: string, pkg?: string): boolean {
  return patterns.some((p) => {
    let re = compiled.get(p);
    if (!re) {
      re = globToRegExp(p);
      compiled.set(p, re);
    }
    return re.test(specifier) || (pkg !== undefined && re.test(pkg));
  });
}

export interface SiteVerdict extends EagerSite {
  rec: ImportRecord;
  /** Null when the site may be deferred; else why it must stay eager. */
  reason: string | null;
  /** Deferrable but the codemod cannot rewrite it (reported without a fix). */
  fixBlocker: string | null;
  /** Value bindings used only inside functions. */
  bindings: BindingUsage[];
  /** Every value use is inside an async function. */
  asyncOnly: boolean;
  /** Names of the functions that use it (unique, in order of first use; '' = anonymous). */
  functions: string[];
  /** A value import used only as a type (kept at run time by verbatimModuleSyntax): `import type` removes it instead. */
  typeOnly?: boolean;
}

function firstLoadLine(b: BindingUsage): number | null {
  const r = b.references.find((x) => x.context === 'load');
  return r ? r.line : null;
}

/** Can this eager import site be deferred without changing behaviour (decision table rows 1-5, 13, 16, 18)? */
export function siteVerdict(ctx: RuleContext<unknown>, mod: ParsedModule, importIndex: number, allowInTry: boolean, loadCalls?: LoadCalls): SiteVerdict {
  const rec = mod.imports[importIndex];
  const base = { file: mod.file, importIndex, rec, fixBlocker: null, bindings: [] as BindingUsage[], asyncOnly: false, functions: [] as string[] };
  const stay = (reason: string): SiteVerdict => ({ ...base, reason });
  if (rec.kind === 'side-effect') return stay('a side-effect import');
  if (rec.kind === 'reexport') return stay('re-exported');
  if (mod.imports.some((o) => o.kind === 'reexport' && o.specifier === rec.specifier)) return stay('the file also re-exports from it');
  if (rec.inTry && !allowInTry) return stay('imported inside try/catch');
  const values = bindingsOf(mod, importIndex).filter((b) => !b.declaredAsType);
  if (values.length === 0) return stay('no binding to load lazily');
  const used: BindingUsage[] = [];
  for (const b of values) {
    if (b.unused) return stay(`'${b.local}' is never used`);
    if (b.decoratorMetadata && tsOf(ctx, mod.file).emitDecoratorMetadata) return stay(`'${b.local}' is a decorated class's type under emitDecoratorMetadata`);
    if (b.typeOnly) continue;
    if (b.reexported) return stay(`'${b.local}' is re-exported`);
    if (b.reassigned) return stay(`'${b.local}' is reassigned`);
    if (b.mutated) return stay(`a property of '${b.local}' is written`);
    if (b.usedAtLoad) {
      const line = firstLoadLine(b);
      return stay(`'${b.local}' is used while the module loads${line !== null ? ` (line ${line})` : ''}`);
    }
    const call = loadCalls?.get(mod.file)?.get(mod.bindings.indexOf(b));
    if (call) {
      const how = call.via === call.name ? `it calls '${call.name}' at line ${call.line}` : `it calls '${call.name}' at line ${call.line}, which calls '${call.via}'`;
      return stay(`'${b.local}' is used on every run of ${call.via}(), which runs while ${rel(ctx, call.file)} loads (${how})`);
    }
    if (!b.functionsOnly) return stay(`'${b.local}' is used outside functions`);
    if (b.inTry && !allowInTry) return stay(`'${b.local}' is used inside try/catch, where a load failure would be caught`);
    used.push(b);
  }
  if (used.length === 0) return { ...base, reason: null, typeOnly: true };
  const functions: string[] = [];
  for (const b of used) for (const r of b.references) if ((r.context === 'function' || r.branch) && r.fn && !functions.includes(r.fn.name ?? '')) functions.push(r.fn.name ?? '');
  const jsx = used.find((b) => b.references.some((r) => r.kind === 'jsx'));
  return {
    ...base,
    reason: null,
    fixBlocker: jsx ? `'${jsx.local}' is used as a JSX element, which the codemod cannot turn into a lazy load` : declarationBlocker(mod, importIndex),
    bindings: used,
    asyncOnly: used.every((b) => b.asyncOnly),
    functions,
  };
}

/** A value use of an `import * as ns` binding other than a member read (`f(ns)`, `ns()`), or null. */
function wholeNamespaceUse(group: SiteVerdict[]): { local: string; line: number } | null {
  for (const v of group) {
    if (v.rec.kind !== 'static') continue;
    for (const b of v.bindings) {
      if (b.imported !== '*') continue;
      const r = b.references.find((x) => x.context !== 'type' && x.kind !== 'member');
      if (r) return { local: b.local, line: r.line };
    }
  }
  return null;
}

/** The sites of one target in one entry, precomputed so each finding's note and related list cost O(1) amortised. */
export interface TargetSummary {
  /** Files with deferrable (non type-only) sites, sorted. */
  lazyFiles: string[];
  /** Sites used only as types (an `import type` removes them). */
  typeSites: SiteVerdict[];
  /** Every site, blocking ones first. */
  ordered: SiteVerdict[];
}

export interface LazyCandidate {
  owner: 'prefer-lazy-import' | 'prefer-dynamic-import';
  /** The file and its eager imports of the target (one finding per file and target). */
  file: string;
  importIndexes: number[];
  line: number;
  column: number;
  specifier: string;
  /** Package name or absolute module path. */
  target: string;
  /** How to name it in messages: the package, or the module's relative path. */
  display: string;
  entry: string;
  cost: FindingCost;
  /** The unsaved cost, used in messages: what the target costs at startup. */
  targetCost: FindingCost;
  /** The cost as words for messages ("38 ms and 112 modules", or why it is considered heavy without figures). */
  costText: string;
  functions: string[];
  /** The first use in a branch of a function that runs at load (BindingReference.branch), when there is one. */
  branchUse: { fn: string; line: number } | null;
  asyncOnly: boolean;
  shape: 'require' | 'dynamic' | null;
  unfixableReason: string | null;
  /** Why `await import()` is the better shape (prefer-dynamic-import). */
  dynamicWhy: string | null;
  /** Every site in this entry's startup set that imports the target, summarised once and shared between candidates. */
  summary: TargetSummary;
  /** The first site that cannot be deferred, when there is one. */
  blocker: SiteVerdict | null;
  /** Packages the target loads that other startup imports keep loaded (not in `cost`). */
  shared: string[];
  /**
   * The target's specifiers that stay at startup ('lodash/chunk.js' used while a module loads) while
   * this candidate defers the others ('lodash'), and the first site that keeps them; `cost` is then
   * what the kept specifiers do not load. Null when every specifier is deferred together.
   */
  kept: { specifiers: string[]; site: SiteVerdict } | null;
}

/**
 * The packages `target` loads (as its cost measurement recorded) that the entry's other eager
 * package imports load too, and their share of its cost; null when there are none or nothing was
 * recorded. Every other import is taken as staying at startup, on the side of a smaller saving.
 */
function keptLoaded(ctx: RuleContext<unknown>, startup: ReadonlySet<string>, target: string): { names: string[]; figures: { ms: number; modules: number } } | null {
  const own = ctx.cost.get(target)?.packages;
  if (!own) return null;
  const kept = new Set<string>();
  for (const q of startup) {
    if (q === target) continue;
    kept.add(q);
    for (const d of ctx.cost.get(q)?.packages ?? []) kept.add(d.name);
  }
  const shared = own.filter((d) => d.name !== target && kept.has(d.name));
  if (shared.length === 0) return null;
  return { names: shared.map((d) => d.name), figures: { ms: shared.reduce((a, d) => a + d.ms, 0), modules: shared.reduce((a, d) => a + d.modules, 0) } };
}

/** `cost` without the shared packages' figures (heap scaled by the modules left). */
function withoutShared(cost: FindingCost, shared: { ms: number; modules: number }): FindingCost {
  const modules = Math.max(0, cost.modules - shared.modules);
  const ms = cost.ms === null ? null : Math.round(Math.max(0, cost.ms - shared.ms) * 100) / 100;
  const mb = cost.mb === null ? null : cost.modules > 0 ? Math.round(((cost.mb * modules) / cost.modules) * 100) / 100 : cost.mb;
  return { ...cost, ms, modules, mb };
}

function totalSaving(c: FindingCost): number {
  return (c.ms ?? 0) * 1000 + c.modules;
}

/** Every deferrable (file, target) pair in any entry's startup set, with its owner rule. Best entry wins. */
export function lazyCandidates(ctx: RuleContext<unknown>, options: LazyOptions, rule: string): LazyCandidate[] {
  const view = requireView(ctx, rule);
  const eagerList = [...BUILTIN_EAGER, ...JSX_RUNTIMES, ...ctx.eager];
  const localAllowed = new Set(options.modules.map((m) => m.replace(/^\.\//, '')));
  const best = new Map<string, LazyCandidate>();
  for (const entry of ctx.entries) {
    const targets: { target: string; local: boolean }[] = [];
    for (const pkg of [...view.startupPackages(entry)].sort()) targets.push({ target: pkg, local: false });
    // Local modules are candidates only when the options name some.
    if (localAllowed.size > 0) {
      for (const m of [...view.startupModules(entry)].sort()) {
        if (m !== entry && localAllowed.has(rel(ctx, m))) targets.push({ target: m, local: true });
      }
    }
    for (const { target, local } of targets) {
      let targetCost: FindingCost;
      if (local) targetCost = moduleCost(ctx, target);
      else {
        const c = ctx.cost.get(target);
        const heavy = ctx.heavy.includes(target) || (c !== undefined && c.ms !== null && c.ms >= options.threshold);
        if (!heavy) continue;
        targetCost = packageCost(ctx, target) ?? { ms: null, modules: 1, mb: null, source: 'static' };
      }
      const costText = local || ctx.cost.get(target) ? formatCost(targetCost) : 'an unmeasured amount (listed as heavy in config)';
      // What the package loads that other startup imports load too stays at startup when it is deferred.
      const shared = local ? null : keptLoaded(ctx, view.startupPackages(entry), target);
      const sites = view.eagerSites(entry, target);
      if (sites.length === 0) continue;
      const verdicts: SiteVerdict[] = [];
      let denied = false;
      for (const s of sites) {
        const mod = ctx.graph.modules.get(s.file)!;
        const rec = mod.imports[s.importIndex];
        if (!local && (matchesAny(eagerList, rec.specifier, rec.package) || rec.builtin)) denied = true;
        verdicts.push(siteVerdict(ctx, mod, s.importIndex, options.allowInTry, view.loadCalls(entry)));
      }
      if (denied) continue;
      let blocker = verdicts.find((v) => v.reason !== null) ?? null;
      // The sites that keep the target at startup may all import other specifiers of it than some
      // deferrable ones ('lodash/chunk.js' used at load, 'lodash' only in functions): deferring
      // those still saves what the kept specifiers do not load.
      const split = blocker && !local ? splitSpecifiers(ctx, target, verdicts, targetCost, options.threshold) : null;
      const deferred = split ? split.free : verdicts;
      if (split) blocker = null;
      const unshared = split ? split.saving : targetCost;
      const saving = shared ? withoutShared(unshared, shared.figures) : unshared;
      const summary: TargetSummary = {
        lazyFiles: [...new Set(deferred.filter((v) => v.reason === null && !v.typeOnly).map((v) => v.file))].sort(),
        typeSites: deferred.filter((v) => v.typeOnly),
        ordered: [...verdicts.filter((v) => v.reason !== null), ...verdicts.filter((v) => v.reason === null)],
      };
      // A package the project loads by one subpath alone is priced and named by it ('lodash/chunk');
      // one part of which stays at startup, by what is deferred.
      const named = split ? [...new Set(deferred.map((v) => v.rec.specifier))] : ctx.cost.get(target)?.specifiers;
      const byFile = new Map<string, SiteVerdict[]>();
      for (const v of deferred) {
        if (!byFile.has(v.file)) byFile.set(v.file, []);
        byFile.get(v.file)!.push(v);
      }
      const made: LazyCandidate[] = [];
      for (const [file, group] of byFile) {
        if (group.some((v) => v.reason !== null) || group.every((v) => v.typeOnly)) continue;
        const mod = ctx.graph.modules.get(file)!;
        const first = group[0].rec;
        if (group.some((v) => v.typeOnly)) continue; // mixed type-only and lazy imports of one target in a file: leave it to a person
        const asyncOnly = group.every((v) => v.asyncOnly);
        const functions = [...new Set(group.flatMap((v) => v.functions))];
        const facts = local ? undefined : factsOf(ctx, target, group);
        const tla = local ? ctx.graph.modules.get(target)?.hasTopLevelAwait === true : facts?.topLevelAwait === true;
        const dualFromEsm = mod.format === 'esm' && facts?.dual === true;
        const esmOnly = facts?.esmOnly === true;
        // require() (createRequire in ESM) in TypeScript needs Node's types, or tsc fails (TS2591, TS2307).
        const types = /\.[cm]?tsx?$/.test(file) ? ctx.nodeTypes?.(file) : undefined;
        const noNodeTypes = types && !types.ok ? `a lazy require() in TypeScript needs Node's types (@types/node), and ${types.reason}` : null;
        // An ES module in a browser bundle has no require(): createRequire from 'node:module' breaks the bundle.
        const bundle = mod.format === 'esm' ? (ctx.browser?.(file) ?? null) : null;
        const noBrowserRequire = bundle !== null ? noRequireInBundle(bundle) : null;
        // From an ES module, a lazy require() of an ES module is require(esm), which Node runs
        // unflagged only from 20.19 (and 22.12): the program's engines.node must not admit older.
        const loadsEsm = local ? ctx.graph.modules.get(target)?.format === 'esm' : facts?.requireEsm === true || esmOnly;
        const engines = mod.format === 'esm' && loadsEsm ? ctx.requireEsm?.(file) : undefined;
        const noRequireEsm = engines && !engines.ok ? `a lazy require() of an ES module needs Node 20.19 or later, and ${engines.reason}` : null;
        const noRequireTarget = facts?.noRequireTarget === true ? "its exports map has no target for require() (only for import), so require() would throw ERR_PACKAGE_PATH_NOT_EXPORTED" : null;
        const hazard = tla
          ? 'it uses top-level await, so require() would throw ERR_REQUIRE_ASYNC_MODULE'
          : dualFromEsm
            ? `its exports map has separate import and require builds, so require() from this ES module would load a second copy`
            : (noRequireTarget ?? noBrowserRequire ?? noNodeTypes ?? noRequireEsm);
        const dynamicWhy = tla ? 'it uses top-level await' : dualFromEsm ? 'it ships separate import and require builds, and require() would load a second copy' : esmOnly ? 'it is ESM-only' : bundle !== null ? noRequireInBundle(bundle) : types && !types.ok ? `require() in this TypeScript file needs Node's types, and ${types.reason}` : noRequireEsm !== null ? `require() of an ES module fails on some Node versions that ${engines?.file}'s engines.node '${engines?.range}' admits` : null;
        const owner = asyncOnly && dynamicWhy !== null ? 'prefer-dynamic-import' : 'prefer-lazy-import';
        let shape: LazyCandidate['shape'] = owner === 'prefer-dynamic-import' ? 'dynamic' : hazard ? null : 'require';
        let unfixableReason: string | null = shape === null ? `${hazard}; load it with await import() once every use is in an async function` : null;
        if (shape !== null && facts?.loadEffects) {
          // The fixer refuses these too (src/fix): report, explain, and leave the import alone.
          shape = null;
          unfixableReason = `loading '${target}' has effects the rest of the program may rely on: it ${facts.loadEffects}`;
        }
        const blockerOfGroup = group.find((v) => v.fixBlocker !== null);
        const helperSite = shape === 'dynamic' ? group.find((v) => v.bindings.some((b) => b.declaration === 'helper')) : undefined;
        // tsc compiles `import * as ns` to an __importStar copy: the fixer keeps only member reads of it.
        const wholeUse = shape === 'require' && mod.format === 'cjs' && tsOf(ctx, file).esModuleInterop ? wholeNamespaceUse(group) : null;
        if (blockerOfGroup) {
          shape = null;
          unfixableReason = blockerOfGroup.fixBlocker;
        } else if (helperSite) {
          shape = null;
          unfixableReason = declarationProblem('helper', helperSite.rec.line);
        } else if (shape === 'dynamic' && group.some((v) => v.rec.importEquals)) {
          // The fixer refuses it too (src/fix/lazy.ts).
          shape = null;
          unfixableReason = '`import x = require()` keeps require() semantics, which await import() does not';
        } else if (wholeUse) {
          shape = null;
          unfixableReason = `namespace '${wholeUse.local}' is used as a whole (line ${wholeUse.line}); under esModuleInterop it is an __importStar copy, which the codemod does not rewrite`;
        } else if (shape === 'require' && mod.declaresRequire) {
          // The fixer refuses it (src/fix/safety.ts): its loader would stand beside the file's own require.
          shape = null;
          unfixableReason = 'the file declares its own `require`, and the codemod does not write a lazy require() beside it';
        }
        if (blocker) {
          shape = null;
          unfixableReason = `${rel(ctx, blocker.file)}:${blocker.rec.line} keeps it at startup (${blocker.reason})`;
        } else if (shared && saving.ms !== null && saving.ms < options.threshold) {
          // The rest stays loaded through other imports: not worth an edit on its own.
          shape = null;
          unfixableReason = `deferring it saves ${formatCost(saving)}, under the ${options.threshold} ms threshold, since other imports keep what it loads at startup`;
        }
        const zero: FindingCost = { ms: targetCost.ms === null ? null : 0, modules: 0, mb: targetCost.mb === null ? null : 0, source: targetCost.source };
        const candidate: LazyCandidate = {
          owner,
          file,
          importIndexes: group.map((v) => v.importIndex),
          line: first.line,
          column: first.column,
          specifier: first.specifier,
          target,
          display: local ? rel(ctx, target) : named?.length === 1 ? named[0]! : target,
          entry,
          cost: blocker ? zero : saving,
          targetCost,
          shared: shared?.names ?? [],
          kept: split ? { specifiers: split.kept, site: split.site } : null,
          costText: split && ctx.cost.get(target) ? formatCost(split.saving) : costText,
          functions,
          branchUse: firstBranchUse(group),
          asyncOnly,
          shape,
          unfixableReason,
          dynamicWhy,
          summary,
          blocker,
        };
        made.push(candidate);
      }
      if (!blocker) blockByUnfixable(ctx, made, summary);
      for (const candidate of made) {
        const key = `${candidate.file}\0${target}`;
        const prev = best.get(key);
        if (!prev || totalSaving(candidate.cost) > totalSaving(prev.cost)) best.set(key, candidate);
      }
    }
  }
  return [...best.values()];
}

/** The deferrable sites of the specifiers no blocking site imports, and what deferring them saves. */
interface SpecifierSplit {
  kept: string[];
  site: SiteVerdict;
  free: SiteVerdict[];
  saving: FindingCost;
}

/**
 * When the sites that keep a package at startup import it by specifiers that other, deferrable
 * sites do not use, what deferring those others saves: the package's startup cost less what the
 * kept specifiers cost alone (the engine prices them on request). Null when that is under the
 * threshold (the kept specifiers load most of it), when it is not priced yet, or when every
 * deferrable site shares a specifier with a blocking one.
 */
function splitSpecifiers(ctx: RuleContext<unknown>, target: string, verdicts: readonly SiteVerdict[], targetCost: FindingCost, threshold: number): SpecifierSplit | null {
  const kept = new Set<string>();
  for (const v of verdicts) if (v.reason !== null) kept.add(v.rec.specifier);
  const free = verdicts.filter((v) => !kept.has(v.rec.specifier));
  if (free.length === 0 || free.every((v) => v.typeOnly)) return null;
  const specifiers = [...kept].sort();
  const alone = ctx.specifierCost?.(target, specifiers);
  // Figures of two kinds (measuring the kept ones alone failed) do not subtract.
  if (!alone || alone.source !== targetCost.source) return null;
  const less = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.round(Math.max(0, a - b) * 100) / 100);
  const saving: FindingCost = { ms: less(targetCost.ms, alone.ms), modules: Math.max(0, targetCost.modules - alone.modules), mb: less(targetCost.mb, alone.heapMb), source: targetCost.source };
  if (saving.ms !== null ? saving.ms < threshold : saving.modules === 0) return null;
  return { kept: specifiers, site: verdicts.find((v) => v.reason !== null)!, free, saving };
}

/**
 * What loading the target means for this file's imports: a file that imports the package by one
 * subpath alone ('postcss/lib/result') is judged by that entry point's own builds, not the root's;
 * load-time effects stay the package's.
 */
function factsOf(ctx: RuleContext<unknown>, target: string, group: readonly SiteVerdict[]): PackageFacts | undefined {
  const facts = ctx.packageInfo?.[target];
  const spec = group[0].rec.specifier;
  if (spec === target || group.some((v) => v.rec.specifier !== spec)) return facts;
  const own = facts?.subpaths?.[spec];
  return own ? { ...own, ...(facts?.loadEffects ? { loadEffects: facts.loadEffects } : {}) } : facts;
}

/**
 * A file whose sites are deferrable but get no automatic fix (a hazard of its own, a JSX use, a
 * package with load effects) keeps the target at startup after `--fix` as surely as a site used
 * while its module loads: every other file's fix of the same target then saves nothing, and is not
 * offered. Such a file becomes the others' blocker, with its reason.
 */
function blockByUnfixable(ctx: RuleContext<unknown>, made: LazyCandidate[], summary: TargetSummary): void {
  const stuck = made.filter((c) => c.shape === null);
  if (stuck.length === 0 || made.length < 2) return;
  const reasons = new Map(stuck.map((c) => [c.file, `no automatic fix there: ${c.unfixableReason ?? 'none applies'}`]));
  summary.ordered = summary.ordered.map((v) => (v.reason === null && reasons.has(v.file) ? { ...v, reason: reasons.get(v.file)! } : v));
  summary.ordered = [...summary.ordered.filter((v) => v.reason !== null), ...summary.ordered.filter((v) => v.reason === null)];
  for (const c of made) {
    const other = stuck.find((s) => s.file !== c.file);
    if (!other) continue;
    const blocker = summary.ordered.find((v) => v.file === other.file && v.reason !== null) ?? null;
    if (!blocker) continue;
    c.blocker = blocker;
    c.shape = null;
    c.unfixableReason = `${rel(ctx, blocker.file)}:${blocker.rec.line} keeps it at startup (${blocker.reason})`;
    c.cost = { ms: c.targetCost.ms === null ? null : 0, modules: 0, mb: c.targetCost.mb === null ? null : 0, source: c.targetCost.source };
  }
}

/** At most this many related sites per finding: a package imported from thousands of files would make reports quadratic. */
export const MAX_RELATED = 50;

/** The first `max` items that `skip` rejects not; stops early, since the skipped ones (this file's sites) are few. */
function firstExcept<T>(items: readonly T[], skip: (item: T) => boolean, max: number): T[] {
  const taken: T[] = [];
  for (const item of items) {
    if (taken.length >= max) break;
    if (!skip(item)) taken.push(item);
  }
  return taken;
}

/** The message tail shared by both rules: the other sites, and what blocks the saving. */
/** The first use at load that only some runs reach, among the sites' bindings. */
function firstBranchUse(group: readonly SiteVerdict[]): LazyCandidate['branchUse'] {
  let first: { fn: string; line: number } | null = null;
  for (const v of group) {
    for (const b of v.bindings) {
      for (const r of b.references) if (r.branch && r.fn && (first === null || r.line < first.line)) first = { fn: r.fn.name ?? '', line: r.line };
    }
  }
  return first;
}

export function togetherNote(ctx: RuleContext<unknown>, c: LazyCandidate): string {
  return branchNote(c) + loadNote(ctx, c);
}

/** Why a use in a function that runs at load still counts as deferrable. */
function branchNote(c: LazyCandidate): string {
  if (!c.branchUse) return '';
  const fn = c.branchUse.fn === '' ? 'an anonymous function' : `${c.branchUse.fn}()`;
  return ` ${fn} runs while the module loads, but only some runs reach the use at line ${c.branchUse.line} (it is behind a branch).`;
}

function loadNote(ctx: RuleContext<unknown>, c: LazyCandidate): string {
  if (c.blocker) return ` Deferring it saves nothing yet: ${rel(ctx, c.blocker.file)}:${c.blocker.rec.line} keeps it at startup (${c.blocker.reason}).`;
  const kept = c.kept
    ? ` ${c.kept.specifiers.map((s) => `'${s}'`).join(', ')} stay${c.kept.specifiers.length === 1 ? 's' : ''} at startup (${rel(ctx, c.kept.site.file)}:${c.kept.site.rec.line}: ${c.kept.site.reason}): the cost is what ${c.kept.specifiers.length === 1 ? 'it does' : 'they do'} not load.`
    : '';
  if (c.shared.length > 0) {
    const names = c.shared.slice(0, 3).map((n) => `'${n}'`).join(', ') + (c.shared.length > 3 ? ` and ${c.shared.length - 3} more` : '');
    return `${kept} It loads ${names}, which other imports keep at startup: deferring it saves ${formatCost(c.cost)}.${togetherTail(ctx, c)}`;
  }
  return kept + togetherTail(ctx, c);
}

function togetherTail(ctx: RuleContext<unknown>, c: LazyCandidate): string {
  // This candidate's own file is always among lazyFiles (its sites are deferrable and not type-only).
  const total = c.summary.lazyFiles.length - 1;
  const types = c.summary.typeSites;
  let note = '';
  if (total > 0) {
    const shown = firstExcept(c.summary.lazyFiles, (f) => f === c.file, 3).map((f) => rel(ctx, f)).join(', ');
    note += ` The saving needs the import${total === 1 ? '' : 's'} in ${total > 3 ? `${shown} and ${total - 3} more files` : shown} deferred too.`;
  }
  if (types.length > 0) {
    const where = types.slice(0, 3).map((o) => `${rel(ctx, o.file)}:${o.rec.line}`).join(', ') + (types.length > 3 ? ` and ${types.length - 3} more` : '');
    note += ` It also needs ${where} (used only as a type) written as \`import type\` (see prefer-type-import).`;
  }
  return note;
}

/** Related locations: the other import sites keeping the target at startup (blocking ones first, at most MAX_RELATED). */
export function relatedSites(c: LazyCandidate): { file: string; line: number; column: number; message: string }[] {
  const total = c.summary.ordered.length - c.importIndexes.length;
  const taken = firstExcept(c.summary.ordered, (o) => o.file === c.file, MAX_RELATED);
  const out = taken.map((o) => ({
    file: o.file,
    line: o.rec.line,
    column: o.rec.column,
    message: o.typeOnly
      ? `imports '${o.rec.specifier}' only for types but keeps it at run time: write \`import type\``
      : o.reason === null
        ? `also imports '${o.rec.specifier}' eagerly (deferrable)`
        : `keeps '${o.rec.specifier}' at startup: ${o.reason}`,
  }));
  if (total > MAX_RELATED) out.push({ ...out[out.length - 1], message: `and ${total - MAX_RELATED} more import sites of '${c.specifier}' (not listed)` });
  return out;
}
