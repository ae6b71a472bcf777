import type { createHash as CreateHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fsReason } from '../errors.js';
import { ownVersion } from '../version.js';
import { decodeModule, encodedImportCount, encodeModule, StringTable } from './cache-codec.js';
import type { PackageNode, ParsedModule } from './types.js';
import type { Resolution } from './resolve.js';
import { isSnapshot, type Snapshot } from './snapshot.js';

/**
 * The incremental parse cache: one file mapping each file (relative to the root) to the hash of
 * its content and its parse result before resolution. Resolutions are stored with the entry, one
 * slot per import: a relative specifier that resolved to a source file by its name alone (build.ts,
 * isStableRelative) as the index of that file, reused while the set of source files is exactly the
 * same; any other as a row of the header's resolution table, reused while the header's snapshot
 * (snapshot.ts) holds.
 *
 * The file is binary (cache-codec.ts says why), little-endian as the machines that write it:
 *   "PLGC", u32 length, header (JSON: format, parser, complete, entries, ints, endian, and with
 *                  a snapshot: snapshot, resolutions, packages)
 *   u32 length, the string table (joined with NUL, or a JSON array), zero padding to a multiple of 8
 *   f64 × 2n       each entry's size and mtimeMs when its hash was taken (NaN: unknown)
 *   u8 × 20n       each entry's content hash (sha1)
 *   i32 × (n + 1)  where each entry starts in the integers below (the last: where they end)
 *   i32 × ints     per entry: key (a string), flags (bit 0: parsed with binding usage, else the
 *                  imports-only scan; bits 1-2: the format hint it was parsed with, 1 esm, 2 cjs,
 *                  0 none), nRel (-1: none) and nRel resolutions (an index into the build's list
 *                  of files; -2 - r for row r of the resolution table; -1: none), then the module
 *                  as cache-codec.ts encodes it (decoded only when the entry is used)
 * The resolutions are valid while the files are those of the build that stored them, in the same
 * order (`complete`), and (table rows) while the snapshot holds.
 */

// Bump when the cache layout changes (a change to cache-codec.ts changes the parser version too).
const CACHE_FORMAT = 12;
const MAGIC = 'PLGC';
const HASH_BYTES = 20;
const ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'LE' : 'BE';

interface Header {
  format: number;
  parser: string;
  /**
   * The entries are exactly the files of the build that wrote them, in its order: the list that
   * their resolutions index into. A build whose files are the same keys in the same order
   * reuses them (compared key by key: cheaper than hashing the list, which a cold run of a hash
   * function in JavaScript made 8 ms for 5,000 files).
   */
  complete: boolean;
  entries: number;
  ints: number;
  endian: string;
  /** What the file list and the resolutions below depend on (snapshot.ts); with `complete` only. */
  snapshot?: Snapshot;
  /** Resolutions other than a relative one to a source file: valid while the snapshot holds. */
  resolutions?: ResolutionRow[];
  /** The packages the graph reached, with their dependencies: valid while the snapshot holds. */
  packages?: PackageRow[];
  /** 'nul': the string table is the strings joined with NUL; otherwise a JSON array. */
  table?: string;
}

/** A stored resolution: resolved path (relative to the root) or null, package or null, builtin (1) or not (0), reason or null. */
export type ResolutionRow = [string | null, string | null, number, string | null];
/** A stored package: name, version, root (relative to the root), workspace (1) or not (0), dependencies (names) or null. */
export type PackageRow = [string, string | null, string, number, string[] | null];

/** A cache file, read: typed views over its bytes. */
interface Stored {
  strings: string[];
  /** size and mtimeMs per entry. */
  stats: Float64Array;
  hashes: Uint8Array;
  /** Entry e's integers are ints[offsets[e]] up to ints[offsets[e + 1]]. */
  offsets: Int32Array;
  ints: Int32Array;
}

/** A fresh entry of this build (a parse, or a hit by hash with a new mtime). */
interface NextEntry {
  module: ParsedModule;
  /** The content hash. */
  hash: string;
  /** The format hint it was parsed with ('stored': the stored entry's, unchanged). */
  hint: Hint;
  full: boolean;
  size: number | null;
  mtimeMs: number | null;
}

/** The default cache location of a project. */
export function defaultCachePath(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'perf-lint', 'graph.bin');
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
      if (!/^(parse|usage|scan|lex|oxc|cache-codec|resolve|relative|snapshot|build)[\w-]*\.(js|ts)$/.test(name) || name.endsWith('.d.ts')) continue;
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

