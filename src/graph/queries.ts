import path from 'node:path';
import { InputError } from '../errors.js';
import type { ImportGraph, ImportRecord } from './types.js';

/*
 * Edge classes (docs/graph.md explains them for users):
 * - type-only: `import type`, `export type ... from`, or every imported name is `type`. Erased at run time.
 * - eager: evaluated when the importing module is evaluated: static imports, side-effect imports,
 *   re-exports and top-level (non-nested) require(). These make the startup set.
 * - runtime: every edge that is not type-only, including import() and require() inside functions.
 *   Cycles are found over runtime edges by default, as madge and dependency-cruiser do, because a
 *   lazy edge still closes a loop in the design (and can still observe a half-initialised module
 *   when called during evaluation); `eagerOnly` restricts to the cycles that bite at startup.
 */

/** True when the import brings in only types (erased at run time). */
export function isTypeOnly(rec: ImportRecord): boolean {
  return rec.kind === 'type' || (rec.names.length > 0 && rec.names.every((n) => n.isType));
}

/** True when the import is evaluated while its module evaluates (part of the startup set). */
export function isEager(rec: ImportRecord): boolean {
  if (isTypeOnly(rec)) return false;
  switch (rec.kind) {
    case 'static':
    case 'side-effect':
    case 'reexport':
      return true;
    case 'require':
      return !rec.nested;
    default:
      return false;
  }
}

export interface EdgeFilter {
  /** Count `import type` and all-type imports as edges (default false). */
  includeTypeOnly?: boolean;
  /** Only edges evaluated at load time (default false: dynamic and nested require count too). */
  eagerOnly?: boolean;
}

function keep(rec: ImportRecord, filter: EdgeFilter): boolean {
  if (filter.eagerOnly) return isEager(rec) || (!!filter.includeTypeOnly && isTypeOnly(rec));
  return filter.includeTypeOnly ? true : !isTypeOnly(rec);
}

function toAbs(graph: ImportGraph, file: string): string {
  return path.resolve(graph.root, file);
}

/** Local modules that `file` imports directly (absolute paths, sorted). */
export function dependencies(graph: ImportGraph, file: string, filter: EdgeFilter = {}): string[] {
  const mod = graph.modules.get(toAbs(graph, file));
  if (!mod) return [];
  const out = new Set<string>();
  for (const rec of mod.imports) {
    if (rec.resolved && graph.modules.has(rec.resolved) && keep(rec, filter)) out.add(rec.resolved);
  }
  return [...out].sort();
}

/** Packages that `file` imports directly (names, sorted). */
export function packageDependencies(graph: ImportGraph, file: string, filter: EdgeFilter = {}): string[] {
  const mod = graph.modules.get(toAbs(graph, file));
  if (!mod) return [];
  const out = new Set<string>();
  for (const rec of mod.imports) {
    if (rec.package && keep(rec, filter)) out.add(rec.package);
  }
  return [...out].sort();
}

/** Local modules that import `file` directly (absolute paths, sorted). */
export function dependents(graph: ImportGraph, file: string, filter: EdgeFilter = {}): string[] {
  const target = toAbs(graph, file);
  const out = new Set<string>();
  for (const mod of graph.modules.values()) {
    for (const rec of mod.imports) {
      if (rec.resolved === target && keep(rec, filter)) {
        out.add(mod.file);
        break;
      }
    }
  }
  return [...out].sort();
}

/** Adjacency over local modules (deduplicated), for the filter. */
function adjacency(graph: ImportGraph, filter: EdgeFilter): Map<string, string[]> {
  const adj = new Map<string, string[]>();
  for (const mod of graph.modules.values()) {
    const next = new Set<string>();
    for (const rec of mod.imports) {
      if (rec.resolved && graph.modules.has(rec.resolved) && keep(rec, filter)) next.add(rec.resolved);
    }
    adj.set(mod.file, [...next].sort());
  }
  return adj;
}

