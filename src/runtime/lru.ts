/**
 * The L1 store: a least-recently-used map with an optional time to live, on one `Map` (its insertion
 * order is the recency order). lru-cache did the same job but cost about 8 ms to import on Node 20
 * (it loads diagnostics_channel and its performance shims); perf-lint/runtime is imported by every
 * fixed program at startup, so that cost matters more than lru-cache's extra features.
 */
export class Lru<V> {
  private readonly map = new Map<string, { value: V; expires: number }>();

  /** `max` entries at most; `ttl` in ms (0: no expiry). */
  constructor(
    readonly max: number,
    readonly ttl: number,
  ) {}

  /** Entries held, expired ones included until they are next touched. */
  get size(): number {
    return this.map.size;
  }

  /** The live value, made most recent; undefined when absent or expired (and then dropped). */
  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    if (e.expires !== 0 && e.expires <= performance.now()) {
      this.map.delete(key);
      return undefined;
    }
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  /** Stores a value as the most recent, evicting the least recent beyond `max`. */
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, { value, expires: this.ttl > 0 ? performance.now() + this.ttl : 0 });
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  /** Keys from least to most recent. */
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
}
