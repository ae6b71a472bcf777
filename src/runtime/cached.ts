/**
 * The caching wrapper and decorator. A call goes L1 (an LRU in this process) then, when a store is
 * configured, L2 (e.g. Redis) then the function; results are written back to both tiers. The hit
 * path is kept short on purpose: key, one LRU lookup, one counter.
 */
import { Lru } from './lru.js';
import { toMs, type Duration } from './duration.js';
import { argsKey, UncacheableError } from './key.js';
import { guardOf, type BreakerState, type CacheStore } from './store.js';

/** Options of `cached(fn, options)` and `@cached(options)`. */
export interface CachedOptions<A extends unknown[] = unknown[]> {
  /** L1 time to live (ms or "30s", "5m", "1h"); also L2's unless l2Ttl is given. Default: no expiry. */
  ttl?: Duration;
  /** L1 maximum entries (default 1000). */
  max?: number;
  /** Computes the key from the arguments (called with the same `this`); default: stable serialization of all arguments. */
  key?: (...args: A) => unknown;
  /** Prefix of this function's keys in L2 and in pattern invalidation. Default: the function name (Class.method for legacy decorators). */
  namespace?: string;
  /** An L2 store, or 'default' for the one given to configureCache() (looked up at call time). */
  l2?: CacheStore | 'default' | false;
  /** L2 time to live; default: ttl, else the store's own default. */
  l2Ttl?: Duration;
  /** Tags for invalidateTag(). */
  tags?: string[];
}

/** Per-function counters (a snapshot). */
export interface CacheStats {
  namespace: string;
  hits: number;
  misses: number;
  /** hits / (hits + misses), 0 before any call. Coalesced calls count as hits. */
  hitRate: number;
  /** Calls that joined an identical call already in flight (also counted in hits). */
  coalesced: number;
  /** Calls whose arguments had no stable key (functions, symbols, cycles): passed straight through. */
  uncacheable: number;
  /** Entries in L1. */
  size: number;
  l2: {
    hits: number;
    misses: number;
    /** Failed reads: errors, timeouts and unreadable values. */
    errors: number;
    timeouts: number;
    /** Values that were not written by this codec (counted in errors too). */
    corrupt: number;
    /** Reads and writes skipped because the breaker was open. */
    skipped: number;
    writes: number;
    writeErrors: number;
    /** Mean and max latency of L2 reads that got an answer, in ms. */
    latencyMsAvg: number;
    latencyMsMax: number;
    /** State of the breaker of the store in use, or null without L2. */
    breaker: BreakerState | null;
  };
}

/** What `cached()` adds to the function it returns. */
export interface CacheControls<A extends unknown[]> {
  readonly stats: CacheStats;
  readonly namespace: string;
  /** Drops the entry for these arguments from both tiers. */
  invalidate(...args: A): Promise<void>;
  /** Drops every entry of this function from both tiers. */
  clear(): Promise<void>;
}

// `any` in the constraint: a function type with parameters of any types must be assignable to it,
// which `unknown[]` parameters would reject under strictFunctionTypes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => any;

/** The wrapped function: same call signature, plus cache controls. */
export type CachedFunction<F extends AnyFn> = F & CacheControls<Parameters<F>>;

/** The decorator `@cached(options)` returns; works in both TypeScript decorator modes. */
export interface CachedDecorator {
  /** TypeScript 5 / TC39 standard decorators. */
  <T extends AnyFn>(value: T, context: ClassMethodDecoratorContext<unknown, T>): T;
  /** Legacy `experimentalDecorators`. */
  <T>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T>;
}

// The L1 store uses undefined for "absent": these stand in for cached null and undefined results.
const UNDEF = Symbol('undefined');
const NULL = Symbol('null');
type Stored = NonNullable<unknown>;

const defaults: { l2: CacheStore | null } = { l2: null };
const registry = new Map<string, Handle>();
const handles = new WeakMap<object, Handle>();
let anonymous = 0;

