import { relative, sep } from 'node:path';
import type { RunModule, RunResult } from './analyze.js';
import { packageLabel, packageOf } from './packages.js';
import { median, spreadWarning, summarize } from './stats.js';
import type { Measurement, PackageStat, PhaseTimes, TreeNode } from './types.js';

export interface AggregateContext {
  root: string;
  entry: string;
  args: string[];
  scenario: string | null;
  seed: number;
  exitCodes: (number | null)[];
  /** Modules found statically under require(esm) (not observable at run time on Node 20). */
  inferred?: Map<string, string>;
}

/** Path shown to users: relative to the root, POSIX. */
export function displayId(root: string, key: string): string {
  if (key.includes('://') || key.startsWith('node:')) return key;
  const rel = relative(root, key);
  return (rel.startsWith('..') ? key : rel).split(sep).join('/');
}

function mode<T>(values: T[]): T {
  const counts = new Map<T, number>();
  let best = values[0];
  let bestN = 0;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > bestN) {
      best = v;
      bestN = n;
    }
  }
  return best;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** Combines the runs: per-module medians, one tree whose cumulative times are sums of the medians. */
export function aggregate(runs: RunResult[], plainRuns: RunResult[], ctx: AggregateContext): Measurement {
  const seed = ctx.seed;
  const perKey = new Map<string, RunModule[]>();
  for (const r of runs) {
    for (const m of r.modules.values()) {
      const list = perKey.get(m.key) ?? [];
      list.push(m);
      perKey.set(m.key, list);
    }
  }
  const entryKey = mode(runs.map((r) => r.entryKey));
  const warnings: string[] = [];
  const counts = runs.map((r) => r.modules.size);
  if (new Set(counts).size > 1) {
    warnings.push(`the module count differs between runs (${[...new Set(counts)].join(', ')}): the program loads different modules from run to run.`);
  }

  const nodes = new Map<string, TreeNode>();
  const parents = new Map<string, string | null>();
  for (const [key, list] of perKey) {
    // Means, not medians: per-module medians drop each run's scattered hiccups, and their sum then
    // falls well short of a typical run's total; means add up to the mean run.
    const phase = (k: keyof PhaseTimes): number => round(list.reduce((a, m) => a + m.phases[k], 0) / runs.length);
    const phases: PhaseTimes = { resolve: phase('resolve'), load: phase('load'), parse: phase('parse'), eval: phase('eval') };
    const pkg = packageOf(key);
    nodes.set(key, {
      id: displayId(ctx.root, key),
      format: mode(list.map((m) => m.format)),
      package: pkg ? packageLabel(pkg) : null,
      selfMs: round(phases.resolve + phases.load + phases.parse + phases.eval),
      cumulativeMs: 0,
      minSelfMs: 0, // set below, once the scale is known
      phases,
      bytes: list.find((m) => m.bytes !== null)?.bytes ?? null,
      children: [],
    });
    parents.set(key, key === entryKey ? null : mode(list.map((m) => m.parent)));
  }
  for (const [key, parent] of ctx.inferred ?? []) {
    if (nodes.has(key)) continue;
    const pkg = packageOf(key);
    nodes.set(key, {
      id: displayId(ctx.root, key),
      format: 'esm',
      package: pkg ? packageLabel(pkg) : null,
      selfMs: 0,
      cumulativeMs: 0,
      minSelfMs: 0,
      phases: { resolve: 0, load: 0, parse: 0, eval: 0 },
      bytes: null,
      inferred: true,
      children: [],
    });
    parents.set(key, parent);
  }
  if (!nodes.has(entryKey)) throw new Error(`the entry ${entryKey} was not observed by the probe`);
  for (const [key, parent] of parents) {
    if (key === entryKey) continue;
    const p = parent !== null && nodes.has(parent) ? parent : entryKey;
    nodes.get(p)!.children.push(nodes.get(key)!);
  }
  // Loader phases in the hooked runs are slowed by the off-thread hooks; evaluation is not.
  // The tree distributes the import time of the runs without hooks: loader phases are scaled
  // so the root equals importMs.median; when there is no loader time to scale (CommonJS) or
  // evaluation alone exceeds it, every phase is scaled instead. See METHOD.md.
  const importMs = summarize(plainRuns.map((r) => r.importMs), seed);
  let evalTotal = 0;
  let loaderTotal = 0;
  for (const n of nodes.values()) {
    evalTotal += n.phases.eval;
    loaderTotal += n.phases.resolve + n.phases.load + n.phases.parse;
  }
  const target = importMs.median;
  let treeScale = 1;
  let scaleAll = false;
  if (loaderTotal > 0.05 * target && target > evalTotal) {
    treeScale = (target - evalTotal) / loaderTotal;
  } else if (evalTotal + loaderTotal > 0) {
    treeScale = target / (evalTotal + loaderTotal);
    scaleAll = true;
  }
  for (const n of nodes.values()) {
    const k = treeScale;
    n.phases = {
      resolve: round(n.phases.resolve * k),
      load: round(n.phases.load * k),
      parse: round(n.phases.parse * k),
      eval: scaleAll ? round(n.phases.eval * k) : n.phases.eval,
    };
    n.selfMs = round(n.phases.resolve + n.phases.load + n.phases.parse + n.phases.eval);
  }
  // The least disturbed run of each module, on the same scale as selfMs.
  for (const [key, list] of perKey) {
    const node = nodes.get(key);
    if (!node) continue;
    const scaled = list.map((m) => {
      const loader = m.phases.resolve + m.phases.load + m.phases.parse;
      return scaleAll ? (loader + m.phases.eval) * treeScale : loader * treeScale + m.phases.eval;
    });
    node.minSelfMs = round(Math.min(...scaled));
  }
  const finish = (n: TreeNode): number => {
    let sum = n.selfMs;
    for (const c of n.children) sum += finish(c);
    n.cumulativeMs = round(sum);
    n.children.sort((a, b) => b.cumulativeMs - a.cumulativeMs || a.id.localeCompare(b.id));
    return sum;
  };
  const tree = nodes.get(entryKey)!;
  finish(tree);

  // Packages: self time of their modules.
  const pkgs = new Map<string, PackageStat>();
  for (const [key, node] of nodes) {
    const p = packageOf(key);
    if (!p) continue;
    const label = packageLabel(p);
    const s = pkgs.get(label) ?? { name: p.name, version: p.version, modules: 0, selfMs: 0 };
    s.modules++;
    s.selfMs = round(s.selfMs + node.selfMs);
    pkgs.set(label, s);
  }

  const scenarioSamples = plainRuns.map((r) => r.scenarioMs).filter((v): v is number => v !== null);
  const all = [...nodes.values()];
  const m: Measurement = {
    schemaVersion: 1,
    entry: displayId(ctx.root, entryKey),
    args: ctx.args,
    scenario: ctx.scenario ? displayId(ctx.root, ctx.scenario) : null,
    root: ctx.root,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    createdAt: new Date().toISOString(),
    runs: runs.length,
    importMs,
    treeImportMs: summarize(runs.map((r) => r.importMs), seed),
    treeScale: round(treeScale),
    treeScaled: scaleAll ? 'all' : 'loader',
    rssMb: summarize(plainRuns.map((r) => r.rssMb), seed),
    heapUsedMb: summarize(plainRuns.map((r) => r.heapUsedMb), seed),
    gc: {
      count: median(plainRuns.map((r) => r.gcCount)),
      ms: round(median(plainRuns.map((r) => r.gcMs))),
      countSamples: plainRuns.map((r) => r.gcCount),
      msSamples: plainRuns.map((r) => round(r.gcMs)),
    },
    modules: {
      count: nodes.size,
      esm: all.filter((n) => n.format === 'esm').length,
      cjs: all.filter((n) => n.format === 'cjs').length,
      packages: [...pkgs.values()].sort((a, b) => b.selfMs - a.selfMs),
    },
    scenarioMs: scenarioSamples.length ? summarize(scenarioSamples, seed) : null,
    tree,
    coverage: {
      measured: round(median(runs.map((r) => (r.importMs > 0 ? r.measuredMs / r.importMs : 1)))),
      total: round(median(runs.map((r) => (r.importMs > 0 ? r.attributedMs / r.importMs : 1)))),
    },
    endReasons: plainRuns.map((r) => r.endReason),
    exitCodes: ctx.exitCodes,
    warnings,
  };
  const w = spreadWarning('import time', importMs);
  if (w) warnings.push(w);
  const errors = plainRuns.map((r) => r.scenarioError).filter((e): e is string => e !== null);
  if (errors.length) warnings.push(`the scenario failed in ${errors.length} run(s): ${errors[0].split('\n')[0]}`);
  if (ctx.exitCodes.some((c) => c !== 0)) {
    warnings.push(`the program exited with code ${ctx.exitCodes.find((c) => c !== 0)} in some runs.`);
  }
  return m;
}

/** Depth-first list of the tree's nodes. */
export function flatten(tree: TreeNode): TreeNode[] {
  const out: TreeNode[] = [];
  const walk = (n: TreeNode): void => {
    out.push(n);
    for (const c of n.children) walk(c);
  };
  walk(tree);
  return out;
}
