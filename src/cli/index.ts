import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { PerfLintError } from '../errors.js';
import { ownVersion } from '../version.js';

/** Global flags every command sees (commander's optsWithGlobals). */
export interface GlobalOptions {
  config?: string;
  format?: string;
  output?: string;
  quiet?: boolean;
  color: boolean;
  maxWarnings?: number;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number >= 0.');
  return n;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0.');
  return n;
}

// A reader that stops early (`perf-lint graph | head`) closes the pipe: stop quietly with the exit
// code the command set, as other command-line tools do, rather than crash on an unhandled 'error'
// event with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit();
  });
}

const program = new Command('perf-lint')
  .description('Find the imports that make a Node.js program start slowly, fix them safely, and prove the gain.')
  .version(ownVersion(), '-v, --version')
  .option('-c, --config <file>', 'use this config file instead of searching for one')
  .option('-f, --format <name>', 'output format: analyze stylish|json|sarif|markdown|github|compact; graph json|dot|mermaid|text; measure tree|json')
  .option('-o, --output <file>', 'write the result to a file instead of stdout')
  .option('-q, --quiet', 'report errors only')
  .option('--no-color', 'disable colour (also NO_COLOR, and off when stdout is not a TTY)')
  .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseCount)
  .exitOverride()
  .configureOutput({
    // One line for usage errors; commander already prefixes "error:".
    outputError: (str, write) => write(`perf-lint: ${str.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')} (see perf-lint --help)\n`),
  });

program
  .command('analyze')
  .description('build the import graph and report over-imported modules')
  .argument('[paths...]', 'files or folders to analyse (default: the project root)')
  .option('--fix', 'apply the safe fixes, in passes until nothing more is fixable')
  .option('--dry-run', 'with --fix: print a unified diff and write nothing')
  .option('--measure', 'measure the entries in fresh processes: alone, for the startup-budget rule; with --fix, before and after (running the config build/verify commands)')
  .addOption(new Option('--shape <shape>', "with --fix: lazy-load shape; 'defer' writes `import defer` where the toolchain supports it (refused otherwise, with the reason)").choices(['auto', 'defer']).default('auto'))
  .option('--no-measure-cost', 'do not measure package costs in child processes; use static estimates')
  .option('--rule <id...>', 'run only these rules')
  .option('--entry <file...>', 'entry points (default: config entries, then package.json)')
  .option('--baseline <file>', 'report only findings that are not in this saved JSON result')
  .option('--write-baseline <file>', 'save the findings as a baseline and exit 0')
  .option('--explain <n>', 'explain finding number n (1-based, in output order): eager paths, usage sites, fix safety', parseCount)
  .option('--cache', 'cache parsed files between runs (node_modules/.cache/perf-lint)')
  .action(async (paths: string[], opts: Record<string, unknown>, cmd: Command) => {
    (await import('./v8-tuning.js')).tuneV8ForParsing();
    const { analyzeCommand } = await import('./commands/analyze.js');
    process.exitCode = await analyzeCommand(paths, { ...(cmd.optsWithGlobals() as GlobalOptions), ...opts });
  });

program
  .command('init')
  .description('write a commented starter config (perf-lint.config.mjs), detecting entries from package.json')
  .argument('[dir]', 'project folder', '.')
  .option('--force', 'overwrite an existing config')
  .action(async (dir: string, opts: { force?: boolean }) => {
    const { initCommand } = await import('./commands/init.js');
    process.exitCode = await initCommand(dir, opts);
  });

program
  .command('rules')
  .description('list every rule with its description, default severity and fixability')
  .action(async (_opts: unknown, cmd: Command) => {
    const { rulesCommand } = await import('./commands/rules.js');
    process.exitCode = await rulesCommand(cmd.optsWithGlobals() as GlobalOptions);
  });

program
  .command('graph')
  .description('print the import graph (json, dot, mermaid, text)')
  .argument('[paths...]', 'files or folders (default: the project root)')
  .option('--entry <file>', 'only the modules evaluated at startup of this entry')
  .option('--focus <module>', "only this module's dependencies and dependents")
  .option('--externals', 'include packages as nodes')
  .option('--cache', 'cache parsed files between runs')
  .action(async (paths: string[], opts: Record<string, unknown>, cmd: Command) => {
    (await import('./v8-tuning.js')).tuneV8ForParsing();
    const { graphCommand } = await import('./commands/graph.js');
    const g = cmd.optsWithGlobals() as GlobalOptions & Record<string, unknown>;
    process.exitCode = await graphCommand(paths, { ...g, ...opts } as Parameters<typeof graphCommand>[1]);
  });

program
  .command('measure')
  .description('measure import time, modules, memory and GC of an entry in fresh processes')
  .argument('<entry>', 'the entry file to run')
  .argument('[args...]', 'arguments for the entry (after --)')
  .option('-n, --runs <n>', 'fresh processes to measure (after one warm-up)', parsePositive)
  .option('--save <file>', 'save the measurement as JSON for a later --compare')
  .option('--compare <file>', 'compare with a saved measurement')
  .option('--trace <file>', 'write a Chrome trace-event file (DevTools, Perfetto, speedscope)')
  .option('--html <file>', 'write a self-contained HTML report')
  .option('--max-regression <percent>', 'exit 1 when import time regresses more than this (default 20)', parsePositive)
  .option('--scenario <file>', 'a script to run after the entry loads')
  .addOption(new Option('--budget-import-ms <ms>', 'import-time budget (default from config, 200)').argParser(parsePositive))
  .addOption(new Option('--budget-rss-mb <mb>', 'RSS budget (default from config, 100)').argParser(parsePositive))
  .addOption(new Option('--budget-modules <n>', 'module-count budget (default from config, none)').argParser(parsePositive))
  .option('--warmup <n>', 'warm-up runs discarded before measuring (default 1)', parseCount)
  .option('--kill-after-load', 'stop each run once the entry has loaded (servers that never exit)')
  .action(async (entry: string, args: string[], opts: Record<string, unknown>, cmd: Command) => {
    const { measureCommand } = await import('./commands/measure.js');
    const g = cmd.optsWithGlobals() as GlobalOptions & Record<string, unknown>;
    process.exitCode = await measureCommand(entry, args, { ...g, ...opts } as Parameters<typeof measureCommand>[2]);
  });

/** Prints a known error as one line; anything else keeps its stack. */
function fail(err: unknown): void {
  if (err instanceof CommanderError) {
    // help and version exit 0; every usage error is exit 2.
    process.exitCode = err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
    return;
  }
  if (err instanceof PerfLintError) {
    process.stderr.write(`perf-lint: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`perf-lint: internal error\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 2;
}

program.parseAsync(process.argv).catch(fail);
