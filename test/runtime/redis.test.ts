/**
 * The L2 tier against a real redis-server (started here on a free port), through both clients the
 * store supports: ioredis and node-redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { cached, createRedisStore, invalidate, type CacheStore, type RedisStoreOptions } from '../../src/runtime/index.js';
import { redisSkipReason, startRedis, type RedisServer } from '../helpers/redis.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the tests need from a client, whichever library backs it. */
interface Client {
  raw: object;
  get(k: string): Promise<string | null>;
  set(k: string, v: string): Promise<void>;
  keys(pattern: string): Promise<string[]>;
  pttl(k: string): Promise<number>;
  debugSleep(seconds: number): Promise<void>;
  close(): Promise<void>;
}

async function ioredisClient(port: number): Promise<Client> {
  // A short fixed retry: the tests kill and restart the server.
  const c = new Redis({ port, host: '127.0.0.1', retryStrategy: () => 50, maxRetriesPerRequest: 1 });
  c.on('error', () => {});
  await c.ping();
  return {
    raw: c,
    get: (k) => c.get(k),
    set: async (k, v) => void (await c.set(k, v)),
    keys: async (p) => (await c.scan('0', 'MATCH', p, 'COUNT', 10000))[1].sort(),
    pttl: (k) => c.pttl(k),
    debugSleep: async (s) => void (await c.call('DEBUG', 'SLEEP', String(s))),
    close: async () => void c.disconnect(),
  };
}

async function nodeRedisClient(port: number): Promise<Client> {
  const c = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: () => 50 } });
  c.on('error', () => {});
  await c.connect();
  return {
    raw: c,
    get: (k) => c.get(k) as Promise<string | null>,
    set: async (k, v) => void (await c.set(k, v)),
    keys: async (p) => (await c.scan('0', { MATCH: p, COUNT: 10000 })).keys.sort(),
    pttl: (k) => c.pTTL(k),
    debugSleep: async (s) => void (await c.sendCommand(['DEBUG', 'SLEEP', String(s)])),
    close: async () => void c.destroy(),
  };
}

