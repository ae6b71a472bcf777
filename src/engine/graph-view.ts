import { shortestCycle, stronglyConnected } from '../graph/queries.js';
import type { ImportGraph, ImportRecord, ParsedModule } from '../graph/types.js';
import { loadCalls, type LoadCalls } from './load-calls.js';
import type { EagerSite, GraphView, RuleContext } from './rule.js';

type TsSettings = RuleContext<unknown>['ts'];

const TS_EXT = /\.(c|m)?tsx?$/;

/** A TypeScript source (not a declaration file): the only kind where tsc may elide imports. */
export function isTypeScriptFile(file: string): boolean {
  return TS_EXT.test(file) && !/\.d\.(c|m)?ts$/.test(file);
}

/**
 * Is this import evaluated when its file loads? Type-only imports, dynamic imports and nested
 * requires are not; in TypeScript without verbatimModuleSyntax tsc also drops imports none of whose
 * bindings is used as a value, so those do not cost anything at run time either.
 */
export function isRuntimeImport(mod: ParsedModule, index: number, ts: TsSettings, source?: string): boolean {
  const rec = mod.imports[index];
  if (!rec) return false;
  if (rec.kind === 'type') {
    // The parser gives `import { type A }` and `import type { A }` the same kind; only the text tells
    // them apart, and under verbatimModuleSyntax the first one stays as `import {} from 'x'`.
    if (!ts.verbatimModuleSyntax || source === undefined || rec.names.length === 0 || !isTypeScriptFile(mod.file)) return false;
    return !/^(import|export)\s+type\b/.test(source.slice(rec.start, rec.end));
  }
  if (rec.kind === 'dynamic' || rec.nested || rec.unresolvedDynamic) return false;
  if (rec.kind === 'side-effect' || rec.kind === 'require') return true;
  const ts_ = isTypeScriptFile(mod.file);
  if (rec.names.length > 0 && rec.names.every((n) => n.isType)) {
    // `import { type A } from 'x'` stays as `import {} from 'x'` under verbatimModuleSyntax.
    return ts_ && ts.verbatimModuleSyntax;
  }
  if (rec.kind === 'static' && ts_ && !ts.verbatimModuleSyntax) {
    const bindings = mod.bindings.filter((b) => b.importIndex === index && !b.declaredAsType);
    if (bindings.length > 0 && bindings.every((b) => b.unused || b.typeOnly) && !bindings.some((b) => isJsxFactory(mod, b.local, ts))) return false;
  }
  return true;
}

/**
 * A binding that compiled JSX uses without the source naming it: the classic transform turns
 * `<div />` into `React.createElement('div')` (or `h('div')`, or the tsconfig's `jsxFactory` and
 * `jsxFragmentFactory`), so `React` is a value there even where the source writes it only in
 * types. Not under the automatic runtime (`jsx: react-jsx`), which imports its own factory. When
 * the tsconfig does not say (or says preserve, leaving it to the next tool), the classic transform
 * is assumed: keeping an import is the safe side. A per-file pragma (`/** @jsx jsx *\/`, emotion's
 * and preact's way) names a factory whatever the tsconfig says.
 */
export function isJsxFactory(mod: ParsedModule, local: string, ts: TsSettings): boolean {
  if (mod.jsxPragmas?.includes(local)) return true;
  if (ts.jsx === 'react-jsx' || ts.jsx === 'react-jsxdev') return false;
  // Any file that can hold JSX: not .ts, .mts or .cts.
  return (local === 'React' || local === 'h' || local === ts.jsxFactoryRoot || local === ts.jsxFragmentRoot) && !/\.[cm]?ts$/.test(mod.file);
}

/** Where a runtime import leads: a local module of the graph, a package, or nowhere we follow (builtins, unresolved). */
export function importTarget(graph: ImportGraph, rec: ImportRecord): { module: string } | { package: string } | null {
  if (rec.builtin) return null;
  if (rec.resolved && graph.modules.has(rec.resolved)) return { module: rec.resolved };
  if (rec.package) return { package: rec.package };
  return null;
}

interface Closure {
  modules: Set<string>;
  packages: Set<string>;
  /** BFS parent of each module, for shortest paths. */
  parent: Map<string, string | null>;
}