/**
 * The format a file was parsed with when package.json `type` or its extension says (parse.ts);
 * undefined when Node would detect it from the syntax. An entry parsed with another hint is not
 * used: the format, and what the imports resolve to, can differ.
 */
export type FormatHint = 'esm' | 'cjs' | undefined;
/** A build's hint for a file; 'stored' when it is known to be the stored one (the snapshot holds). */
export type Hint = FormatHint | 'stored';

const F_FULL = 1;

function hintBits(hint: FormatHint): number {
  return hint === 'esm' ? 1 : hint === 'cjs' ? 2 : 0;
}

/** What a build needs of an entry: usage (true), imports only (false), or usage unless it imports nothing. */
export type Need = boolean | 'or-import-free';

/** Reads a cache file; null when it is missing, not a cache file, or of another format or parser. */
function readCacheFile(file: string): { header: Header; stored: Stored; base: number } | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return null;
  }
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) return null;
  // The typed views need their offsets aligned.
  if (buf.byteOffset % 8 !== 0) buf = Buffer.from(buf);
  let at = 4;
  const headerEnd = at + 4 + buf.readUInt32LE(at);
  const header = JSON.parse(buf.toString('utf8', at + 4, headerEnd)) as Header;
  if (header.format !== CACHE_FORMAT || header.parser !== parserVersion() || header.endian !== ENDIAN) return null;
  const n = header.entries;
  at = headerEnd;
  const tableEnd = at + 4 + buf.readUInt32LE(at);
  const text = buf.toString('utf8', at + 4, tableEnd);
  // An empty table joined is '' (split would give ['']).
  const strings = header.table === 'nul' ? (text === '' ? [] : text.split('\0')) : (JSON.parse(text) as string[]);
  at = tableEnd + ((8 - (tableEnd % 8)) % 8);
  if (!Array.isArray(strings) || at + n * (16 + HASH_BYTES + 4) + 4 + header.ints * 4 !== buf.length) return null;
  const view = <T>(Type: new (b: ArrayBufferLike, offset: number, length: number) => T, length: number, bytes: number): T => {
    const v = new Type(buf.buffer, buf.byteOffset + at, length);
    at += length * bytes;
    return v;
  };
  const stored: Stored = {
    strings,
    stats: view(Float64Array, 2 * n, 8),
    hashes: view(Uint8Array, HASH_BYTES * n, 1),
    offsets: view(Int32Array, n + 1, 4),
    ints: view(Int32Array, header.ints, 4),
  };
  return { header, stored, base: buf.byteOffset };
}

/**
 * A build's resolutions to store, by the build's file index (aligned with the module's imports: an
 * index into the build's files, -2 - r for row r of the resolution table, -1 for none).
 * Undefined for a module served from the cache whose stored resolutions are unchanged.
 */
export type NextResolutions = (ArrayLike<number> | undefined)[];

/** A module's stored resolutions, valid for the build that asked (same files, and the module a hit). */
export interface StoredSlots {
  ints: Int32Array;
  /** Where the resolutions of the build's file `index` start in `ints` (their count is just before), or -1. */
  at(index: number, module: ParsedModule): number;
}

/**
 * What a build reads from and writes back to the cache file. Entries are looked up by key: the
 * file's path relative to the project root, POSIX separators (paths.ts relPath), which the build
 * computes once per file. A build whose files are the stored ones in the same order finds entry
 * e at its own index e, without a lookup by key.
 */
export class ParseCache {
  /** The stored entries' indexes, by key (made on the first lookup that the index does not answer). */
  private byKey: Map<string, number> | null = null;
  /** Every stored entry's key, in order ([] when the file is damaged). */
  private readonly keyList: string[] = [];
  /** Entries that did not decode: taken as absent. */
  private bad: Set<number> | null = null;
  /** The module decoded from each stored entry, when this build used it. */
  private readonly hitModules: (ParsedModule | undefined)[] = [];
  /** Fresh parses, and hits by hash with a new mtime, by key. */
  private readonly next = new Map<string, NextEntry>();
  /** The keys of the stored entries in their order, when they are a build's whole file list. */
  private readonly storedFiles: string[] | null = null;
  private sameFilesMemo: { keys: readonly string[]; same: boolean } | undefined;
  private nextFiles: readonly string[] | undefined;
  private nextResolutions: NextResolutions | undefined;
  private resolutionsChanged = false;
  private dirty = false;
  hits = 0;
  misses = 0;

