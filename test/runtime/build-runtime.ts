/**
 * Builds dist/src/runtime (what `perf-lint/runtime` resolves to) so child-process tests run the
 * real compiled package; a file lock keeps parallel test files from writing it at the same time.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const runtimeEntry = path.join(repoRoot, 'dist/src/runtime/index.js');

/** Compiles src/runtime/*.ts into dist/ with the project's own compiler options. */
export function buildRuntime(): void {
  execFileSync('flock', ['/tmp/perf-lint-runtime-build.lock', path.join(repoRoot, 'node_modules/.bin/tsc'), '-p', 'test/runtime/tsconfig.runtime.json'], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
}