function uniqueNamespace(base: string, self: Handle): string {
  let ns = base;
  for (let i = 2; registry.has(ns) && registry.get(ns) !== self; i++) ns = `${base}#${i}`;
  return ns;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as PromiseLike<unknown>).then === 'function';
}

/** Escapes glob metacharacters so a namespace is matched literally. */
function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}

/** Redis-style glob (`*`, `?`, `[abc]`, `\x`) to an anchored RegExp. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\' && i + 1 < glob.length) re += glob[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        re += body.startsWith('^') ? `[^${body.slice(1)}]` : `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The state behind one cached function. */
class Handle {
  namespace: string;
  /** Named by the user (or the injector): never renamed. */
  readonly explicit: boolean;
  readonly lru: Lru<Stored>;
  readonly inflight = new Map<string, Promise<unknown>>();
  /** L2 write-throughs still running, by L2 key: invalidation waits for them so it cannot be overtaken. */
  readonly writing = new Map<string, Promise<void>>();
  readonly tags: string[];
  readonly l2Option: CacheStore | 'default' | false | undefined;
  readonly l2Ttl: number | undefined;
  hits = 0;
  misses = 0;
  coalesced = 0;
  uncacheable = 0;
  l2 = { hits: 0, misses: 0, errors: 0, timeouts: 0, corrupt: 0, skipped: 0, writes: 0, writeErrors: 0, latencySum: 0, latencyN: 0, latencyMax: 0 };
  lastStore: CacheStore | null = null;

  constructor(readonly fn: AnyFn, options: CachedOptions, fallbackName?: string) {
    const ttl = options.ttl === undefined ? 0 : toMs(options.ttl);
    const max = options.max ?? 1000;
    if (!Number.isInteger(max) || max < 1) throw new TypeError(`perf-lint/runtime: max ${String(max)} is not a positive integer`);
    this.lru = new Lru<Stored>(max, ttl);
    this.l2Ttl = options.l2Ttl !== undefined ? toMs(options.l2Ttl, 'l2Ttl') : ttl > 0 ? ttl : undefined;
    this.l2Option = options.l2;
    this.tags = options.tags ?? [];
    this.explicit = options.namespace !== undefined;
    this.namespace = uniqueNamespace(options.namespace ?? fallbackName ?? (fn.name || `anonymous#${++anonymous}`), this);
    registry.set(this.namespace, this);
  }

  rename(base: string): void {
    if (this.explicit || this.namespace === base) return;
    registry.delete(this.namespace);
    this.namespace = uniqueNamespace(base, this);
    registry.set(this.namespace, this);
  }

  store(): CacheStore | null {
    const o = this.l2Option;
    return o === 'default' ? defaults.l2 : o ? o : null;
  }

  /** Everything after an L1 miss. */
  miss(thisArg: unknown, args: unknown[], k: string): unknown {
    const pending = this.inflight.get(k);
    if (pending !== undefined) {
      this.coalesced++;
      this.hits++;
      return pending;
    }
    this.misses++;
    const store = this.store();
    if (store !== null) return this.readThrough(store, thisArg, args, k);
    const r: unknown = this.fn.apply(thisArg, args);
    if (!isThenable(r)) {
      this.lru.set(k, r === undefined ? UNDEF : r === null ? NULL : r);
      return r;
    }
    const p = r as Promise<unknown>;
    this.inflight.set(k, p);
    // Only a fulfilled promise is cached; a rejection just frees the slot so the next call retries.
    p.then(
      () => {
        if (this.inflight.get(k) === p) {
          this.inflight.delete(k);
          this.lru.set(k, p);
        }
      },
      () => {
        if (this.inflight.get(k) === p) this.inflight.delete(k);
      },
    );
    return p;
  }

