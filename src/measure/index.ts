import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { launchedScripts } from '../graph/launch.js';
import { aggregate } from './aggregate.js';
import { analyzeRun, type RunResult } from './analyze.js';
import { runOnce } from './runner.js';
import type { Measurement, MeasureOptions } from './types.js';

export type { Measurement, MeasureOptions, Summary, TreeNode, PhaseTimes, PackageStat } from './types.js';
export { compareMeasurements } from './compare.js';
export type { Comparison, FigureChange } from './compare.js';
export { checkBudgets } from './budgets.js';
export type { BudgetResult, BudgetCheck } from './budgets.js';
export { renderTree, renderComparison } from './format/tree.js';
export type { TreeRenderOptions } from './format/tree.js';
export { renderJson } from './format/json.js';
export { renderTrace } from './format/trace.js';
export { renderHtml } from './format/html.js';

function checkFile(root: string, file: string, what: string): string {
  const abs = resolve(root, file);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new InputError(file, `${what} not found (looked in ${abs})`);
  return abs;
}

/** Measures the entry's startup in fresh `node` processes (a warm-up, then `runs` probed runs). */
export async function measure(entry: string, opts: MeasureOptions = {}): Promise<Measurement> {
  const root = resolve(opts.root ?? opts.cwd ?? process.cwd());
  const abs = checkFile(root, entry, 'entry');
  const scenario = opts.scenario ? checkFile(root, opts.scenario, 'scenario') : null;
  const runs = opts.runs ?? 10;
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs must be a positive integer, got ${runs}`);
  const warmup = opts.warmup ?? 1;
  const runOpts = {
    cwd: root,
    args: opts.args ?? [],
    nodeArgs: opts.nodeArgs ?? [],
    env: opts.env ?? {},
    scenario,
    timeoutMs: opts.timeoutMs ?? 60_000,
    killAfterLoad: opts.killAfterLoad ?? false,
  };
  for (let i = 0; i < warmup; i++) await runOnce(abs, { ...runOpts, mode: 'plain' });
  const treeRuns: RunResult[] = [];
  const plainRuns: RunResult[] = [];
  const exitCodes: (number | null)[] = [];
  let failure: string | null = null;
  // Sequential on purpose: parallel runs would compete for the same cores and skew every figure.
  // Interleaved, so that a change in machine load hits both kinds of run alike.
  const treeN = opts.treeRuns ?? runs;
  if (!Number.isInteger(treeN) || treeN < 1) throw new UsageError(`treeRuns must be a positive integer, got ${treeN}`);
  const total = Math.max(runs, treeN);
  for (let i = 0; i < total; i++) {
    if (i < runs) {
      const plain = await runOnce(abs, { ...runOpts, mode: 'plain' });
      plainRuns.push(analyzeRun(plain.raw));
      exitCodes.push(plain.exitCode);
      if (plain.exitCode !== 0 && failure === null) failure = plain.stderr.split('\n').find((l) => /^\w*(Error|Exception)\b/.test(l)) ?? null;
    }
    if (i < treeN) {
      const tree = await runOnce(abs, { ...runOpts, mode: 'tree' });
      treeRuns.push(analyzeRun(tree.raw));
    }
    opts.onRun?.(i + 1, total);
  }
  const results = treeRuns;
  const requiredEsm = new Set<string>();
  for (const r of results) for (const m of r.modules.values()) if (m.requiredEsm) requiredEsm.add(m.key);
  let inferred: Map<string, string> | undefined;
  if (requiredEsm.size > 0) {
    const known = new Set<string>();
    for (const r of results) for (const k of r.modules.keys()) known.add(k);
    // Only loaded when a program uses require(esm): the parser is not needed otherwise.
    const { inferRequiredEsm } = await import('./infer.js');
    inferred = await inferRequiredEsm([...requiredEsm], known);
  }
  const m = aggregate(treeRuns, plainRuns, { root, entry: abs, args: runOpts.args, scenario, seed: opts.seed ?? 1, exitCodes, inferred });
  if (failure) m.warnings.push(`the program printed: ${failure}`);
  const children = launchedScripts(abs).filter((c) => existsSync(c));
  if (children.length > 0) {
    const names = children.map((c) => relative(root, c) || c).join(', ');
    m.warnings.push(`${relative(root, abs) || abs} starts ${names} in another process or thread (fork, spawn or Worker): that program's startup is not in these figures; measure ${names} itself`);
  }
  return m;
}
