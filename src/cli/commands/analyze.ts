import path from 'node:path';
import { analyze } from '../../index.js';
import type { AnalyzeResult } from '../../index.js';
import { UsageError, InputError } from '../../errors.js';
import { loadReporter } from '../../report/index.js';
import type { GlobalOptions } from '../index.js';
import { existsSync, statSync } from 'node:fs';
import { useColor, warn } from '../tty.js';
import { writeUserFile } from '../output.js';

export interface AnalyzeCommandOptions extends GlobalOptions {
  fix?: boolean;
  dryRun?: boolean;
  measure?: boolean;
  measureCost?: boolean;
  rule?: string[];
  entry?: string[];
  baseline?: string;
  writeBaseline?: string;
  explain?: number;
  cache?: boolean;
  shape?: 'auto' | 'defer';
}

/** Splits the positional paths into the project folder (config search) and file filters. */
function splitPaths(paths: string[]): { root?: string; paths?: string[] } {
  for (const p of paths) if (!existsSync(p)) throw new InputError(p, 'no such file or directory');
  if (paths.length === 1 && statSync(paths[0]).isDirectory()) return { root: paths[0] };
  return paths.length ? { paths } : {};
}

function emit(text: string, output?: string): void {
  if (output) writeUserFile(output, text);
  else process.stdout.write(text);
}

/** Exit code per STYLE.md 17: 1 for errors or too many warnings, else 0. */
export function exitCodeFor(report: AnalyzeResult['report'], maxWarnings?: number): number {
  if (report.summary.errors > 0) return 1;
  if (maxWarnings !== undefined && report.summary.warnings > maxWarnings) return 1;
  return 0;
}

/** `perf-lint analyze [paths...]`. */
export async function analyzeCommand(paths: string[], opts: AnalyzeCommandOptions): Promise<number> {
  if (opts.dryRun && !opts.fix) throw new UsageError('--dry-run goes with --fix');
  const format = opts.format ?? 'stylish';
  const reporter = await loadReporter(format);
  const { root, paths: filters } = splitPaths(paths);
  const run = (): Promise<AnalyzeResult> =>
    analyze({
      root,
      paths: filters,
      configFile: opts.config,
      entries: opts.entry,
      rules: opts.rule,
      measureCost: opts.measureCost,
      baseline: opts.baseline,
      cache: opts.cache,
      onWarning: warn,
      // Without --fix, --measure measures the entries for the startup-budget rule.
      measureStartup: opts.measure === true && !opts.fix,
    });
  let result = await run();

  if (opts.writeBaseline) {
    writeUserFile(opts.writeBaseline, `${JSON.stringify(result.report, null, 2)}\n`);
    process.stderr.write(`saved ${result.report.findings.length} findings as a baseline in ${opts.writeBaseline}\n`);
    return 0;
  }
  if (opts.explain !== undefined) {
    const finding = result.report.findings[opts.explain - 1];
    if (!finding) throw new UsageError(`--explain ${opts.explain}: there are ${result.report.findings.length} findings`);
    const { explainFinding } = await import('../../engine/explain.js');
    emit(`${explainFinding(finding, result)}\n`, opts.output);
    return 0;
  }

  if (opts.fix) {
    const { fixCommand } = await import('./fix.js');
    let settled: AnalyzeResult | undefined;
    const code = await fixCommand(result, {
      dryRun: opts.dryRun === true,
      measure: opts.measure === true,
      shape: opts.shape ?? 'auto',
      emit: (t) => emit(t, opts.output),
      again: run,
      // A build (--measure) or the verify command may write files the analysis reads.
      settled: opts.measure || result.config.verify ? undefined : (r) => (settled = r),
    });
    if (code !== 0) return code;
    // A dry run ends here, with the same verdict on unparsable files as a real run.
    if (opts.dryRun) return reportUnparsable(result) ? 2 : 0;
    // Report what is left, like eslint --fix (analysed again unless the last pass wrote nothing).
    result = settled ?? (await run());
  }

  emit(reporter(result.report, { color: useColor(opts.color, opts.output), quiet: opts.quiet }), opts.output);
  if (reportUnparsable(result)) return 2;
  return exitCodeFor(result.report, opts.maxWarnings);
}

/**
 * A file that does not parse, or a tsconfig that cannot be read, is bad input: the rest was
 * analysed and reported, but the run fails with one line per file (knip and eslint do the same),
 * so CI never passes on a half-read project. Returns whether there was any.
 */
function reportUnparsable(result: AnalyzeResult): boolean {
  const rel = (file: string): string => path.relative(result.config.root, file).split(path.sep).join('/');
  const tsconfigErrors = result.graph.tsconfigErrors ?? [];
  for (const p of tsconfigErrors) process.stderr.write(`perf-lint: ${rel(p.file)}: ${p.message}\n`);
  for (const e of result.graph.parseErrors) process.stderr.write(`perf-lint: ${rel(e.file)}:${e.line}:${e.column}: cannot parse: ${e.message}\n`);
  return result.graph.parseErrors.length > 0 || tsconfigErrors.length > 0;
}