  private readThrough(store: CacheStore, thisArg: unknown, args: unknown[], k: string): Promise<unknown> {
    this.lastStore = store;
    const full = `${this.namespace}:${k}`;
    const guard = guardOf(store);
    let fromL2 = false;
    const p = (async () => {
      const r = await guard.run(() => store.get(full));
      const s = this.l2;
      if (r.ok || r.reason !== 'open') {
        s.latencySum += r.ms;
        s.latencyN++;
        if (r.ms > s.latencyMax) s.latencyMax = r.ms;
      }
      if (r.ok) {
        if (r.value !== undefined) {
          s.hits++;
          fromL2 = true;
          return r.value.value;
        }
        s.misses++;
      } else if (r.reason === 'open') s.skipped++;
      else {
        s.errors++;
        if (r.reason === 'timeout') s.timeouts++;
        if (r.reason === 'corrupt') s.corrupt++;
      }
      return await this.fn.apply(thisArg, args);
    })();
    this.inflight.set(k, p);
    p.then(
      (value) => {
        if (this.inflight.get(k) !== p) return; // invalidated while in flight: keep nothing
        this.inflight.delete(k);
        this.lru.set(k, p);
        if (!fromL2) {
          const w = this.write(store, full, value);
          this.writing.set(full, w);
          void w.then(() => {
            if (this.writing.get(full) === w) this.writing.delete(full);
          });
        }
      },
      () => {
        if (this.inflight.get(k) === p) this.inflight.delete(k);
      },
    );
    return p;
  }

  private async write(store: CacheStore, full: string, value: unknown): Promise<void> {
    const r = await guardOf(store).run(() => store.set(full, value, this.l2Ttl));
    if (r.ok) this.l2.writes++;
    else if (r.reason === 'open') this.l2.skipped++;
    else this.l2.writeErrors++;
  }

  async invalidate(k: string): Promise<void> {
    this.lru.delete(k);
    this.inflight.delete(k);
    const store = this.store();
    const full = `${this.namespace}:${k}`;
    await this.writing.get(full);
    if (store) await guardOf(store).run(() => store.delete([full]));
  }

  /** Settles once every write-through started so far has finished (they never reject). */
  async flushWrites(): Promise<void> {
    await Promise.all([...this.writing.values()]);
  }

  async clear(): Promise<void> {
    this.lru.clear();
    this.inflight.clear();
    await this.flushWrites();
    const store = this.store();
    if (store) {
      const g = guardOf(store);
      await g.run(() => store.deletePattern(`${escapeGlob(this.namespace)}:*`), g.scanTimeoutMs);
    }
  }

  /** Drops L1 entries whose full key matches; returns how many. */
  dropMatching(re: RegExp): number {
    let n = 0;
    const prefix = `${this.namespace}:`;
    for (const k of [...this.lru.keys()]) {
      if (re.test(prefix + k)) {
        this.lru.delete(k);
        n++;
      }
    }
    for (const k of [...this.inflight.keys()]) if (re.test(prefix + k)) this.inflight.delete(k);
    return n;
  }

  snapshot(): CacheStats {
    const s = this.l2;
    const total = this.hits + this.misses;
    const store = this.lastStore ?? this.store();
    return {
      namespace: this.namespace,
      hits: this.hits,
      misses: this.misses,
      hitRate: total === 0 ? 0 : this.hits / total,
      coalesced: this.coalesced,
      uncacheable: this.uncacheable,
      size: this.lru.size,
      l2: {
        hits: s.hits,
        misses: s.misses,
        errors: s.errors,
        timeouts: s.timeouts,
        corrupt: s.corrupt,
        skipped: s.skipped,
        writes: s.writes,
        writeErrors: s.writeErrors,
        latencyMsAvg: s.latencyN === 0 ? 0 : s.latencySum / s.latencyN,
        latencyMsMax: s.latencyMax,
        breaker: store ? guardOf(store).state : null,
      },
    };
  }
}

function keyOf(h: Handle, keyFn: AnyFn | undefined, thisArg: unknown, args: unknown[]): string | undefined {
  try {
    if (keyFn === undefined) return argsKey(args);
    const k: unknown = keyFn.apply(thisArg, args);
    return typeof k === 'string' ? k : argsKey([k]);
  } catch (e) {
    if (e instanceof UncacheableError) {
      h.uncacheable++;
      return undefined;
    }
    throw e;
  }
}

