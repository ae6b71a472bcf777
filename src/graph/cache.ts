import type { createHash as CreateHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fsReason } from '../errors.js';
import { ownVersion } from '../version.js';
import { decodeModule, encodedImportCount, encodeModule, type Encoded } from './cache-codec.js';
import type { ParsedModule } from './types.js';

/**
 * The incremental parse cache: one JSON file mapping each file (relative to the root) to the hash
 * of its content and its parse result before resolution. Resolution is mostly not cached: it
 * depends on other files (tsconfig, package.json, node_modules). The exception is a relative
 * specifier that resolved to a source file by its name alone (build.ts, isStableRelative): stored
 * with the entry, one slot per import, and reused while the set of source files is exactly the same.
 */

// Bump when the cache layout changes (a change to cache-codec.ts changes the parser version too).
const CACHE_FORMAT = 6;

/**
 * One file's entry, as stored: `[key, hash, size, mtimeMs, full, rel, ...module]`.
 * - key: the file relative to the root (POSIX separators);
 * - hash: of its content; size and mtimeMs (or null): the file's when the hash was taken (a fast
 *   "unchanged" check);
 * - full: 1 when parsed with binding usage (parseModule), 0 for the imports-only scan;
 * - rel: per import, the file it resolved to by name alone, as an index into the build's list of
 *   files, or -1; 0 when none. Valid while the files are those of the build that stored them, in
 *   the same order (`CacheFile.complete`);
 * - then the module, as cache-codec.ts encodes it (decoded only when the entry is used).
 */
type RawEntry = [string, string, number | null, number | null, 0 | 1, number[] | 0, ...Encoded];

const MODULE_AT = 6;

/** Stored relative resolutions, per module, aligned with its imports (an index into the build's files, or -1). */
export type StoredResolutions = Map<ParsedModule, number[]>;

interface CacheFile {
  format: number;
  parser: string;
  entries: RawEntry[];
  /**
   * The entries are exactly the files of the build that wrote them, in its order: the list that
   * their `rel` resolutions index into. A build whose files are the same keys in the same order
   * reuses them (compared key by key: cheaper than hashing the list, which a cold run of a hash
   * function in JavaScript made 8 ms for 5,000 files).
   */
  complete?: boolean;
}

/** An entry of this build: stored as it was (a hit) or to be encoded (a fresh parse). */
interface NextEntry {
  module: ParsedModule;
  raw: RawEntry | null;
  hash: string;
  full: boolean;
  size: number | null;
  mtimeMs: number | null;
}

/** The default cache location of a project. */
export function defaultCachePath(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'perf-lint', 'graph.json');
}

let createHash: typeof CreateHash | undefined;

/**
 * Content hash of a source file (sha1: fast in OpenSSL, and collisions are not a threat model here).
 * node:crypto is loaded on the first file read: loading it (with the stream modules it pulls in)
 * took 8 ms here, a few percent of a cached run in which every file is unchanged.
 */
export function hashSource(source: string): string {
  createHash ??= process.getBuiltinModule('node:crypto').createHash;
  return createHash('sha1').update(source).digest('base64');
}

/** The version in the package.json of `name` in the nearest node_modules above `here` (as Node finds it), or null. */
function installedVersion(here: string, name: string): string | null {
  for (let dir = here; ; dir = path.dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // not installed here: one folder up
    }
    if (path.dirname(dir) === dir) return null;
  }
}

let parserVersionMemo: string | undefined;

/**
 * Identifies the parser, so any change to how files are parsed invalidates every entry without
 * anyone remembering to bump a number: the cache format, oxc-parser's version, perf-lint's version,
 * and the size and mtime of each file of our parser. Sizes and mtimes rather than contents: a
 * cached run pays for this every time, and reading and hashing the 130 kB of the parser took 8 ms
 * (with node:crypto's loading) where this takes well under one. An installed perf-lint has fixed
 * mtimes (npm packs every file with the same date), which the version covers; a working copy gets
 * new mtimes from each build.
 */
