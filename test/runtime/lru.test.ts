import { describe, expect, it } from 'vitest';
import { Lru } from '../../src/runtime/lru.js';

describe('Lru (the L1 store)', () => {
  it('evicts the least recently used entry beyond max, a read counting as a use', () => {
    const l = new Lru<number>(2, 0);
    l.set('a', 1);
    l.set('b', 2);
    expect(l.get('a')).toBe(1); // a is now the most recent
    l.set('c', 3);
    expect([...l.keys()]).toEqual(['a', 'c']);
    expect(l.get('b')).toBeUndefined();
    expect(l.size).toBe(2);
  });

  it('overwriting a key makes it the most recent without growing', () => {
    const l = new Lru<string>(2, 0);
    l.set('a', 'x');
    l.set('b', 'y');
    l.set('a', 'z');
    l.set('c', 'w');
    expect([...l.keys()]).toEqual(['a', 'c']);
    expect(l.get('a')).toBe('z');
  });

  it('expires entries after ttl and drops them when read', async () => {
    const l = new Lru<number>(10, 40);
    l.set('a', 1);
    expect(l.get('a')).toBe(1);
    await new Promise((r) => setTimeout(r, 80));
    expect(l.size).toBe(1);
    expect(l.get('a')).toBeUndefined();
    expect(l.size).toBe(0);
  });

  it('delete and clear', () => {
    const l = new Lru<number>(10, 0);
    l.set('a', 1);
    l.set('b', 2);
    expect(l.delete('a')).toBe(true);
    expect(l.delete('a')).toBe(false);
    l.clear();
    expect(l.size).toBe(0);
  });
});
