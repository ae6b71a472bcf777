/**
 * The safe writer: every codemod result goes through here. A file is written only when it is inside
 * the project root (after resolving symlinks), not under node_modules, unchanged on disk since the
 * codemod read it, and its new text parses. Writes go to a temp file in the same folder and are
 * renamed over the original (atomic on POSIX), keeping the file mode.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { moduleRecord } from '../graph/scan.js';
import { unifiedDiff } from './diff.js';

export interface FileChange {
  /** Absolute path, or relative to the root. */
  file: string;
  /** The text the codemod read (the file must still hold exactly this). */
  before: string;
  after: string;
}

export interface WriteSummary {
  dryRun: boolean;
  /** Files written (or that would be written in a dry run), with their original text for rollback. */
  written: { file: string; before: string; after: string }[];
  /** Files refused, with the reason; nothing was written to them. */
  refused: { file: string; reason: string }[];
  /** Unified diff of every written (or would-be written) file, relative POSIX paths. */
  diff: string;
}

/** Project-relative POSIX path for display. */
export function displayPath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The oxc language for a file name, so TS syntax in .ts/.mts/.cts is accepted and JSX in .jsx/.tsx. */
export function langOf(file: string): 'js' | 'jsx' | 'ts' | 'tsx' {
  const ext = extname(file).toLowerCase();
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return 'ts';
  if (ext === '.tsx') return 'tsx';
  if (ext === '.jsx') return 'jsx';
  return 'js';
}

/** Parses text with oxc and returns the first error message, or null when it parses cleanly. */
export function syntaxError(file: string, text: string): string | null {
  const ext = extname(file).toLowerCase();
  // .cjs/.cts are scripts (no import/export); everything else may be either, so let oxc decide.
  const sourceType = ext === '.cjs' || ext === '.cts' ? 'commonjs' : 'unambiguous';
  const err = moduleRecord(file, text, { lang: langOf(file), sourceType }).errors[0];
  return err ? err.message : null;
}

/** Why a path may not be touched, or null when it may. Follows symlinks (a link out of root is refused). */
async function refuseReason(realRoot: string, abs: string): Promise<string | null> {
  if (!isInside(realRoot, abs)) return 'outside the project root';
  // Only the part below the root counts: a project may itself live under some node_modules.
  if (relative(realRoot, abs).split(/[\\/]/).includes('node_modules')) return 'under node_modules';
  let real: string;
  try {
    real = await fs.realpath(abs);
  } catch {
    return 'file does not exist';
  }
  if (!isInside(realRoot, real)) return 'symlink resolves outside the project root';
  if (relative(realRoot, real).split(/[\\/]/).includes('node_modules')) return 'resolves under node_modules';
  return null;
}

async function atomicWrite(target: string, text: string): Promise<void> {
  const st = await fs.stat(target);
  const tmp = join(dirname(target), `.${basename(target)}.perf-lint-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, text, { mode: st.mode & 0o7777, flag: 'wx' });
    // writeFile's mode is filtered by the umask; chmod sets exactly the original bits.
    await fs.chmod(tmp, st.mode & 0o7777);
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Validates and writes changes atomically (or, with dryRun, only diffs them). Changes whose after
 * equals before are ignored. Never throws for a refused file: it is listed in `refused`.
 */
export async function writeFilesAtomically(changes: FileChange[], opts: { root: string; dryRun: boolean }): Promise<WriteSummary> {
  const realRoot = await fs.realpath(resolve(opts.root));
  const summary: WriteSummary = { dryRun: opts.dryRun, written: [], refused: [], diff: '' };
  const diffs: string[] = [];
  for (const change of changes) {
    if (change.before === change.after) continue;
    // Lexical check on the path as given (relative to the real root), then the realpath check.
    const abs = resolve(realRoot, isAbsolute(change.file) ? await realDir(change.file) : change.file);
    const shown = isInside(realRoot, abs) ? displayPath(realRoot, abs) : change.file;
    const reason = await refuseReason(realRoot, abs);
    if (reason) {
      summary.refused.push({ file: shown, reason });
      continue;
    }
    const real = await fs.realpath(abs);
    const current = await fs.readFile(real, 'utf8');
    if (current !== change.before) {
      summary.refused.push({ file: shown, reason: 'file changed on disk since it was read' });
      continue;
    }
    const err = syntaxError(real, change.after);
    if (err) {
      summary.refused.push({ file: shown, reason: `the rewritten file does not parse: ${err}` });
      continue;
    }
    diffs.push(unifiedDiff(shown, change.before, change.after));
    if (!opts.dryRun) await atomicWrite(real, change.after);
    summary.written.push({ file: real, before: change.before, after: change.after });
  }
  summary.diff = diffs.join('');
  return summary;
}

/** Resolves the folder part of an absolute path through symlinks (e.g. /tmp -> /private/tmp), keeping the file name. */
async function realDir(file: string): Promise<string> {
  try {
    return join(await fs.realpath(dirname(file)), basename(file));
  } catch {
    return file;
  }
}

export interface RollbackResult {
  restored: string[];
  /** Files that changed again after the fix was written: left as they are, with the reason. */
  conflicts: { file: string; reason: string }[];
}

/** Restores every file written by writeFilesAtomically to its original text (used when `verify` fails). */
export async function rollback(summary: WriteSummary): Promise<RollbackResult> {
  const result: RollbackResult = { restored: [], conflicts: [] };
  if (summary.dryRun) return result;
  for (const w of [...summary.written].reverse()) {
    let current: string;
    try {
      current = await fs.readFile(w.file, 'utf8');
    } catch (e) {
      result.conflicts.push({ file: w.file, reason: `cannot read: ${(e as Error).message}` });
      continue;
    }
    if (current === w.before) {
      result.restored.push(w.file);
      continue;
    }
    if (current !== w.after) {
      // Someone edited the file after the fix: overwriting would lose their work.
      result.conflicts.push({ file: w.file, reason: 'file changed after the fix was written' });
      continue;
    }
    await atomicWrite(w.file, w.before);
    result.restored.push(w.file);
  }
  return result;
}
