/** Test helpers: run fixes on temp copies of committed fixtures (never on the fixtures themselves). */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = join(REPO, 'fixtures/fix');

/**
 * Fills dir/node_modules: every package of the repo's node_modules linked (real npm packages),
 * plus copies of the stub packages in fixtures/fix/packages (copied, not linked, so their own
 * requires resolve from inside the project as they would after an install).
 */
export function installPackages(dir: string): void {
  const nm = join(dir, 'node_modules');
  mkdirSync(nm, { recursive: true });
  for (const name of readdirSync(join(REPO, 'node_modules'))) {
    if (name.startsWith('.') || existsSync(join(nm, name))) continue;
    symlinkSync(join(REPO, 'node_modules', name), join(nm, name), 'dir');
  }
  for (const name of readdirSync(join(FIXTURES, 'packages'))) {
    cpSync(join(FIXTURES, 'packages', name), join(nm, name), { recursive: true });
  }
}

/** A temp project with the given files and packages installed (see installPackages). */
export function tempProject(files: Record<string, string> = {}, opts: { packages?: boolean } = {}): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pl-fix-')));
  if (opts.packages !== false) installPackages(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** Copies a committed fixture folder into a fresh temp dir. */
export function copyFixture(rel: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pl-fixb-')));
  cpSync(join(FIXTURES, rel), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function read(file: string): string {
  return readFileSync(file, 'utf8');
}

export function exists(file: string): boolean {
  return existsSync(file);
}

/** `node <args>` in `dir`, colours off: exit code, stdout and stderr. */
export function nodeIn(dir: string, args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `perf-lint analyze --no-measure-cost <args>` in `dir` (the built CLI). */
export function analyzeIn(dir: string, args: string[] = []): { code: number | null; out: string; err: string } {
  return nodeIn(dir, [join(REPO, 'bin', 'perf-lint.js'), 'analyze', '--no-measure-cost', ...args]);
}
