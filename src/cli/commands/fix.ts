import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fix } from '../../index.js';
import type { AnalyzeResult, FixOutcome } from '../../index.js';
import { runnableEntry } from '../../config/tsconfig.js';

interface FixCommandOptions {
  dryRun: boolean;
  measure: boolean;
  shape: 'auto' | 'defer';
  emit: (text: string) => void;
  /** Analyses the project again, for the next pass (see fixInPasses). */
  again?: () => Promise<AnalyzeResult>;
  /** Told the analysis of the sources as --fix leaves them, when its last pass wrote nothing. */
  settled?: (result: AnalyzeResult) => void;
}

/** At most this many passes of fixes, as eslint --fix makes. */
const MAX_PASSES = 10;

/**
 * Fixes, then analyses again and fixes what has become fixable, until a pass changes nothing: a
 * fix can make another possible (a barrel import rewritten takes a module out of the startup set,
 * and with it what kept a package there, so the package's other imports can be deferred; a plan
 * that overlapped another in its file applies once that one is written). One pass on a dry run,
 * which writes nothing to analyse again.
 */
async function fixInPasses(result: AnalyzeResult, opts: FixCommandOptions): Promise<FixOutcome> {
  const first = await fix(result, { dryRun: opts.dryRun, shape: opts.shape });
  if (opts.dryRun || !opts.again) return first;
  const passes = [first];
  let last = first;
  let analysed = result;
  while (passes.length < MAX_PASSES && last.fixed.length > 0 && last.errors.length === 0) {
    analysed = await opts.again();
    last = await fix(analysed, { dryRun: false, shape: opts.shape });
    passes.push(last);
  }
  // Nothing written since that analysis: it is the report of what is left.
  if (last.fixed.length === 0) opts.settled?.(analysed);
  const { formatFixSummary } = await import('../../fix/index.js');
  const fixed = [...new Set(passes.flatMap((p) => p.fixed))].sort();
  // What is left is what the last pass left: a plan skipped early may have applied later.
  const unchanged = last.unchanged.filter((f) => !fixed.includes(f));
  const { skipped } = last;
  const errors = passes.flatMap((p) => p.errors);
  const writing = passes.filter((p) => p.fixed.length > 0).length;
  return {
    summary: `${formatFixSummary({ fixed, unchanged, skipped, errors })}${writing > 1 ? ` in ${writing} passes` : ''}`,
    diff: '',
    fixed,
    unchanged,
    skipped,
    errors,
    // The last pass first: each restores what the one before it wrote.
    rollback: async () => {
      for (const p of [...passes].reverse()) await p.rollback();
    },
  };
}

function runShell(command: string, cwd: string): { ok: boolean; output: string } {
  const r = spawnSync(command, { cwd, shell: true, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/**
 * What turns the fixed sources into the files Node runs: the config's `build`; else, when an entry
 * runs as compiled output (a TypeScript entry through the tsconfig's outDir), the package.json
 * `build` script. Without either, measuring after --fix would time the old output.
 */
function buildCommand(config: AnalyzeResult['config']): { command: string | null; defaulted?: boolean } | { error: string } {
  if (config.build) return { command: config.build };
  const compiled = config.entries.find((e) => runnableEntry(config.root, e) !== e);
  if (!compiled) return { command: null };
  try {
    const pkg = JSON.parse(readFileSync(path.join(config.root, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> };
    if (typeof pkg.scripts?.build === 'string') return { command: 'npm run build', defaulted: true };
  } catch {
    // no package.json script to fall back on
  }
  const rel = (f: string) => path.relative(config.root, f);
  return { error: `${rel(compiled)} runs as ${rel(runnableEntry(config.root, compiled))}, which nothing rebuilds after --fix: set "build" in the perf-lint config (for example "tsc -p .") to measure` };
}

/** `analyze --fix [--dry-run] [--measure]`: apply, optionally prove with measurements, roll back if verify fails. */
export async function fixCommand(result: AnalyzeResult, opts: FixCommandOptions): Promise<number> {
  const { config } = result;
  const measuring = opts.measure && !opts.dryRun;
  const b = measuring ? buildCommand(config) : { command: config.build };
  if ('error' in b) {
    // Before anything is written: nothing changed, and nothing misleading measured.
    process.stderr.write(`perf-lint: ${b.error}\n`);
    return 2;
  }
  const build = b.command;
  if (b.defaulted) process.stderr.write(`perf-lint: building with "${build}" before and after --fix (set "build" in the perf-lint config to change it)\n`);
  if (measuring && build) {
    // The first measurement is of the current sources, not of whatever output was built last.
    const first = runShell(build, config.root);
    if (!first.ok) {
      process.stderr.write(`perf-lint: build command failed before --fix ("${build}"); nothing was changed\n${first.output}`);
      return 2;
    }
  }
  let before: Awaited<ReturnType<typeof import('../../measure/index.js').measure>>[] = [];
  const measureAll = async (): Promise<typeof before> => {
    const { measure } = await import('../../measure/index.js');
    const out: typeof before = [];
    for (const entry of config.entries) out.push(await measure(runnableEntry(config.root, entry), { runs: config.measure.runs, root: config.root, args: config.measure.args }));
    return out;
  };
  if (measuring) before = await measureAll();

  const outcome = await fixInPasses(result, opts);
  // Every skip names its reason: a fix perf-lint is unsure of is explained, never silently dropped.
  const details = [
    ...outcome.skipped.map((s) => `  skipped ${path.relative(config.root, path.resolve(config.root, s.file)) || s.file}: ${s.reason}`),
    ...outcome.errors.map((e) => `  error ${path.relative(config.root, path.resolve(config.root, e.file)) || e.file}: ${e.message}`),
  ];
  const explain = details.length ? `${details.join('\n')}\n` : '';
  if (opts.dryRun) {
    opts.emit(outcome.diff);
    process.stderr.write(`${outcome.summary} (dry run: nothing written)\n${explain}`);
    return outcome.errors.length ? 2 : 0;
  }
  process.stderr.write(`${outcome.summary}\n${explain}`);
  if (outcome.errors.length) return 2;

  if (opts.measure) {
    if (build) {
      const after = runShell(build, config.root);
      if (!after.ok) {
        await outcome.rollback();
        // The failed build may have emitted output from the fixed sources: rebuild from the originals.
        runShell(build, config.root);
        process.stderr.write(`perf-lint: build command failed after --fix ("${build}"); every file was rolled back\n${after.output}`);
        return 2;
      }
    }
    const after = await measureAll();
    const { compareMeasurements, renderComparison } = await import('../../measure/index.js');
    const blocks = config.entries.map((e, i) => `${path.relative(config.root, runnableEntry(config.root, e))}\n${renderComparison(compareMeasurements(before[i], after[i]))}\n`);
    opts.emit(`\n${blocks.join('\n')}`);
  }
  if (config.verify) {
    const v = runShell(config.verify, config.root);
    if (!v.ok) {
      await outcome.rollback();
      if (build) runShell(build, config.root);
      process.stderr.write(`perf-lint: verify command failed after --fix ("${config.verify}"); every file was rolled back\n${v.output}`);
      return 1;
    }
    process.stderr.write(`verify passed: ${config.verify}\n`);
  }
  return 0;
}
