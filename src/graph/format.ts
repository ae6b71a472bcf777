import path from 'node:path';
import { UsageError } from '../errors.js';
import { dependencies, dependents, findCycles, isEager, isTypeOnly, startupSet } from './queries.js';
import type { ImportGraph, ImportKind } from './types.js';
import { relPath } from './paths.js';

/** The stable JSON shape of `perf-lint graph --format json` (docs/graph.md). */
export interface GraphJson {
  version: 1;
  root: string;
  modules: Array<{
    file: string;
    format: 'esm' | 'cjs';
    imports: Array<{
      specifier: string;
      kind: ImportKind;
      line: number;
      column: number;
      resolved: string | null;
      package?: string;
      builtin?: boolean;
      typeOnly?: boolean;
      nested?: boolean;
      unresolvedDynamic?: boolean;
    }>;
  }>;
  packages: Array<{ name: string; version: string | null; workspace: boolean; root: string; dependencies: string[] }>;
  cycles: string[][];
  unresolved: Array<{ file: string; specifier: string; line: number; column: number; reason: string }>;
  parseErrors: Array<{ file: string; line: number; column: number; message: string }>;
  /** tsconfig files of the project that cannot be read (their `paths` are unknown). */
  tsconfigErrors: Array<{ file: string; message: string }>;
}

export { relPath } from './paths.js';

/** What to show: every module, an entry's startup set, or a module and its neighbours. */
export interface ViewOptions {
  entry?: string;
  focus?: string;
  /** Include packages (and builtins) as nodes. */
  externals?: boolean;
}

/** The plain serializable form of a graph (stable order: files sorted, imports in source order). */
export function graphToJson(graph: ImportGraph, view: ViewOptions = {}): GraphJson {
  const root = graph.root;
  const rel = (f: string): string => relPath(root, f);
  const selected = selectModules(graph, view);
  const files = [...selected].sort();
  const cycles = findCycles(graph).filter((c) => c.every((f) => selected.has(f)));
  const pkgNames = new Set<string>();
  for (const f of files) for (const r of graph.modules.get(f)?.imports ?? []) if (r.package) pkgNames.add(r.package);
  if (view.entry) for (const p of startupSet(graph, view.entry).packages) pkgNames.add(p);
  else for (const p of graph.packages.keys()) pkgNames.add(p);
  return {
    version: 1,
    root: root.split(path.sep).join('/'),
    modules: files.map((file) => {
      const mod = graph.modules.get(file)!;
      return {
        file: rel(file),
        format: mod.format,
        imports: mod.imports.map((r) => ({
          specifier: r.specifier,
          kind: r.kind,
          line: r.line,
          column: r.column,
          resolved: r.resolved ? rel(r.resolved) : null,
          ...(r.package ? { package: r.package } : {}),
          ...(r.builtin ? { builtin: true } : {}),
          ...(r.kind !== 'type' && isTypeOnly(r) ? { typeOnly: true } : {}),
          ...(r.nested ? { nested: true } : {}),
          ...(r.unresolvedDynamic ? { unresolvedDynamic: true } : {}),
        })),
      };
    }),
    packages: [...pkgNames]
      .sort()
      .map((n) => graph.packages.get(n))
      .filter((p) => p !== undefined)
      .map((p) => ({ name: p.name, version: p.version, workspace: p.workspace, root: rel(p.root), dependencies: p.dependencies ?? [] })),
    cycles: cycles.map((c) => c.map(rel)),
    unresolved: graph.unresolved
      .filter((u) => selected.has(u.file))
      .map((u) => ({ file: rel(u.file), specifier: u.specifier, line: u.line, column: u.column, reason: u.reason }))
      .sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1)),
    parseErrors: graph.parseErrors
      .filter((e) => selected.has(e.file))
      .map((e) => ({ file: rel(e.file), line: e.line, column: e.column, message: e.message }))
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)),
    tsconfigErrors: (graph.tsconfigErrors ?? []).map((e) => ({ file: rel(e.file), message: e.message })),
  };
}

function selectModules(graph: ImportGraph, view: ViewOptions): Set<string> {
  let selected = new Set(graph.modules.keys());
  if (view.entry) selected = startupSet(graph, view.entry).modules;
  if (view.focus) {
    const focus = path.resolve(graph.root, view.focus);
    if (!graph.modules.has(focus)) throw new UsageError(`--focus '${view.focus}': not a module of the graph`);
    const around = new Set([focus, ...dependencies(graph, focus), ...dependents(graph, focus)]);
    selected = new Set([...selected].filter((f) => around.has(f)));
  }
  return selected;
}

interface ViewEdge {
  from: string;
  to: string;
  kind: ImportKind;
  typeOnly: boolean;
  /** Not evaluated at load: import() or a require() inside a function. */
  lazy: boolean;
}