/** Strongly connected components (Tarjan, iterative so deep graphs cannot overflow the stack), each sorted. */
export function stronglyConnected(adj: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const sccs: string[][] = [];
  let counter = 0;
  for (const start of [...adj.keys()].sort()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const succ = adj.get(frame.node) ?? [];
      if (frame.i < succ.length) {
        const w = succ[frame.i++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          scc.push(w);
        } while (w !== frame.node);
        sccs.push(scc.sort());
      }
    }
  }
  return sccs;
}

/** Shortest cycle through `start` staying inside `members` (BFS), as a path of files from start. */
export function shortestCycle(adj: Map<string, string[]>, members: Set<string>, start: string): string[] | null {
  const parent = new Map<string, string>();
  const queue: string[] = [start];
  for (let qi = 0; qi < queue.length; qi++) {
    const node = queue[qi];
    for (const w of adj.get(node) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const pathOut = [node];
        let cur = node;
        while (cur !== start) {
          cur = parent.get(cur) as string;
          pathOut.push(cur);
        }
        return pathOut.reverse();
      }
      if (!parent.has(w)) {
        parent.set(w, node);
        queue.push(w);
      }
    }
  }
  return null;
}

/**
 * Import cycles: for each strongly connected component, the shortest cycle through each of its
 * files not yet covered, so every file of a cycle appears. Each cycle is a path of absolute files
 * starting at its smallest file (the last imports the first). Type-only edges are excluded by default.
 */
export function findCycles(graph: ImportGraph, opts: EdgeFilter = {}): string[][] {
  const adj = adjacency(graph, opts);
  const out: string[][] = [];
  const seen = new Set<string>();
  for (const scc of stronglyConnected(adj)) {
    const members = new Set(scc);
    if (scc.length === 1 && !(adj.get(scc[0]) ?? []).includes(scc[0])) continue;
    const covered = new Set<string>();
    for (const file of scc) {
      if (covered.has(file)) continue;
      const cycle = shortestCycle(adj, members, file);
      if (!cycle) continue;
      let min = 0;
      for (let i = 1; i < cycle.length; i++) if (cycle[i] < cycle[min]) min = i;
      const rotated = [...cycle.slice(min), ...cycle.slice(0, min)];
      const key = rotated.join('\0');
      for (const f of rotated) covered.add(f);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(rotated);
    }
  }
  return out.sort((a, b) => (a[0] === b[0] ? a.length - b.length || a.join().localeCompare(b.join()) : a[0] < b[0] ? -1 : 1));
}

export interface StartupSet {
  /** Local modules evaluated when the entry is loaded (absolute paths, the entry included). */
  modules: Set<string>;
  /** Packages evaluated with it: imported eagerly by those modules, plus their own dependencies. */
  packages: Set<string>;
}

function entryOf(graph: ImportGraph, entry: string): string {
  const abs = toAbs(graph, entry);
  if (!graph.modules.has(abs)) throw new InputError(entry, 'entry is not a module of the graph (check the path and the include/exclude settings)');
  return abs;
}

/** A package plus the packages it pulls in through package.json dependencies (transitively). */
export function packageClosure(graph: ImportGraph, name: string): Set<string> {
  const out = new Set<string>();
  const queue = [name];
  while (queue.length > 0) {
    const n = queue.pop() as string;
    if (out.has(n)) continue;
    out.add(n);
    for (const d of graph.packages.get(n)?.dependencies ?? []) queue.push(d);
  }
  return out;
}

/**
 * The startup set of an entry: local modules reached by eager edges (static, side-effect,
 * re-export, top-level require), the packages they import eagerly, and those packages' own
 * dependencies. A workspace package resolved to local sources is followed through its files.
 */
