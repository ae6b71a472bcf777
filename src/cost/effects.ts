import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface EffectsFile {
  version: 1;
  /** What decided the verdicts (the detector's file): a new one decides again. */
  logic: string;
  /** `entry|size|mtimeMs` -> why loading it has effects, or null. */
  entries: Record<string, string | null>;
}

/**
 * The load-time effects of installed packages' entry files (fix/index.ts packageLoadEffects, a
 * heuristic over the entry file alone), cached beside cost.json by the file's path, size and mtime.
 * Deciding means parsing the entry: every analyze did it for every imported package, 168 ms of a
 * 500 ms cached analyze of the demo app in a profile (lodash's entry is one 540 kB file).
 */
export class EffectsCache {
  private readonly stored: Record<string, string | null>;
  private readonly used: Record<string, string | null> = {};
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly logic: string,
    stored: Record<string, string | null>,
  ) {
    this.stored = stored;
  }

  /** Opens `<cacheDir>/effects.json`; `logic` names the detector (its verdicts are dropped when it changes). */
  static open(cacheDir: string, logic: string): EffectsCache {
    const file = path.join(cacheDir, 'effects.json');
    let stored: Record<string, string | null> = {};
    try {
      const c = JSON.parse(readFileSync(file, 'utf8')) as EffectsFile;
      if (c.version === 1 && c.logic === logic && c.entries && typeof c.entries === 'object') stored = c.entries;
    } catch {
      // missing or corrupt: decided again (it is only a cache)
    }
    return new EffectsCache(file, logic, stored);
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

  /** The cached verdict (a reason or null), or undefined when not cached. */
  get(key: string): string | null | undefined {
    if (!Object.hasOwn(this.stored, key)) return undefined;
    this.used[key] = this.stored[key];
    return this.stored[key];
  }

  set(key: string, why: string | null): void {
    this.used[key] = why;
    this.changed = true;
  }

  /** Writes the verdicts this run used, when any is new or a stored one went unused; a failure only costs the next run a parse. */
  save(): void {
    if (!this.changed && Object.keys(this.used).length === Object.keys(this.stored).length) return;
    const body: EffectsFile = { version: 1, logic: this.logic, entries: this.used };
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
