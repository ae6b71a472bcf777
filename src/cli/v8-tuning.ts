/**
 * V8 settings for the commands that parse a whole project (graph, analyze). Parsing thousands of
 * files makes V8's optimising compiler inline the AST reader and walker into a few huge functions
 * and compile them again after each deoptimisation: in one usage build of the 5,166-file benchmark
 * input, --trace-opt listed 331 compilations taking 5.2 s on the compiler threads, on a machine
 * with two cores. Without inlining, the same build took 2.49–2.57 s against 2.93–3.20 s (3 runs
 * each); in two more runs of each, 3.5–3.8 s of CPU against 5.0–5.1 s.
 *
 * The old generation may grow to twice what stayed live after the last full collection, where V8
 * otherwise lets it reach four times that when the program allocates fast, as a parse does: the
 * syntax trees of large files survive two scavenges, reach the old generation and die there. On
 * the realts benchmark input (3,476 TypeScript files, 48 MB), `perf-lint analyze` peaked at 265 MB
 * RSS (at most 271) against 340 MB (at most 350), taking 7.25 s against 6.77 s (means of 5
 * interleaved runs, same output); `perf-lint graph` on the 5,166-file real input, 146 against
 * 161 MB, 1.35 s against 1.52 s. Growth of 30% cost a second on realts; 70% gave 248 MB and 8.7 s
 * against 8.0 s (3 runs each).
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
  v8.setFlagsFromString('--heap-growing-percent=100');
}