/** Builds the graph queries rules use; results are memoised per file. */
export function createGraphView(graph: ImportGraph, settings: TsSettings | ((file: string) => TsSettings), sourceOf?: (file: string) => string | undefined): GraphView {
  const tsFor = typeof settings === 'function' ? settings : () => settings;
  const source = (file: string) => (sourceOf && tsFor(file).verbatimModuleSyntax ? sourceOf(file) : undefined);
  const closures = new Map<string, Closure>();
  const runtimeEdges = new Map<string, { index: number; rec: ImportRecord }[]>();

  function edgesOf(file: string): { index: number; rec: ImportRecord }[] {
    let edges = runtimeEdges.get(file);
    if (!edges) {
      const mod = graph.modules.get(file);
      edges = [];
      if (mod) {
        const text = source(file);
        mod.imports.forEach((rec, index) => { if (isRuntimeImport(mod, index, tsFor(file), text)) edges!.push({ index, rec }); });
      }
      runtimeEdges.set(file, edges);
    }
    return edges;
  }

  function closureOf(file: string): Closure {
    let c = closures.get(file);
    if (c) return c;
    c = { modules: new Set([file]), packages: new Set(), parent: new Map([[file, null]]) };
    const queue = [file];
    // A read index, not shift(): shift is linear, and closures reach thousands of modules.
    for (let head = 0; head < queue.length; head++) {
      const current = queue[head];
      for (const { rec } of edgesOf(current)) {
        const target = importTarget(graph, rec);
        if (!target) continue;
        if ('package' in target) c.packages.add(target.package);
        else if (!c.modules.has(target.module)) {
          c.modules.add(target.module);
          c.parent.set(target.module, current);
          queue.push(target.module);
        }
      }
    }
    closures.set(file, c);
    return c;
  }

  let cycleCache: string[][] | null = null;
  const siteIndex = new Map<string, Map<string, EagerSite[]>>();
  const loadCallsOf = new Map<string, LoadCalls>();

  return {
    isRuntimeEdge(file, importIndex) {
      return edgesOf(file).some((e) => e.index === importIndex);
    },
    startupModules: (entry) => closureOf(entry).modules,
    startupPackages: (entry) => closureOf(entry).packages,
    loadCalls(entry) {
      let calls = loadCallsOf.get(entry);
      if (!calls) loadCallsOf.set(entry, (calls = loadCalls(graph, closureOf(entry).modules)));
      return calls;
    },
    eagerSites(entry, target) {
      // One pass per entry indexes every target: rules ask for many targets of the same entry.
      let index = siteIndex.get(entry);
      if (!index) {
        index = new Map();
        for (const file of [...closureOf(entry).modules].sort()) {
          for (const { index: importIndex, rec } of edgesOf(file)) {
            const t = importTarget(graph, rec);
            if (!t) continue;
            const key = 'package' in t ? `pkg:${t.package}` : t.module;
            if (!index.has(key)) index.set(key, []);
            index.get(key)!.push({ file, importIndex });
          }
        }
        siteIndex.set(entry, index);
      }
      return [...(index.get(target) ?? index.get(`pkg:${target}`) ?? [])];
    },
    eagerPath(entry, file) {
      const c = closureOf(entry);
      if (!c.parent.has(file)) return null;
      const path: string[] = [];
      for (let at: string | null = file; at !== null; at = c.parent.get(at) ?? null) path.unshift(at);
      return path;
    },
    closure(file) {
      const c = closureOf(file);
      return { modules: c.modules, packages: c.packages };
    },
    cycles() {
      cycleCache ??= findRuntimeCycles(graph, (f) => edgesOf(f).map(({ rec }) => importTarget(graph, rec)).flatMap((t) => (t && 'module' in t ? [t.module] : [])));
      return cycleCache;
    },
  };
}

/** One shortest cycle through the smallest file of each strongly connected component, closed (ends where it starts). */
function findRuntimeCycles(graph: ImportGraph, successors: (file: string) => string[]): string[][] {
  const adj = new Map([...graph.modules.keys()].sort().map((f) => [f, [...new Set(successors(f))].sort()]));
  const cycles: string[][] = [];
  for (const scc of stronglyConnected(adj)) {
    if (scc.length === 1 && !adj.get(scc[0])?.includes(scc[0])) continue;
    const path = shortestCycle(adj, new Set(scc), scc[0]);
    if (path) cycles.push([...path, scc[0]]);
  }
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}
