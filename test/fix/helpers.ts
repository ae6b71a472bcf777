/** Test helpers: run fixes on temp copies of committed fixtures (never on the fixtures themselves). */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = join(REPO, 'fixtures/fix');

/** A temp project with the given files and the repo's node_modules linked in (real packages). */
export function tempProject(files: Record<string, string> = {}, opts: { linkNodeModules?: boolean } = {}): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pl-fix-')));
  if (opts.linkNodeModules !== false) symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
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