/** Nodes and edges of the view, with display names (relative files, package names, `node:` builtins). */
function viewEdges(graph: ImportGraph, view: ViewOptions): { nodes: string[]; edges: ViewEdge[]; external: Set<string> } {
  const selected = selectModules(graph, view);
  const rel = (f: string): string => relPath(graph.root, f);
  const nodes = new Set<string>();
  const external = new Set<string>();
  const edges = new Map<string, ViewEdge>();
  for (const file of [...selected].sort()) {
    nodes.add(rel(file));
    for (const r of graph.modules.get(file)!.imports) {
      // The startup view shows what loads at startup: eager edges only.
      if (view.entry && !isEager(r)) continue;
      let to: string | null = null;
      if (r.resolved && selected.has(r.resolved)) to = rel(r.resolved);
      // A local non-module file (JSON, .node, a .d.ts): a leaf.
      else if (r.resolved && !r.package && !graph.modules.has(r.resolved)) to = rel(r.resolved);
      else if (view.externals && r.package && !(r.resolved && graph.modules.has(r.resolved))) to = r.package;
      else if (view.externals && r.builtin) to = r.specifier.startsWith('node:') ? r.specifier : `node:${r.specifier}`;
      if (to === null) continue;
      if (r.package && !selected.has(r.resolved ?? '')) external.add(to);
      if (r.builtin) external.add(to);
      nodes.add(to);
      const key = `${rel(file)}\0${to}\0${r.kind}`;
      if (!edges.has(key)) edges.set(key, { from: rel(file), to, kind: r.kind, typeOnly: isTypeOnly(r), lazy: !isTypeOnly(r) && !isEager(r) });
    }
  }
  return { nodes: [...nodes].sort(), edges: [...edges.values()], external };
}

function dotQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Graphviz dot: dashed for lazy edges (dynamic, nested require), dotted for type-only, boxes for packages. */
export function graphToDot(graph: ImportGraph, view: ViewOptions = {}): string {
  const { nodes, edges, external } = viewEdges(graph, view);
  const lines = ['digraph imports {', '  rankdir=LR;', '  node [shape=box, style=rounded, fontname="Helvetica"];'];
  for (const n of nodes) lines.push(`  ${dotQuote(n)}${external.has(n) ? ' [shape=box3d, style=""]' : ''};`);
  for (const e of edges) {
    const style = e.typeOnly ? ' [style=dotted]' : e.lazy ? ` [style=dashed, label=${dotQuote(e.kind)}]` : '';
    lines.push(`  ${dotQuote(e.from)} -> ${dotQuote(e.to)}${style};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Mermaid flowchart (node ids are n0, n1... because file paths are not valid ids). */
export function graphToMermaid(graph: ImportGraph, view: ViewOptions = {}): string {
  const { nodes, edges, external } = viewEdges(graph, view);
  const ids = new Map(nodes.map((n, i) => [n, `n${i}`]));
  const label = (s: string): string => `"${s.replace(/"/g, '#quot;')}"`;
  const lines = ['flowchart LR'];
  for (const n of nodes) lines.push(external.has(n) ? `  ${ids.get(n)}[[${label(n)}]]` : `  ${ids.get(n)}[${label(n)}]`);
  for (const e of edges) {
    const arrow = e.typeOnly ? '-.->|type|' : e.lazy ? `-.->|${e.kind}|` : '-->';
    lines.push(`  ${ids.get(e.from)} ${arrow} ${ids.get(e.to)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Plain text: each module and what it imports, then cycles, unresolved imports and parse errors. */
export function graphToText(graph: ImportGraph, view: ViewOptions = {}): string {
  const json = graphToJson(graph, view);
  const shown = new Set(json.modules.map((m) => m.file));
  const out: string[] = [];
  for (const m of json.modules) {
    out.push(m.file);
    for (const i of m.imports) {
      let target: string;
      if (i.package && !(i.resolved && shown.has(i.resolved))) {
        if (!view.externals) continue;
        target = i.package;
      } else if (i.builtin) {
        if (!view.externals) continue;
        target = i.specifier.startsWith('node:') ? i.specifier : `node:${i.specifier}`;
      } else if (i.resolved === null) {
        target = `? ${i.specifier}`;
      } else {
        // A local module outside the view (--entry/--focus) is not listed.
        if (!shown.has(i.resolved) && /\.[mc]?[jt]sx?$/.test(i.resolved) && !/\.d\.[mc]?ts$/.test(i.resolved)) continue;
        target = i.resolved;
      }
      const tag = i.typeOnly ? `${i.kind}, type-only` : i.kind;
      out.push(`  -> ${target} (${tag}, line ${i.line})`);
    }
  }
  out.push('', `${json.modules.length} modules, ${json.cycles.length} cycles, ${json.unresolved.length} unresolved, ${json.parseErrors.length} parse errors`);
  for (const c of json.cycles) out.push(`cycle: ${[...c, c[0]].join(' -> ')}`);
  for (const u of json.unresolved) out.push(`unresolved: ${u.file}:${u.line}:${u.column} '${u.specifier}' (${u.reason})`);
  for (const e of json.parseErrors) out.push(`parse error: ${e.file}:${e.line}:${e.column} ${e.message}`);
  for (const e of json.tsconfigErrors) out.push(`tsconfig error: ${e.file}: ${e.message}`);
  return `${out.join('\n')}\n`;
}

export const GRAPH_FORMATS = ['json', 'dot', 'mermaid', 'text'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** Renders the graph in one of GRAPH_FORMATS. */
export function formatGraph(graph: ImportGraph, format: string, view: ViewOptions = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(graphToJson(graph, view), null, 2)}\n`;
    case 'dot':
      return graphToDot(graph, view);
    case 'mermaid':
      return graphToMermaid(graph, view);
    case 'text':
      return graphToText(graph, view);
    default:
      throw new UsageError(`--format '${format}': unknown graph format (use ${GRAPH_FORMATS.join(', ')})`);
  }
}
