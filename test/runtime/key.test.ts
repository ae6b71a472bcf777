import { describe, expect, it } from 'vitest';
import { argsKey } from '../../src/runtime/key.js';
import { toMs } from '../../src/runtime/duration.js';

describe('argsKey', () => {
  it('ignores object key order and Map/Set insertion order', () => {
    expect(argsKey([{ a: 1, b: { c: 2, d: 3 } }])).toBe(argsKey([{ b: { d: 3, c: 2 }, a: 1 }]));
    expect(argsKey([new Map([['x', 1], ['y', 2]])])).toBe(argsKey([new Map([['y', 2], ['x', 1]])]));
    expect(argsKey([new Set([1, 2, 3])])).toBe(argsKey([new Set([3, 1, 2])]));
  });

  it('keeps values of different types apart', () => {
    const values: unknown[] = [1, '1', 1n, true, 'true', null, 'null', undefined, 'undefined', 0, -0, NaN, 'NaN',
      [1], ['1'], { a: 1 }, { a: '1' }, { a: undefined }, {}, new Date(0), new Date(1), new Map(), new Set(), [], [undefined], [, 1], Buffer.from('a'), new Uint8Array([97])];
    const keys = values.map((v) => argsKey([v]));
    expect(new Set(keys).size).toBe(values.length);
  });

  it('separates argument lists that would concatenate the same', () => {
    expect(argsKey(['a,b'])).not.toBe(argsKey(['a', 'b']));
    expect(argsKey([1, 2])).not.toBe(argsKey([[1, 2]]));
    expect(argsKey([])).not.toBe(argsKey([undefined]));
  });

  it('reads dates by instant and class instances by class and data', () => {
    expect(argsKey([new Date('2024-01-01T00:00:00Z')])).toBe(argsKey([new Date(1704067200000)]));
    class Point { constructor(public x: number, public y: number) {} }
    class Size { constructor(public x: number, public y: number) {} }
    expect(argsKey([new Point(1, 2)])).toBe(argsKey([new Point(1, 2)]));
    expect(argsKey([new Point(1, 2)])).not.toBe(argsKey([new Size(1, 2)]));
    expect(argsKey([new Point(1, 2)])).not.toBe(argsKey([{ x: 1, y: 2 }]));
  });

  it('refuses functions, symbols and cycles', () => {
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => argsKey([() => 1])).toThrow(/function/);
    expect(() => argsKey([Symbol('s')])).toThrow(/symbol/);
    expect(() => argsKey([cyc])).toThrow(/circular/);
    // The same object twice is not a cycle.
    const shared = { a: 1 };
    expect(argsKey([[shared, shared]])).toBe('[{"a":1},{"a":1}]');
  });

  it('stays readable for pattern invalidation', () => {
    expect(argsKey([42])).toBe('42');
    expect(argsKey(['user', 7])).toBe('"user",7');
    expect(argsKey([{ id: 1n }])).toBe('{"id":1n}');
  });
});

describe('toMs', () => {
  it('parses numbers and duration strings', () => {
    expect([toMs(250), toMs('250ms'), toMs('30s'), toMs('5m'), toMs('1h'), toMs('1d'), toMs('1.5s'), toMs('100')]).toEqual([
      250, 250, 30_000, 300_000, 3_600_000, 86_400_000, 1500, 100,
    ]);
  });
  it('rejects what is not a duration, quoting it', () => {
    expect(() => toMs('5 minutes')).toThrow(/"5 minutes" is not a duration/);
    expect(() => toMs(-1)).toThrow(/-1/);
    expect(() => toMs(Number.NaN)).toThrow(/NaN/);
  });
});