export function parserVersion(): string {
  if (parserVersionMemo !== undefined) return parserVersionMemo;
  const here = path.dirname(fileURLToPath(import.meta.url));
  let oxc = installedVersion(here, 'oxc-parser');
  if (oxc === null) {
    // Yarn Plug'n'Play and other layouts without node_modules.
    try {
      oxc = (createRequire(import.meta.url)('oxc-parser/package.json') as { version: string }).version;
    } catch {
      oxc = 'unknown';
    }
  }
  let text = `format:${CACHE_FORMAT}\noxc:${oxc}\nperf-lint:${ownVersion()}\n`;
  // Compiled (dist, .js) or run from sources (vitest, .ts): every file of the parser.
  try {
    for (const name of readdirSync(here).sort()) {
      if (!/^(parse|usage|scan|lex|oxc|cache-codec)[\w-]*\.(js|ts)$/.test(name) || name.endsWith('.d.ts')) continue;
      const st = statSync(path.join(here, name));
      text += `${name}:${st.size}:${st.mtimeMs}\n`;
    }
  } catch {
    // no parser sources visible: the versions and format still key the cache
  }
  // Stored and compared as it is (a few hundred characters): nothing to hash.
  parserVersionMemo = text;
  return parserVersionMemo;
}

/** What a build needs of an entry: usage (true), imports only (false), or usage unless it imports nothing. */
export type Need = boolean | 'or-import-free';

function fits(raw: RawEntry, need: Need): boolean {
  if (raw[4] === 1 || need === false) return true;
  return need === 'or-import-free' && encodedImportCount(raw, MODULE_AT) === 0;
}

/**
 * What a build reads from and writes back to the cache file. Entries are looked up by key: the
 * file's path relative to the project root, POSIX separators (paths.ts relPath), which the build
 * computes once per file.
 */
export class ParseCache {
  private readonly entries: Map<string, RawEntry>;
  private readonly next = new Map<string, NextEntry>();
  /** The keys of the stored entries in their order, when they are a build's whole file list. */
  private readonly storedFiles: string[] | null;
  private sameFilesMemo: { keys: readonly string[]; same: boolean } | undefined;
  private nextFiles: readonly string[] | undefined;
  private nextResolutions: StoredResolutions | undefined;
  private resolutionsChanged = false;
  /** The stored resolutions of the modules served from the cache so far. */
  private readonly hitResolutions: StoredResolutions = new Map();
  private dirty = false;
  hits = 0;
  misses = 0;

  private constructor(
    readonly file: string,
    entries: Map<string, RawEntry>,
    storedFiles: string[] | null,
  ) {
    this.entries = entries;
    this.storedFiles = storedFiles;
  }

  /** Whether `keys` (a build's files, as keys, in its order) are the files the entries were stored with. */
  private sameFiles(keys: readonly string[]): boolean {
    if (this.sameFilesMemo?.keys === keys) return this.sameFilesMemo.same;
    const stored = this.storedFiles;
    let same = stored !== null && stored.length === keys.length;
    for (let i = 0; same && i < keys.length; i++) same = (stored as string[])[i] === keys[i];
    this.sameFilesMemo = { keys, same };
    return same;
  }

  /** The stored relative resolutions of the cached modules, if the files are the same as when they were stored. */
  resolutions(keys: readonly string[]): StoredResolutions | null {
    return this.sameFiles(keys) ? this.hitResolutions : null;
  }

  /**
   * Records this build's reusable resolutions (written with the entries by save()). `fresh`: how
   * many were found by resolving rather than reused; with the same files, none means that the
   * stored ones are already complete. `keys`: the build's files, as keys, in its order (what the
   * resolutions index into, and the order save() writes the entries in).
   */
  setResolutions(keys: readonly string[], map: StoredResolutions, fresh: number): void {
    this.resolutionsChanged = !this.sameFiles(keys) || fresh > 0;
    this.nextFiles = keys;
    this.nextResolutions = map;
  }