  /** What setSnapshot gave, for save() to write. */
  private nextSnapshot: { snapshot: Snapshot; resolutions: ResolutionRow[]; packages: PackageRow[]; remap: Int32Array } | undefined;

  private constructor(
    readonly file: string,
    private readonly stored: Stored | null,
    complete: boolean,
    private readonly header: Header | null = null,
  ) {
    if (!stored) return;
    const { strings, offsets, ints } = stored;
    const n = offsets.length - 1;
    const keys = new Array<string>(n);
    for (let e = 0; e < n; e++) {
      const key = strings[ints[offsets[e]]];
      if (typeof key !== 'string') return;
      keys[e] = key;
    }
    this.keyList = keys;
    this.hitModules = new Array<ParsedModule | undefined>(n);
    if (complete) this.storedFiles = keys;
  }

  /** The stored entry of `key`, which the build has at `index`; undefined when there is none. */
  private entryOf(key: string, index: number): number | undefined {
    let e: number | undefined = index;
    if (this.keyList[index] !== key) {
      if (!this.byKey) {
        this.byKey = new Map();
        for (let k = 0; k < this.keyList.length; k++) this.byKey.set(this.keyList[k], k);
      }
      e = this.byKey.get(key);
    }
    return e === undefined || this.bad?.has(e) ? undefined : e;
  }

  /** Whether `keys` (a build's files, as keys, in its order) are the files the entries were stored with. */
  private sameFiles(keys: readonly string[]): boolean {
    if (this.sameFilesMemo?.keys === keys) return this.sameFilesMemo.same;
    const stored = this.storedFiles;
    let same = stored !== null && stored.length === keys.length;
    for (let i = 0; same && stored !== keys && i < keys.length; i++) same = (stored as string[])[i] === keys[i];
    this.sameFilesMemo = { keys, same };
    return same;
  }

  /** The stored resolutions of the modules served from the cache, if the files are the same as when they were stored. */
  resolutions(keys: readonly string[]): StoredSlots | null {
    if (!this.sameFiles(keys) || !this.stored) return null;
    const { ints, offsets } = this.stored;
    const hitModules = this.hitModules;
    return {
      ints,
      // One per import, as written; any other count is a damaged entry, whose resolutions are not used.
      at: (index, module) => (hitModules[index] === module && module.imports.length > 0 && ints[offsets[index] + 2] === module.imports.length ? offsets[index] + 3 : -1),
    };
  }

  /**
   * Records this build's resolutions (written with the entries by save()). `fresh`: how many
   * stable ones were found by resolving rather than reused; with the same files, none means that
   * the stored ones are already complete. `keys`: the build's files, as keys, in its order (what
   * the resolutions index into, and the order save() writes the entries in).
   */
  setResolutions(keys: readonly string[], resolutions: NextResolutions, fresh: number): void {
    this.resolutionsChanged = !this.sameFiles(keys) || fresh > 0;
    this.nextFiles = keys;
    this.nextResolutions = resolutions;
  }

  /** The keys of the stored entries, in order, when they are a whole build's files (the list a snapshot goes with). */
  get storedKeys(): readonly string[] | null {
    return this.storedFiles;
  }

  /** The stored snapshot (snapshot.ts), when the entries are a whole build's files. */
  snapshot(): Snapshot | null {
    const snap = this.header?.snapshot;
    return this.storedFiles !== null && isSnapshot(snap) ? snap : null;
  }

  /**
   * The stored resolutions and packages, with absolute paths from `root` (only for a build whose
   * snapshot holds); null when missing or damaged.
   */
  storedTable(root: string): { resolutions: Resolution[]; packages: Map<string, PackageNode> } | null {
    const rows = this.header?.resolutions;
    const pkgRows = this.header?.packages;
    if (!Array.isArray(rows) || !Array.isArray(pkgRows)) return null;
    const abs = (rel: string): string => path.join(root, rel);
    const str = (v: unknown): v is string => typeof v === 'string';
    const resolutions: Resolution[] = [];
    for (const row of rows) {
      if (!Array.isArray(row) || row.length !== 4) return null;
      const [resolved, pkg, builtin, reason] = row;
      if (!(resolved === null || str(resolved)) || !(pkg === null || str(pkg)) || !(reason === null || str(reason))) return null;
      const res: Resolution = { resolved: resolved === null ? null : abs(resolved) };
      if (pkg !== null) res.package = pkg;
      if (builtin === 1) res.builtin = true;
      if (reason !== null) res.reason = reason;
      resolutions.push(res);
    }
    const packages = new Map<string, PackageNode>();
    for (const row of pkgRows) {
      if (!Array.isArray(row) || row.length !== 5) return null;
      const [name, version, rootRel, workspace, deps] = row;
      if (!str(name) || !(version === null || str(version)) || !str(rootRel) || !(deps === null || (Array.isArray(deps) && deps.every(str)))) return null;
      const node: PackageNode = { name, version, root: abs(rootRel), workspace: workspace === 1 };
      if (deps !== null) node.dependencies = [...deps];
      packages.set(name, node);
    }
    return { resolutions, packages };
  }

