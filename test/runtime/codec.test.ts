import { describe, expect, it } from 'vitest';
import { pack, unpack, CorruptValueError, NotSerializableError } from '../../src/runtime/codec.js';

describe('L2 codec', () => {
  it('round-trips what L1 can hold', async () => {
    const value = {
      date: new Date('2024-05-06T07:08:09.010Z'),
      big: 12345678901234567890n,
      map: new Map<unknown, unknown>([[1, 'one'], ['k', new Set([1, 'a'])]]),
      set: new Set([new Date(5), 2n]),
      undef: undefined,
      nums: [NaN, Infinity, -Infinity, -0, 0, 1.5],
      buf: Buffer.from([0, 1, 255]),
      f64: new Float64Array([1.5, -2]),
      re: /a+b/gi,
      holes: [1, undefined, 3],
      nested: { $t: 'not a tag', deep: [[{ x: null }]] },
      str: 'ünïcødé \u0000 "quoted"',
    };
    const back = (await unpack(await pack(value, 1 << 20))) as typeof value;
    expect(back).toEqual(value);
    expect(back.date).toBeInstanceOf(Date);
    expect(Object.is(back.nums[3], -0)).toBe(true);
    expect(back.buf).toBeInstanceOf(Buffer);
    expect(back.f64).toBeInstanceOf(Float64Array);
    expect('undef' in back).toBe(true);
    expect(await unpack(await pack(undefined, 10))).toBeUndefined();
  });

  it('compresses above the threshold and reads it back', async () => {
    const big = { rows: Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `user-${i}`, tags: ['a', 'b'] })) };
    const small = await pack({ a: 1 }, 1024);
    const packed = await pack(big, 1024);
    expect(small.startsWith('j:')).toBe(true);
    expect(packed.startsWith('b:')).toBe(true);
    expect(packed.length).toBeLessThan(JSON.stringify(big).length / 4);
    expect(await unpack(packed)).toEqual(big);
  });

  it('refuses garbage and unserializable values with typed errors', async () => {
    for (const raw of ['hello', 'j:{not json', 'b:!!!!', 'j:{"$t":"zzz"}', 42]) {
      await expect(unpack(raw)).rejects.toBeInstanceOf(CorruptValueError);
    }
    await expect(pack({ f: () => 1 }, 1024)).rejects.toBeInstanceOf(NotSerializableError);
  });
});