  /** Opens the cache at `file`; a missing, corrupt or stale-version file starts empty. */
  static open(file: string): ParseCache {
    const entries = new Map<string, RawEntry>();
    let storedFiles: string[] | null = null;
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
      if (data.format === CACHE_FORMAT && data.parser === parserVersion() && Array.isArray(data.entries)) {
        for (const raw of data.entries) entries.set(raw[0], raw);
        if (data.complete === true) storedFiles = data.entries.map((raw) => raw[0]);
      }
    } catch {
      // No cache yet, or unreadable: a full build rewrites it.
    }
    return new ParseCache(file, entries, storedFiles);
  }

  /**
   * The cached parse of `absFile` if its size and mtime are those recorded with its hash. `full`:
   * with binding usage, or (`'or-import-free'`) an imports-only scan that found no imports.
   */
  getByStat(key: string, absFile: string, size: number, mtimeMs: number, full: Need): ParsedModule | null {
    const raw = this.entries.get(key);
    if (!raw || raw[2] !== size || raw[3] !== mtimeMs || !fits(raw, full)) return null;
    return this.hit(key, raw, absFile);
  }

  /** The cached parse of `absFile` if its content hash matches (and it has what `full` asks for). */
  get(key: string, absFile: string, hash: string, full: Need): ParsedModule | null {
    const raw = this.entries.get(key);
    const module = raw && raw[1] === hash && fits(raw, full) ? this.hit(key, raw, absFile) : null;
    if (!module) this.misses++;
    return module;
  }

  /** The decoded entry, or null (and the entry dropped) when it does not decode. */
  private hit(key: string, raw: RawEntry, absFile: string): ParsedModule | null {
    let module: ParsedModule;
    try {
      module = decodeModule(raw, MODULE_AT, absFile);
    } catch {
      this.entries.delete(key);
      return null;
    }
    this.hits++;
    this.next.set(key, { module, raw, hash: raw[1], full: raw[4] === 1, size: raw[2], mtimeMs: raw[3] });
    if (raw[5] !== 0) this.hitResolutions.set(module, raw[5]);
    return module;
  }

  /** Records a fresh parse (call before resolution mutates the records). */
  set(key: string, hash: string, module: ParsedModule, full: boolean, stat?: { size: number; mtimeMs: number }): void {
    // The resolver later adds resolved/package/builtin to these records; the encoding leaves them out.
    this.next.set(key, { module, raw: null, hash, full, size: stat?.size ?? null, mtimeMs: stat?.mtimeMs ?? null });
    // A hit by hash with a new mtime still rewrites the entry (so the next run can skip reading it).
    if ((this.entries.get(key)?.[3] ?? null) !== (stat?.mtimeMs ?? null)) this.dirty = true;
  }

  /**
   * Writes the entries seen in this build (dropping deleted files) atomically; a no-op when nothing
   * changed. A cache that cannot be written costs the next run its speed, not this run its result:
   * the reason comes back (no temporary file is left), null when written or unchanged.
   */
  save(): string | null {
    if (this.misses === 0 && !this.dirty && this.entries.size === this.hits && !this.resolutionsChanged) return null;
    const rels = this.nextResolutions;
    const entries: RawEntry[] = [];
    // In the build's file order when it is known (parses on the thread pool finish out of order).
    const order = this.nextFiles ?? [...this.next.keys()];
    for (const key of order) {
      const e = this.next.get(key);
      if (!e) continue;
      const rel = rels?.get(e.module) ?? 0;
      let raw = e.raw;
      if (raw) {
        raw[5] = rel;
      } else {
        raw = [key, e.hash, e.size, e.mtimeMs, e.full ? 1 : 0, rel];
        encodeModule(e.module, raw);
      }
      entries.push(raw);
    }
    // A file that could not be read has no entry: the resolutions are then not reused next time.
    const complete = this.nextFiles !== undefined && entries.length === this.nextFiles.length;
    const data: CacheFile = { format: CACHE_FORMAT, parser: parserVersion(), entries, complete };
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(tmp, JSON.stringify(data));
      renameSync(tmp, this.file);
      return null;
    } catch (err) {
      rmSync(tmp, { force: true });
      return `${this.file}: cannot write the cache (${fsReason(err)}); the next run parses again`;
    }
  }
}
