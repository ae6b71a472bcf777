import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** perf-lint's cache folder in a project (cost.json and these files; graph.bin with `--cache`). */
export function cacheDirOf(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'perf-lint');
}

interface FactsFile<T> {
  version: 1;
  /** What decided the facts (the deciding modules' stamps): new ones decide again. */
  logic: string;
  /** A key from FileFacts.keyOf (plus what was asked about the file) -> the fact. */
  entries: Record<string, T>;
}

/**
 * Facts decided by reading a file of an installed package, cached in perf-lint's cache folder
 * (beside cost.json) by the file's path, size and mtime. Deciding means parsing the file, and every
 * analyze asked again:
 * - effects.json: whether loading a package's entry has effects (fix/index.ts packageLoadEffects),
 *   168 ms of a 500 ms cached analyze of the demo app in a profile (lodash's entry is one 540 kB
 *   file);
 * - subpaths.json: whether `<pkg>/<name>` provides `name` (engine/run.ts computeSubpaths).
 */
export class FileFacts<T> {
  private readonly stored: Record<string, T>;
  private readonly used: Record<string, T> = {};
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly logic: string,
    stored: Record<string, T>,
  ) {
    this.stored = stored;
  }

  /** Opens `<name>` in the project's cache folder; `logic` names what decides (the stored facts are dropped when it changes). */
  static open<T>(root: string, name: string, logic: string): FileFacts<T> {
    const file = path.join(cacheDirOf(root), name);
    let stored: Record<string, T> = {};
    try {
      const c = JSON.parse(readFileSync(file, 'utf8')) as FactsFile<T>;
      if (c.version === 1 && c.logic === logic && c.entries && typeof c.entries === 'object') stored = c.entries;
    } catch {
      // missing or corrupt: decided again (it is only a cache)
    }
    return new FileFacts<T>(file, logic, stored);
  }

  /** The key of an entry file as it is now; null when it cannot be read. */
  static keyOf(entry: string): string | null {
    try {
      const st = statSync(entry);
      return `${entry}|${st.size}|${st.mtimeMs}`;
    } catch {
      return null;
    }
  }

  /** The cached fact, or undefined when not cached. */
  get(key: string): T | undefined {
    if (!Object.hasOwn(this.stored, key)) return undefined;
    this.used[key] = this.stored[key];
    return this.stored[key];
  }

  set(key: string, fact: T): void {
    this.used[key] = fact;
    this.changed = true;
  }

  /** Writes the facts this run used, when any is new or a stored one went unused; a failure only costs the next run a parse. */
  save(): void {
    if (!this.changed && Object.keys(this.used).length === Object.keys(this.stored).length) return;
    const body: FactsFile<T> = { version: 1, logic: this.logic, entries: this.used };
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(tmp, `${JSON.stringify(body)}\n`);
      renameSync(tmp, this.file);
    } catch {
      // read-only node_modules: decided again next time
    }
  }
}

/** The size and mtime of a module of perf-lint's (`./x.js` beside `base`, compiled or run from sources as .ts): what decides a fact. */
export function moduleStamp(relative: string, base: string): string {
  for (const ext of ['.js', '.ts']) {
    try {
      const st = statSync(new URL(relative.replace(/\.js$/, ext), base));
      return `${relative}:${st.size}:${st.mtimeMs}`;
    } catch {
      // compiled (.js) or run from sources (.ts)
    }
  }
  return `${relative}:unknown`;
}