  /** Whether save() would write (a fresh parse, a new mtime, a dropped file, new resolutions). */
  get changed(): boolean {
    return this.misses > 0 || this.dirty || this.keyList.length - (this.bad?.size ?? 0) !== this.hits || this.resolutionsChanged;
  }

  /**
   * Records this build's snapshot with its resolution and package tables (written by save(); a
   * snapshot unlike the stored one makes save() write). `remap`: the new row of each row the
   * build's codes name (-1: unused), applied as save() writes them.
   */
  setSnapshot(snapshot: Snapshot, resolutions: ResolutionRow[], packages: PackageRow[], remap: Int32Array): void {
    this.nextSnapshot = { snapshot, resolutions, packages, remap };
    const h = this.header;
    let same = h !== null && JSON.stringify([h.snapshot, h.resolutions, h.packages]) === JSON.stringify([snapshot, resolutions, packages]);
    for (let r = 0; same && r < remap.length; r++) same = remap[r] === r;
    if (!same) this.resolutionsChanged = true;
  }

  /** Opens the cache at `file`; a missing, corrupt or stale-version file starts empty. */
  static open(file: string): ParseCache {
    let read: ReturnType<typeof readCacheFile> = null;
    try {
      read = readCacheFile(file);
    } catch {
      // Unreadable: a full build rewrites it.
    }
    return new ParseCache(file, read?.stored ?? null, read?.header.complete === true, read?.header ?? null);
  }

  /** Whether stored entry `e` holds binding usage. */
  private storedFull(e: number): boolean {
    const { ints, offsets } = this.stored as Stored;
    return (ints[offsets[e] + 1] & F_FULL) !== 0;
  }

  /** Whether stored entry `e` has what `need` asks for. */
  private fits(e: number, need: Need): boolean {
    const { ints, offsets } = this.stored as Stored;
    const o = offsets[e];
    if (this.storedFull(e) || need === false) return true;
    const nRel = ints[o + 2];
    return need === 'or-import-free' && encodedImportCount(ints, o + 3 + Math.max(nRel, 0)) === 0;
  }

  /**
   * The cached parse of `absFile` (the build's file `index`) if its size and mtime are those
   * recorded with its hash. `full`: with binding usage, or (`'or-import-free'`) an imports-only
   * scan that found no imports.
   */
  getByStat(key: string, index: number, absFile: string, size: number, mtimeMs: number, full: Need, hint: Hint): ParsedModule | null {
    const e = this.entryOf(key, index);
    if (e === undefined) return null;
    const stats = (this.stored as Stored).stats;
    if (stats[2 * e] !== size || stats[2 * e + 1] !== mtimeMs || !this.fits(e, full) || !this.sameHint(e, hint)) return null;
    return this.hit(e, absFile, full === false);
  }

  /** The cached parse of `absFile` (the build's file `index`) if its content hash matches (and it has what `full` asks for). */
  get(key: string, index: number, absFile: string, hash: string, full: Need, hint: Hint): ParsedModule | null {
    const e = this.entryOf(key, index);
    // Decoded whole: the build records it again (a new mtime), with its binding usage.
    const module = e !== undefined && this.storedHash(e) === hash && this.fits(e, full) && this.sameHint(e, hint) ? this.hit(e, absFile) : null;
    if (!module) this.misses++;
    return module;
  }

  /** The format hint stored entry e was parsed with (undefined for an entry that is not there). */
  private storedHint(e: number | undefined): FormatHint {
    if (e === undefined || !this.stored) return undefined;
    const bits = (this.stored.ints[this.stored.offsets[e] + 1] >> 1) & 3;
    return bits === 1 ? 'esm' : bits === 2 ? 'cjs' : undefined;
  }

