import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, PerfLintError, UsageError } from '../../errors.js';
import type { Measurement } from '../../measure/types.js';
import { writeUserFile } from '../output.js';

/** Options of `perf-lint measure` (commander flags merged with the global ones). */
export interface MeasureCommandOptions {
  runs?: number;
  warmup?: number;
  /** 'tree' (default) or 'json'. */
  format?: string;
  output?: string;
  save?: string;
  compare?: string;
  trace?: string;
  html?: string;
  /** Percent (default 20, or the config's measure.maxRegression). */
  maxRegression?: number;
  /** Budgets; when absent they come from the config (defaults 200 ms, 100 MB, no module limit). */
  budgets?: { importMs?: number; rssMb?: number; modules?: number };
  budgetImportMs?: number;
  budgetRssMb?: number;
  budgetModules?: number;
  root?: string;
  config?: string;
  scenario?: string;
  killAfterLoad?: boolean;
  color?: boolean;
  quiet?: boolean;
}

function readSaved(file: string): Measurement {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(file, 'saved measurement not found (write one with --save)');
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    throw new InputError(file, 'not JSON; expected a file written by perf-lint measure --save');
  }
  const x = m as Partial<Measurement>;
  if (x.schemaVersion !== 1 || !x.importMs || !Array.isArray(x.importMs.samples)) {
    throw new InputError(file, 'not a perf-lint measurement (schemaVersion 1 with importMs.samples)');
  }
  return x as Measurement;
}

async function configDefaults(root: string, configFile: string | undefined): Promise<{
  budgets: { importMs?: number; rssMb?: number; modules?: number };
  runs?: number;
  maxRegression?: number;
}> {
  const { loadConfig } = await import('../../config/index.js');
  const c = await loadConfig({ cwd: root, configFile });
  return { budgets: c.budgets, runs: c.measure.runs, maxRegression: c.measure.maxRegression };
}

/** `perf-lint measure <entry> [-- args]`: measure, render, save/compare, check budgets; returns the exit code. */
export async function measureCommand(entry: string, args: string[], opts: MeasureCommandOptions): Promise<number> {
  try {
    const format = opts.format ?? 'tree';
    if (format !== 'tree' && format !== 'json') throw new UsageError(`unknown --format "${format}" for measure; use tree or json`);
    const root = resolve(opts.root ?? process.cwd());
    const before = opts.compare ? readSaved(resolve(root, opts.compare)) : null;
    const cfg = await configDefaults(root, opts.config);
    const budgets = { ...cfg.budgets, ...opts.budgets };
    if (opts.budgetImportMs !== undefined) budgets.importMs = opts.budgetImportMs;
    if (opts.budgetRssMb !== undefined) budgets.rssMb = opts.budgetRssMb;
    if (opts.budgetModules !== undefined) budgets.modules = opts.budgetModules;
    if (budgets.modules !== undefined && !Number.isFinite(budgets.modules)) delete budgets.modules;

    const m = await import('../../measure/index.js');
    const progress = process.stderr.isTTY && !opts.quiet;
    const result = await m.measure(entry, {
      root,
      args,
      runs: opts.runs ?? cfg.runs ?? 10,
      warmup: opts.warmup,
      scenario: opts.scenario,
      killAfterLoad: opts.killAfterLoad,
      onRun: progress ? (done, total) => process.stderr.write(`\rmeasuring ${entry}: run ${done}/${total}${done === total ? '\r\x1b[K' : ''}`) : undefined,
    });
    const comparison = before ? m.compareMeasurements(before, result) : null;

    if (opts.save) writeUserFile(resolve(root, opts.save), `${JSON.stringify(result, null, 2)}\n`);
    if (opts.trace) writeUserFile(resolve(root, opts.trace), m.renderTrace(result));
    if (opts.html) writeUserFile(resolve(root, opts.html), m.renderHtml(result, comparison));

    const color = opts.color !== false && !opts.output && !('NO_COLOR' in process.env) && process.stdout.isTTY === true;
    const text = format === 'json' ? m.renderJson(result, comparison) : m.renderTree(result, { color }, comparison);
    if (opts.output) writeUserFile(resolve(root, opts.output), text);
    else process.stdout.write(text);

    const check = m.checkBudgets(result, { budgets, maxRegression: opts.maxRegression ?? cfg.maxRegression, comparison: comparison ?? undefined });
    for (const c of check.checks) if (!c.ok) process.stderr.write(`perf-lint: ${c.message}\n`);
    return check.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof PerfLintError) {
      process.stderr.write(`perf-lint: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