export function startupSet(graph: ImportGraph, entry: string): StartupSet {
  const start = entryOf(graph, entry);
  const modules = new Set<string>([start]);
  const packages = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    for (const rec of graph.modules.get(file)?.imports ?? []) {
      if (!isEager(rec)) continue;
      if (rec.resolved && graph.modules.has(rec.resolved)) {
        if (rec.package) packages.add(rec.package);
        if (!modules.has(rec.resolved)) {
          modules.add(rec.resolved);
          queue.push(rec.resolved);
        }
      } else if (rec.package) {
        for (const p of packageClosure(graph, rec.package)) packages.add(p);
      }
    }
  }
  return { modules, packages };
}

/** One import statement that keeps a target in an entry's startup set. */
export interface ImportSite {
  /** Absolute path of the importing file. */
  file: string;
  /** Index into that module's `imports`. */
  importIndex: number;
  record: ImportRecord;
  /** Set when the site imports another package that pulls the target in through its dependencies. */
  via?: string;
}

export type GraphTarget = { package: string } | { file: string };

/**
 * Every eager import site, among the modules in the entry's startup set, that loads the target
 * directly (or a package depending on it). Deferring all of them removes the target from the
 * startup set; leaving any one keeps it there.
 */
export function eagerImportSites(graph: ImportGraph, entry: string, target: GraphTarget): ImportSite[] {
  const { modules } = startupSet(graph, entry);
  const targetFile = 'file' in target ? toAbs(graph, target.file) : null;
  const targetPkg = 'package' in target ? target.package : null;
  const closures = new Map<string, boolean>();
  const pulls = (pkg: string): boolean => {
    let v = closures.get(pkg);
    if (v === undefined) {
      v = packageClosure(graph, pkg).has(targetPkg as string);
      closures.set(pkg, v);
    }
    return v;
  };
  const sites: ImportSite[] = [];
  for (const file of [...modules].sort()) {
    const imports = graph.modules.get(file)?.imports ?? [];
    imports.forEach((rec, importIndex) => {
      if (!isEager(rec)) return;
      if (targetFile !== null) {
        if (rec.resolved === targetFile) sites.push({ file, importIndex, record: rec });
        return;
      }
      if (!rec.package) return;
      if (rec.package === targetPkg) {
        sites.push({ file, importIndex, record: rec });
      } else if (!(rec.resolved && graph.modules.has(rec.resolved)) && pulls(rec.package)) {
        // A workspace package followed through its own files is covered by the sites in those files.
        sites.push({ file, importIndex, record: rec, via: rec.package });
      }
    });
  }
  return sites;
}

/**
 * One shortest eager path from the entry to the target: absolute files, then package names
 * (for messages like `src/cli.ts -> src/report.ts -> moment`). Null when the target is not at startup.
 */
export function eagerPath(graph: ImportGraph, entry: string, target: GraphTarget): string[] | null {
  const start = entryOf(graph, entry);
  const targetFile = 'file' in target ? toAbs(graph, target.file) : null;
  const targetPkg = 'package' in target ? `pkg:${target.package}` : null;
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  const done = (node: string): string[] => {
    const out: string[] = [];
    for (let cur: string | null = node; cur !== null; cur = parent.get(cur) ?? null) out.push(cur.startsWith('pkg:') ? cur.slice(4) : cur);
    return out.reverse();
  };
  for (let qi = 0; qi < queue.length; qi++) {
    const node = queue[qi];
    if (node === targetFile || node === targetPkg) return done(node);
    const next: string[] = [];
    if (node.startsWith('pkg:')) {
      for (const d of graph.packages.get(node.slice(4))?.dependencies ?? []) next.push(`pkg:${d}`);
    } else {
      for (const rec of graph.modules.get(node)?.imports ?? []) {
        if (!isEager(rec)) continue;
        if (rec.resolved && graph.modules.has(rec.resolved)) next.push(rec.resolved);
        else if (rec.package) next.push(`pkg:${rec.package}`);
      }
    }
    for (const n of next) {
      if (!parent.has(n)) {
        parent.set(n, node);
        queue.push(n);
      }
    }
  }
  return null;
}