async function until(cond: () => Promise<boolean> | boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

// The reason is in the title so a skipped run says why in the reporter's output.
describe.skipIf(redisSkipReason)(redisSkipReason ? `Redis L2 tier (skipped: ${redisSkipReason})` : 'Redis L2 tier', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe.each([
    ['ioredis', ioredisClient],
    ['node-redis', nodeRedisClient],
  ] as const)('with %s', (lib, connect) => {
    let client: Client;
    let admin: Client;
    const clients: Client[] = [];
    const open = async () => {
      const c = await connect(server.port);
      clients.push(c);
      return c;
    };
    // Generous timeout where a test asserts L2 hits: this machine runs other suites in parallel.
    const storeOf = (c: Client, o: RedisStoreOptions = {}): CacheStore => createRedisStore(c.raw, { prefix: `t:${lib}:`, timeoutMs: 2000, ...o });
    beforeAll(async () => {
      client = await open();
      admin = await open();
    });
    afterAll(async () => {
      for (const c of clients) await c.close();
    });

    it('detects the client shape', () => {
      expect(createRedisStore(client.raw).kind).toBe(lib);
      expect(() => createRedisStore({ get() {} })).toThrow(/ioredis or node-redis/);
    });

    it('reads through L1, then L2, then the function, and writes through with its own TTL', async () => {
      let n = 0;
      const f = cached(async (id: number) => ({ id, at: new Date(id * 1000), tags: new Set(['a']), n: ++n }), {
        // Wide margins: a loaded CI machine may take hundreds of ms between two awaits.
        ttl: 200, l2Ttl: 2000, l2: storeOf(client), namespace: `rt-${lib}`,
      });
      const first = await f(7);
      expect(first).toEqual({ id: 7, at: new Date(7000), tags: new Set(['a']), n: 1 });
      const key = `t:${lib}:rt-${lib}:7`;
      await until(async () => (await admin.get(key)) !== null, 'the write-through');
      const ttl = await admin.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(2000);
      expect(await f(7)).toBe(first); // L1 hit: the same promise result object
      await sleep(300); // L1 expired, L2 still holds it
      const fromL2 = await f(7);
      expect(fromL2).toEqual(first);
      expect(fromL2.at).toBeInstanceOf(Date);
      expect(n).toBe(1);
      expect(f.stats).toMatchObject({ hits: 1, misses: 2, l2: { hits: 1, misses: 1, errors: 0, writes: 1 } });
      await sleep(2100); // both tiers expired
      expect(await admin.get(key)).toBeNull();
      expect((await f(7)).n).toBe(2);
    });

    it('coalesces concurrent calls into one L2 read and one function call', async () => {
      let n = 0;
      const f = cached(async (id: string) => (await sleep(30), `${id}:${++n}`), { l2: storeOf(client), namespace: `co-${lib}` });
      const out = await Promise.all(Array.from({ length: 20 }, () => f('x')));
      expect(new Set(out)).toEqual(new Set(['x:1']));
      expect(f.stats).toMatchObject({ misses: 1, coalesced: 19, l2: { misses: 1 } });
    });

    it('round-trips a large value compressed in Redis', async () => {
      const rows = Array.from({ length: 3000 }, (_, i) => ({ id: i, big: BigInt(i) ** 3n, name: `row ${i}`, when: new Date(i) }));
      const f = cached(async (_q: string) => rows, { ttl: 50, l2Ttl: 5000, l2: storeOf(client, { compressThreshold: 1024 }), namespace: `big-${lib}` });
      await f('all');
      const key = `t:${lib}:big-${lib}:"all"`;
      await until(async () => (await admin.get(key)) !== null, 'the compressed write');
      const raw = (await admin.get(key)) as string;
      expect(raw.startsWith('b:')).toBe(true);
      await sleep(80);
      const back = await f('all');
      expect(f.stats.l2.hits).toBe(1);
      expect(back).not.toBe(rows);
      expect(back).toEqual(rows);
    });

    it('invalidates by key and by pattern in both tiers (SCAN)', async () => {
      let n = 0;
      const store = storeOf(client);
      const f = cached(async (id: number) => `v${id}.${++n}`, { l2: store, namespace: `inv-${lib}` });
      await Promise.all([1, 2, 3, 11].map((i) => f(i)));
      await until(async () => (await admin.keys(`t:${lib}:inv-${lib}:*`)).length === 4, 'four keys in Redis');
      await f.invalidate(2);
      expect(await admin.keys(`t:${lib}:inv-${lib}:*`)).toEqual([1, 11, 3].map((i) => `t:${lib}:inv-${lib}:${i}`));
      const r = await invalidate(`inv-${lib}:1*`);
      expect(r).toEqual({ l1: 2, l2: 2 });
      expect(await admin.keys(`t:${lib}:inv-${lib}:*`)).toEqual([`t:${lib}:inv-${lib}:3`]);
      expect(await f(1)).toBe('v1.5');
      expect(await f(3)).toBe('v3.3');
      await f.clear();
      expect(await admin.keys(`t:${lib}:inv-${lib}:*`)).toEqual([]);
    });

    it('does not let a write-through in flight restore a key invalidated meanwhile', async () => {
      const f = cached(async (id: number) => ({ id, payload: 'x'.repeat(5000) }), { l2: storeOf(client), namespace: `race-${lib}` });
      for (let i = 0; i < 10; i++) {
        await f(i); // its L2 write (compressed: the slow path) is started, not awaited
        await f.invalidate(i);
      }
      await f(100);
      await invalidate(`race-${lib}:*`);
      await sleep(100);
      expect(await admin.keys(`t:${lib}:race-${lib}:*`)).toEqual([]);
    });

    it('treats garbage in Redis as a miss and overwrites it', async () => {
      let n = 0;
      const f = cached(async (id: number) => ({ id, n: ++n }), { l2: storeOf(client), namespace: `junk-${lib}` });
      const key = `t:${lib}:junk-${lib}:5`;
      await admin.set(key, 'not a perf-lint value');
      expect(await f(5)).toEqual({ id: 5, n: 1 });
      expect(f.stats.l2).toMatchObject({ errors: 1, corrupt: 1, breaker: 'closed' });
      await until(async () => (await admin.get(key))?.startsWith('j:') ?? false, 'the overwrite');
    });

    it('answers from the function when Redis is slow (per-operation timeout)', async () => {
      const slowClient = await open();
      let n = 0;
      const f = cached(async (id: number) => id * 2 + 0 * ++n, { l2: storeOf(slowClient, { timeoutMs: 50 }), namespace: `slow-${lib}` });
      const blocking = admin.debugSleep(0.4); // blocks the whole server
      await sleep(20);
      expect(await Promise.all([f(1), f(2), f(3)])).toEqual([2, 4, 6]);
      await blocking;
      expect(f.stats.l2.timeouts).toBe(3);
      expect(n).toBe(3);
    });
  });

  describe.each([
    ['ioredis', ioredisClient],
    ['node-redis', nodeRedisClient],
  ] as const)('outage with %s', (lib, connect) => {
    it('never fails a call while Redis is killed under load, opens the breaker, and resumes after a restart', async () => {
      const client = await connect(server.port);
      const admin = await connect(server.port);
      try {
        let calls = 0;
        const store = createRedisStore(client.raw, { prefix: `o:${lib}:`, timeoutMs: 100, failureThreshold: 3, coolDownMs: 300 });
        const f = cached(async (id: number) => {
          calls++;
          await sleep(1);
          return { id, square: id * id };
        }, { ttl: 30, l2: store, namespace: `outage-${lib}` });

        const failures: unknown[] = [];
        const wrong: unknown[] = [];
        let done = 0;
        const load = async (rounds: number) => {
          for (let r = 0; r < rounds; r++) {
            await Promise.all(Array.from({ length: 40 }, async (_, i) => {
              const id = (i * 7 + r) % 50;
              try {
                const v = await f(id);
                if (v.id !== id || v.square !== id * id) wrong.push([id, v]);
                done++;
              } catch (e) {
                failures.push(e);
              }
            }));
            await sleep(5);
          }
        };
        const running = load(120);
        await until(() => f.stats.l2.writes > 20, 'L2 writes before the crash');
        await server.kill();
        await running;
        expect(failures).toEqual([]);
        expect(wrong).toEqual([]);
        expect(done).toBe(120 * 40);
        await until(() => f.stats.l2.breaker === 'open', 'the breaker to open');
        const skippedBefore = f.stats.l2.skipped;
        await Promise.all(Array.from({ length: 50 }, (_, i) => f(1000 + i)));
        expect(f.stats.l2.skipped).toBeGreaterThan(skippedBefore); // not hammering a dead server
        await sleep(350); // cool-down over: the next L2 call is the half-open probe, which fails
        const errorsBefore = f.stats.l2.errors;
        // New keys each time (an L1 hit would not reach L2); under load the cool-down may end a little later.
        let probe = 5000;
        await until(async () => {
          probe++;
          expect(await f(probe)).toEqual({ id: probe, square: probe * probe });
          return f.stats.l2.errors > errorsBefore;
        }, 'the half-open probe to fail');
        expect(f.stats.l2.errors).toBe(errorsBefore + 1);
        expect(f.stats.l2.breaker).toBe('open');

        await server.start(); // same port, empty data set
        await until(async () => {
          await f(2000 + Math.floor(Math.random() * 1e6));
          return f.stats.l2.breaker === 'closed' && (await admin.keys(`o:${lib}:outage-${lib}:*`).catch(() => [])).length > 0;
        }, 'L2 to resume after the restart', 15_000);
        expect(calls).toBeGreaterThan(0);
      } finally {
        await client.close();
        await admin.close();
      }
    });
  });
});
