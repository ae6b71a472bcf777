/**
 * V8 settings for the commands that parse a whole project (graph, analyze). Parsing thousands of
 * files makes V8's optimising compiler inline the AST reader and walker into a few huge functions
 * and compile them again after each deoptimisation: in one usage build of the 5,166-file benchmark
 * input, --trace-opt listed 331 compilations taking 5.2 s on the compiler threads, on a machine
 * with two cores. Without inlining, the same build took 2.49–2.57 s against 2.93–3.20 s (3 runs
 * each); in two more runs of each, 3.5–3.8 s of CPU against 5.0–5.1 s.
 *
 * Applied by the CLI only, which owns its process; buildGraph never changes the flags of the
 * process it runs in.
 */
import v8 from 'node:v8';

let applied = false;

export function tuneV8ForParsing(): void {
  if (applied || process.env.PERF_LINT_V8_TUNING === '0') return;
  applied = true;
  v8.setFlagsFromString('--no-turbo-inlining');
}