function wrap<F extends AnyFn>(fn: F, options: CachedOptions = {}, fallbackName?: string): CachedFunction<F> {
  if (typeof fn !== 'function') throw new TypeError('perf-lint/runtime: cached() expects a function');
  const existing = handles.get(fn);
  if (existing) return fn as CachedFunction<F>; // already cached: wrapping twice would double-count
  const h = new Handle(fn, options, fallbackName);
  const lru = h.lru;
  const keyFn = options.key as AnyFn | undefined;
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    let k: string | undefined;
    if (keyFn === undefined && args.length === 1) {
      // Fast path for the common single primitive argument; same text argsKey would produce.
      const a = args[0];
      if (typeof a === 'string') k = JSON.stringify(a);
      else if (typeof a === 'number' && a !== 0) k = String(a);
      else k = keyOf(h, undefined, this, args);
    } else k = keyOf(h, keyFn, this, args);
    if (k === undefined) return fn.apply(this, args);
    const v = lru.get(k);
    if (v !== undefined) {
      h.hits++;
      return v === UNDEF ? undefined : v === NULL ? null : v;
    }
    return h.miss(this, args, k);
  };
  Object.defineProperty(wrapper, 'name', { value: fn.name || options.namespace || '', configurable: true });
  Object.defineProperty(wrapper, 'length', { value: fn.length, configurable: true });
  Object.defineProperty(wrapper, 'stats', { get: () => h.snapshot(), configurable: true });
  Object.defineProperty(wrapper, 'namespace', { get: () => h.namespace, configurable: true });
  Object.defineProperty(wrapper, 'invalidate', {
    value: async function (this: unknown, ...args: unknown[]) {
      const k = keyOf(h, keyFn, this, args);
      if (k !== undefined) await h.invalidate(k);
    },
    configurable: true,
  });
  Object.defineProperty(wrapper, 'clear', { value: () => h.clear(), configurable: true });
  handles.set(wrapper, h);
  return wrapper as unknown as CachedFunction<F>;
}

function decorator(options: CachedOptions): CachedDecorator {
  return function (this: unknown, a: unknown, b: unknown, c?: unknown): unknown {
    if (typeof a === 'function' && b !== null && typeof b === 'object' && 'kind' in b) {
      const ctx = b as ClassMethodDecoratorContext;
      if (ctx.kind !== 'method') throw new TypeError(`perf-lint/runtime: @cached applies to methods, not to a ${String(ctx.kind)}`);
      const name = typeof ctx.name === 'symbol' ? (ctx.name.description ?? 'symbol') : ctx.name;
      const w = wrap(a as AnyFn, options, name);
      const h = handles.get(w);
      if (h && options.namespace === undefined) {
        // The class name is only known once an instance (or the class, for statics) exists.
        ctx.addInitializer(function (this: unknown) {
          const cls = typeof this === 'function' ? this.name : (this as { constructor?: { name?: string } } | null)?.constructor?.name;
          if (cls && !h.explicit && h.namespace.indexOf('.') < 0) h.rename(`${cls}.${name}`);
        });
      }
      return w;
    }
    if (c !== null && typeof c === 'object' && typeof (c as PropertyDescriptor).value === 'function') {
      const d = c as PropertyDescriptor;
      const cls = typeof a === 'function' ? a.name : ((a as { constructor?: { name?: string } } | null)?.constructor?.name ?? '');
      const name = typeof b === 'symbol' ? (b.description ?? 'symbol') : String(b);
      return { ...d, value: wrap(d.value as AnyFn, options, cls ? `${cls}.${name}` : name) };
    }
    throw new TypeError('perf-lint/runtime: @cached applies to methods');
  } as CachedDecorator;
}

