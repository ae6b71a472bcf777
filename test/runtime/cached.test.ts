import { describe, expect, it } from 'vitest';
import { cached, cacheMethod, cacheStats, invalidate, invalidateTag, configureCache } from '../../src/runtime/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cached (L1)', () => {
  it('calls a sync function once per key and keeps name, length and this', () => {
    const calls: unknown[] = [];
    const obj = {
      factor: 10,
      scale: cached(function scale(this: { factor: number }, x: number, y = 0) {
        calls.push([x, y]);
        return x * this.factor + y;
      }),
    };
    expect([obj.scale(2), obj.scale(2), obj.scale(3), obj.scale(2, 1), obj.scale(2)]).toEqual([20, 20, 30, 21, 20]);
    expect(calls).toEqual([[2, 0], [3, 0], [2, 1]]);
    expect(obj.scale.name).toBe('scale');
    expect(obj.scale.length).toBe(1);
    expect(cacheStats(obj.scale)).toMatchObject({ hits: 2, misses: 3, size: 3 });
    expect(obj.scale.stats.hitRate).toBeCloseTo(2 / 5);
  });

  it('caches undefined and null results too', () => {
    let n = 0;
    const f = cached((x: number) => (n++, x > 0 ? null : undefined), { namespace: 'nullish' });
    f(1); f(1); f(-1); f(-1);
    expect(n).toBe(2);
    expect([f(1), f(-1)]).toEqual([null, undefined]);
  });

  it('does not cache a sync throw', () => {
    let n = 0;
    const f = cached((x: number) => {
      n++;
      if (n === 1) throw new Error('first call fails');
      return x;
    });
    expect(() => f(1)).toThrow('first call fails');
    expect(f(1)).toBe(1);
    expect(f(1)).toBe(1);
    expect(n).toBe(2);
  });

  it('coalesces concurrent async calls and never caches a rejection', async () => {
    let n = 0;
    const f = cached(async function load(id: number) {
      n++;
      await sleep(20);
      if (id < 0) throw new Error(`bad id ${id}`);
      return { id };
    });
    const results = await Promise.all([f(1), f(1), f(1), f(2)]);
    expect(results).toEqual([{ id: 1 }, { id: 1 }, { id: 1 }, { id: 2 }]);
    expect(results[0]).toBe(results[1]);
    expect(n).toBe(2);
    expect(f.stats.coalesced).toBe(2);
    await expect(Promise.all([f(-1), f(-1)])).rejects.toThrow('bad id -1');
    expect(n).toBe(3);
    await expect(f(-1)).rejects.toThrow('bad id -1');
    expect(n).toBe(4);
    expect(await f(1)).toEqual({ id: 1 });
    expect(n).toBe(4);
  });

  it('expires entries after ttl and evicts beyond max', async () => {
    let n = 0;
    const f = cached((x: string) => `${x}:${++n}`, { ttl: '100ms', max: 2 });
    expect(f('a')).toBe('a:1');
    expect(f('a')).toBe('a:1');
    await sleep(180);
    expect(f('a')).toBe('a:2');
    f('b');
    f('c'); // evicts the least recently used: a
    expect(f('a')).toBe('a:5');
    expect(f.stats.size).toBe(2);
  });

  it('uses a custom key function and bypasses the cache for unkeyable arguments', () => {
    let n = 0;
    const f = cached((user: { id: number; name: string }) => (n++, user.name.toUpperCase()), { key: (u) => u.id });
    expect(f({ id: 1, name: 'ann' })).toBe('ANN');
    expect(f({ id: 1, name: 'other' })).toBe('ANN');
    expect(n).toBe(1);
    let m = 0;
    const g = cached((cb: () => number) => (m++, cb()));
    expect(g(() => 1) + g(() => 2)).toBe(3);
    expect(m).toBe(2);
    expect(g.stats.uncacheable).toBe(2);
  });

  it('gives each function its own namespace', () => {
    const a = cached(function twin() { return 1; });
    const b = cached(function twin() { return 2; });
    const c = cached(() => 3);
    expect(a.namespace).toBe('twin');
    expect(b.namespace).toBe('twin#2');
    expect(c.namespace).toMatch(/^anonymous#\d+$/);
    expect([a(), b(), c()]).toEqual([1, 2, 3]);
  });

  it('invalidates by key, by pattern and by tag', async () => {
    let n = 0;
    const user = cached((id: number) => `user${id}#${++n}`, { namespace: 'inv.user', tags: ['users'] });
    const post = cached((id: number) => `post${id}#${++n}`, { namespace: 'inv.post' });
    user(1); user(2); post(1);
    await user.invalidate(1);
    expect(user(1)).toBe('user1#4');
    expect(user(2)).toBe('user2#2');
    expect(await invalidate('inv.*:2')).toEqual({ l1: 1, l2: 0 });
    expect(user(2)).toBe('user2#5');
    expect(post(1)).toBe('post1#3');
    await invalidateTag('users');
    expect(user(1)).toBe('user1#6');
    expect(post(1)).toBe('post1#3');
    await post.clear();
    expect(post(1)).toBe('post1#7');
  });

  it('drops an in-flight result invalidated before it settles', async () => {
    let n = 0;
    const f = cached(async (x: number) => (await sleep(20), `${x}#${++n}`));
    const p = f(1);
    await f.invalidate(1);
    expect(await p).toBe('1#1');
    expect(await f(1)).toBe('1#2');
  });

  it('works without a store when l2 is "default" and none is configured', () => {
    configureCache({ l2: null });
    let n = 0;
    const f = cached((x: number) => x + ++n, { l2: 'default' });
    expect([f(1), f(1)]).toEqual([2, 2]);
  });

  it('cacheMethod wraps a prototype method and keeps it non-enumerable', () => {
    let n = 0;
    class Repo {
      constructor(private base: number) {}
      find(id: number) { n++; return this.base + id; }
    }
    cacheMethod(Repo.prototype, 'find', { max: 10 });
    cacheMethod(Repo.prototype, 'find'); // idempotent
    const r = new Repo(100);
    expect([r.find(1), r.find(1), r.find(2)]).toEqual([101, 101, 102]);
    expect(n).toBe(2);
    expect(Object.getOwnPropertyDescriptor(Repo.prototype, 'find')?.enumerable).toBe(false);
    expect(cacheStats(Repo.prototype.find)?.namespace).toBe('Repo.find');
  });

  it('reports bad options when wrapping, not when calling', () => {
    expect(() => cached((x: number) => x, { ttl: 'soon' })).toThrow(/"soon" is not a duration/);
    expect(() => cached((x: number) => x, { max: 0 })).toThrow(/max 0/);
  });
});