  /** Whether entry e was parsed with `hint` ('stored': known to be unchanged). */
  private sameHint(e: number, hint: Hint): boolean {
    return hint === 'stored' || this.storedHint(e) === hint;
  }

  /** Stored entry e's content hash, as hashSource writes it. */
  private storedHash(e: number): string {
    const hashes = (this.stored as Stored).hashes;
    return Buffer.from(hashes.buffer, hashes.byteOffset + e * HASH_BYTES, HASH_BYTES).toString('base64');
  }

  /**
   * The decoded entry, or null (and the entry dropped) when it does not decode. `importsOnly`: an
   * entry with binding usage is decoded without it (a shallow module, as the scan gives), for a
   * build that does not read it; save() decodes it whole if it writes the file.
   */
  private hit(e: number, absFile: string, importsOnly = false): ParsedModule | null {
    let module: ParsedModule;
    try {
      module = this.decode(e, absFile, importsOnly);
    } catch {
      (this.bad ??= new Set()).add(e);
      return null;
    }
    this.hits++;
    this.hitModules[e] = module;
    return module;
  }

  /** Stored entry e's module; throws when it does not decode. */
  private decode(e: number, absFile: string, importsOnly: boolean): ParsedModule {
    const { ints, offsets, strings } = this.stored as Stored;
    const o = offsets[e];
    const nRel = ints[o + 2];
    const at = o + 3 + Math.max(nRel, 0);
    if (!(nRel >= -1 && at <= offsets[e + 1])) throw new Error('not a cached entry');
    return decodeModule(ints, at, offsets[e + 1], strings, absFile, importsOnly && this.storedFull(e));
  }

  /** Records a fresh parse (call before resolution mutates the records). */
  set(key: string, index: number, hash: string, module: ParsedModule, full: boolean, hint: Hint, stat?: { size: number; mtimeMs: number }): void {
    // The resolver later adds resolved/package/builtin to these records; the encoding leaves them out.
    this.next.set(key, { module, hash, full, hint, size: stat?.size ?? null, mtimeMs: stat?.mtimeMs ?? null });
    // A hit by hash with a new mtime still rewrites the entry (so the next run can skip reading it).
    const e = this.entryOf(key, index);
    if (e === undefined || !Object.is((this.stored as Stored).stats[2 * e + 1], stat?.mtimeMs ?? NaN)) this.dirty = true;
  }

