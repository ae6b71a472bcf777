import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fix } from '../../index.js';
import type { AnalyzeResult } from '../../index.js';
import { runnableEntry } from '../../config/tsconfig.js';

interface FixCommandOptions {
  dryRun: boolean;
  measure: boolean;
  shape: 'auto' | 'defer';
  emit: (text: string) => void;
}

function runShell(command: string, cwd: string): { ok: boolean; output: string } {
  const r = spawnSync(command, { cwd, shell: true, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** `analyze --fix [--dry-run] [--measure]`: apply, optionally prove with measurements, roll back if verify fails. */
export async function fixCommand(result: AnalyzeResult, opts: FixCommandOptions): Promise<number> {
  const { config } = result;
  let before: Awaited<ReturnType<typeof import('../../measure/index.js').measure>>[] = [];
  const measureAll = async (): Promise<typeof before> => {
    const { measure } = await import('../../measure/index.js');
    const out: typeof before = [];
    for (const entry of config.entries) out.push(await measure(runnableEntry(config.root, entry), { runs: config.measure.runs, root: config.root }));
    return out;
  };
  if (opts.measure && !opts.dryRun) before = await measureAll();

  const outcome = await fix(result, { dryRun: opts.dryRun, shape: opts.shape });
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
    if (config.build) {
      const b = runShell(config.build, config.root);
      if (!b.ok) {
        await outcome.rollback();
        // The failed build may have emitted output from the fixed sources: rebuild from the originals.
        runShell(config.build, config.root);
        process.stderr.write(`perf-lint: build command failed after --fix ("${config.build}"); every file was rolled back\n${b.output}`);
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
      if (config.build) runShell(config.build, config.root);
      process.stderr.write(`perf-lint: verify command failed after --fix ("${config.verify}"); every file was rolled back\n${v.output}`);
      return 1;
    }
    process.stderr.write(`verify passed: ${config.verify}\n`);
  }
  return 0;
}
