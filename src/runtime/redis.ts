/**
 * A CacheStore over a Redis client the user creates and passes in (ioredis, or node-redis v4 and
 * later). The client is never imported here: only its shape is detected, so `perf-lint/runtime`
 * stays free of either library.
 */
import type * as Codec from './codec.js';
import { toMs, type Duration } from './duration.js';
import type { CacheStore, GuardOptions } from './store.js';

// The codec is loaded on the first L2 operation: a program that never configures Redis never pays for it.
let codec: Promise<typeof Codec> | undefined;
const loadCodec = () => (codec ??= import('./codec.js'));
const pack = async (value: unknown, threshold: number) => (await loadCodec()).pack(value, threshold);
const unpack = async (raw: unknown) => (await loadCodec()).unpack(raw);

/** The ioredis methods used. */
interface IoRedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ...args: (string | number)[]): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
  scan(cursor: string | number, ...args: (string | number)[]): Promise<[string, string[]]>;
  getBuffer: unknown;
}

/** The node-redis (v4+) methods used. */
interface NodeRedisLike {
  get(key: string): Promise<string | null | Buffer>;
  set(key: string, value: string, options?: { PX?: number }): Promise<unknown>;
  del(keys: string[]): Promise<number>;
  scanIterator(options: { MATCH: string; COUNT: number }): AsyncIterable<string | string[]>;
}

/** Anything with the shape of an ioredis or node-redis client. */
export type RedisClientLike = IoRedisLike | NodeRedisLike | object;

export interface RedisStoreOptions extends GuardOptions {
  /** Prefix of every key written (default "perf-lint:"). Use it instead of an ioredis keyPrefix. */
  prefix?: string;
  /** Default L2 TTL when a cached function gives none (default: no expiry). */
  ttl?: Duration;
  /** JSON larger than this many bytes is brotli-compressed (default 1024). */
  compressThreshold?: number;
  /** SCAN COUNT hint (default 500). */
  scanCount?: number;
}

export interface RedisStore extends CacheStore {
  readonly kind: 'ioredis' | 'node-redis';
  readonly prefix: string;
}

function isIoRedis(c: object): c is IoRedisLike {
  return typeof (c as IoRedisLike).getBuffer === 'function' && typeof (c as IoRedisLike).scan === 'function';
}

function isNodeRedis(c: object): c is NodeRedisLike {
  return typeof (c as NodeRedisLike).scanIterator === 'function';
}

/** Wraps an ioredis or node-redis client as an L2 store; throws a TypeError for anything else. */
export function createRedisStore(client: RedisClientLike, options: RedisStoreOptions = {}): RedisStore {
  const prefix = options.prefix ?? 'perf-lint:';
  const defaultTtl = options.ttl === undefined ? undefined : toMs(options.ttl, 'redis ttl');
  const threshold = options.compressThreshold ?? 1024;
  const count = options.scanCount ?? 500;
  const guard: GuardOptions = {
    timeoutMs: options.timeoutMs,
    scanTimeoutMs: options.scanTimeoutMs,
    failureThreshold: options.failureThreshold,
    coolDownMs: options.coolDownMs,
  };
  const ttlOf = (ttlMs: number | undefined) => {
    const t = ttlMs ?? defaultTtl;
    // Redis rejects PX 0; a TTL under 1 ms is treated as the smallest it accepts.
    return t === undefined || t === 0 ? undefined : Math.max(1, Math.round(t));
  };
  const get = async (read: (k: string) => Promise<unknown>, key: string) => {
    const raw = await read(prefix + key);
    return raw === null || raw === undefined ? undefined : { value: await unpack(raw) };
  };

  if (isIoRedis(client)) {
    const c = client;
    return {
      kind: 'ioredis',
      prefix,
      guard,
      get: (key) => get((k) => c.get(k), key),
      async set(key, value, ttlMs) {
        const text = await pack(value, threshold);
        const px = ttlOf(ttlMs);
        await (px === undefined ? c.set(prefix + key, text) : c.set(prefix + key, text, 'PX', px));
      },
      async delete(keys) {
        if (keys.length) await c.del(...keys.map((k) => prefix + k));
      },
      async deletePattern(pattern) {
        let cursor = '0';
        let n = 0;
        do {
          const [next, keys] = await c.scan(cursor, 'MATCH', prefix + pattern, 'COUNT', count);
          cursor = String(next);
          if (keys.length) n += await c.del(...keys);
        } while (cursor !== '0');
        return n;
      },
    };
  }
  if (isNodeRedis(client)) {
    const c = client;
    return {
      kind: 'node-redis',
      prefix,
      guard,
      get: (key) => get((k) => c.get(k), key),
      async set(key, value, ttlMs) {
        const text = await pack(value, threshold);
        const px = ttlOf(ttlMs);
        // { PX } is accepted from v4 through v6 (v5 added `expiration` and kept PX).
        await (px === undefined ? c.set(prefix + key, text) : c.set(prefix + key, text, { PX: px }));
      },
      async delete(keys) {
        if (keys.length) await c.del(keys.map((k) => prefix + k));
      },
      async deletePattern(pattern) {
        let n = 0;
        // v4 yields one key at a time, v5+ yields a batch per SCAN page.
        for await (const item of c.scanIterator({ MATCH: prefix + pattern, COUNT: count })) {
          const keys = Array.isArray(item) ? item : [item];
          if (keys.length) n += await c.del(keys);
        }
        return n;
      },
    };
  }
  throw new TypeError('perf-lint/runtime: createRedisStore expects an ioredis or node-redis (v4+) client');
}