  /**
   * Writes the entries seen in this build (dropping deleted files) atomically; a no-op when nothing
   * changed. A cache that cannot be written costs the next run its speed, not this run its result:
   * the reason comes back (no temporary file is left), null when written or unchanged.
   */
  save(): string | null {
    if (!this.changed) return null;
    const rels = this.nextResolutions;
    const remap = this.nextSnapshot?.remap;
    const strings = new StringTable();
    const ints: number[] = [];
    const offsets: number[] = [];
    const stats: number[] = [];
    // The entries of this build: its files in order, or (without setResolutions) the fresh ones then the hits.
    const order = this.nextFiles ?? [...this.next.keys(), ...this.keyList.filter((k, e) => this.hitModules[e] && !this.next.has(k))];
    const sameFiles = this.nextFiles !== undefined && this.sameFiles(this.nextFiles);
    const hashes = Buffer.alloc(order.length * HASH_BYTES);
    const stored = this.stored;
    for (let index = 0; index < order.length; index++) {
      const key = order[index];
      const fresh = this.next.get(key);
      const e = this.entryOf(key, index);
      const module = fresh ? fresh.module : e !== undefined ? this.hitModules[e] : undefined;
      if (!module) continue;
      // A hit decoded without its binding usage is written whole (its flags say it has it); one
      // whose usage does not decode is left out.
      let whole = module;
      if (!fresh && module.shallow && this.storedFull(e as number)) {
        try {
          whole = this.decode(e as number, module.file, false);
        } catch {
          continue;
        }
      }
      const at = offsets.length;
      offsets.push(ints.length);
      let flags: number;
      if (fresh) {
        stats.push(fresh.size ?? NaN, fresh.mtimeMs ?? NaN);
        hashes.write(fresh.hash, at * HASH_BYTES, HASH_BYTES, 'base64');
        flags = (fresh.full ? F_FULL : 0) | (hintBits(fresh.hint === 'stored' ? this.storedHint(e) : fresh.hint) << 1);
      } else {
        const s = (stored as Stored).stats;
        stats.push(s[2 * (e as number)], s[2 * (e as number) + 1]);
        const from = (stored as Stored).hashes;
        hashes.set(from.subarray((e as number) * HASH_BYTES, ((e as number) + 1) * HASH_BYTES), at * HASH_BYTES);
        flags = (stored as Stored).ints[(stored as Stored).offsets[e as number] + 1];
      }
      // The build's resolutions for this file, or (a hit whose resolutions did not change, a hit by
      // hash with a new mtime too) the stored ones.
      let rel: ArrayLike<number> | undefined = rels?.[index];
      if (rel === undefined && sameFiles && e === index && this.hitModules[e] === module) {
        const { ints: si, offsets: so } = stored as Stored;
        const n = si[so[e] + 2];
        if (n > 0) rel = si.subarray(so[e] + 3, so[e] + 3 + n);
      }
      ints.push(strings.id(key), flags, rel ? rel.length : -1);
      if (rel) {
        for (let i = 0; i < rel.length; i++) {
          const v = rel[i];
          // A table row, renumbered as the table was compacted (a row with no new number: none).
          const r = v <= -2 && remap ? remap[-2 - v] : 0;
          ints.push(v > -2 || !remap ? v : r === undefined || r < 0 ? -1 : -2 - r);
        }
      }
      encodeModule(whole, ints, strings);
    }
    const n = offsets.length;
    offsets.push(ints.length);
    // A file that could not be read has no entry: the resolutions are then not reused next time.
    const complete = this.nextFiles !== undefined && n === this.nextFiles.length;
    const header: Header = { format: CACHE_FORMAT, parser: parserVersion(), complete, entries: n, ints: ints.length, endian: ENDIAN };
    if (complete && this.nextSnapshot) {
      const { snapshot, resolutions, packages } = this.nextSnapshot;
      Object.assign(header, { snapshot, resolutions, packages });
    }
    // The string table: joined with NUL (split back in a few ms), or JSON when a string holds one.
    const list = strings.list;
    const nul = !list.some((t) => t.includes('\0'));
    if (nul) header.table = 'nul';
    const head = Buffer.from(JSON.stringify(header));
    const table = Buffer.from(nul ? list.join('\0') : JSON.stringify(list));
    const tableEnd = 4 + 4 + head.length + 4 + table.length;
    const pad = Buffer.alloc((8 - (tableEnd % 8)) % 8);
    const u32 = (v: number): Buffer => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(v);
      return b;
    };
    const bytes = (a: Float64Array | Int32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const parts = [
      Buffer.from(MAGIC, 'latin1'),
      u32(head.length),
      head,
      u32(table.length),
      table,
      pad,
      bytes(Float64Array.from(stats)),
      hashes.subarray(0, n * HASH_BYTES),
      bytes(Int32Array.from(offsets)),
      bytes(Int32Array.from(ints)),
    ];
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(tmp, Buffer.concat(parts));
      renameSync(tmp, this.file);
      return null;
    } catch (err) {
      rmSync(tmp, { force: true });
      return `${this.file}: cannot write the cache (${fsReason(err)}); the next run parses again`;
    }
  }
}

/** A cache file's entries, by key, as stored (for tests and for looking into a cache); null when it is not a readable cache. */
export function storedEntries(file: string): Map<string, { size: number | null; mtimeMs: number | null; full: boolean; byteStart: number; byteEnd: number }> | null {
  let read: ReturnType<typeof readCacheFile> = null;
  try {
    read = readCacheFile(file);
  } catch {
    // a damaged header
  }
  if (!read) return null;
  const { strings, stats, offsets, ints } = read.stored;
  const out = new Map<string, { size: number | null; mtimeMs: number | null; full: boolean; byteStart: number; byteEnd: number }>();
  // Byte offsets in the file.
  const base = ints.byteOffset - read.base;
  for (let e = 0; e < offsets.length - 1; e++) {
    const num = (v: number): number | null => (Number.isNaN(v) ? null : v);
    out.set(strings[ints[offsets[e]]], { size: num(stats[2 * e]), mtimeMs: num(stats[2 * e + 1]), full: (ints[offsets[e] + 1] & F_FULL) !== 0, byteStart: base + offsets[e] * 4, byteEnd: base + offsets[e + 1] * 4 });
  }
  return out;
}