/** Bare `@cached` as a standard (TC39) method decorator. */
export function cached<T extends AnyFn>(value: T, context: ClassMethodDecoratorContext<unknown, T>): T;
/** Bare `@cached` as a legacy (`experimentalDecorators`) method decorator. */
export function cached<T>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T>;
/** Wraps a function with a two-tier cache. */
export function cached<F extends AnyFn>(fn: F, options?: CachedOptions<Parameters<F>>): CachedFunction<F>;
/** Method decorator (standard or legacy `experimentalDecorators`), with options. */
// `any[]`: a decorator factory cannot see the method's parameters, so a `key` function's
// parameters are left untyped (as they would be in JavaScript) rather than `unknown`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function cached(options?: CachedOptions<any[]>): CachedDecorator;
export function cached(...args: unknown[]): unknown {
  const [a, b, c] = args;
  if (typeof a === 'function') {
    // Bare `@cached` (no parentheses) in either decorator mode arrives here with the decorator's arguments.
    if (b !== null && typeof b === 'object' && 'kind' in b) return (decorator({}) as (x: unknown, y: unknown) => unknown)(a, b);
    if (args.length === 3 && (typeof b === 'string' || typeof b === 'symbol')) return (decorator({}) as (x: unknown, y: unknown, z: unknown) => unknown)(a, b, c);
    return wrap(a as AnyFn, (b ?? {}) as CachedOptions);
  }
  if (args.length === 3 && a !== null && typeof a === 'object' && (typeof b === 'string' || typeof b === 'symbol')) {
    return (decorator({}) as (x: unknown, y: unknown, z: unknown) => unknown)(a, b, c);
  }
  return decorator((a ?? {}) as CachedOptions);
}

/** Replaces `target[key]` (a prototype or a class) with a cached version, keeping its property attributes; for code without decorators. */
export function cacheMethod(target: object, key: string | symbol, options: CachedOptions = {}): void {
  const d = Object.getOwnPropertyDescriptor(target, key);
  if (!d || typeof d.value !== 'function') throw new TypeError(`perf-lint/runtime: ${String(key)} is not a method of the given target`);
  if (handles.has(d.value as object)) return;
  const cls = typeof target === 'function' ? target.name : ((target as { constructor?: { name?: string } }).constructor?.name ?? '');
  const name = typeof key === 'symbol' ? (key.description ?? 'symbol') : key;
  Object.defineProperty(target, key, { ...d, value: wrap(d.value as AnyFn, options, cls ? `${cls}.${name}` : name) });
}

/** Sets runtime-wide defaults: the L2 store that `l2: 'default'` refers to (null removes it). */
export function configureCache(config: { l2?: CacheStore | null }): void {
  if (config.l2 !== undefined) defaults.l2 = config.l2;
}

/** Counters of a cached function (or undefined if fn is not one). */
export function cacheStats(fn: unknown): CacheStats | undefined {
  return typeof fn === 'function' ? handles.get(fn)?.snapshot() : undefined;
}

/** Counters of every cached function, by namespace. */
export function allCacheStats(): CacheStats[] {
  return [...registry.values()].map((h) => h.snapshot());
}

/**
 * Drops entries whose full key (`namespace:args`, args as serialized in keys) matches a Redis-style
 * glob, in L1 of every cached function and in every L2 store in use (SCAN + DEL). Never throws.
 */
export async function invalidate(pattern: string): Promise<{ l1: number; l2: number }> {
  const re = globToRegExp(pattern);
  let l1 = 0;
  const stores = new Set<CacheStore>();
  const flushing: Promise<void>[] = [];
  for (const h of registry.values()) {
    l1 += h.dropMatching(re);
    const s = h.store();
    if (s) stores.add(s);
    flushing.push(h.flushWrites());
  }
  await Promise.all(flushing);
  let l2 = 0;
  for (const s of stores) {
    const g = guardOf(s);
    const r = await g.run(() => s.deletePattern(pattern), g.scanTimeoutMs);
    if (r.ok) l2 += r.value;
  }
  return { l1, l2 };
}

/** Clears every cached function carrying this tag, in both tiers. */
export async function invalidateTag(tag: string): Promise<void> {
  await Promise.all([...registry.values()].filter((h) => h.tags.includes(tag)).map((h) => h.clear()));
}
