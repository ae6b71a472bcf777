/**
 * What the L2 tier stores: a tagged JSON text that round-trips what L1 holds (Date, BigInt, Map,
 * Set, undefined, Buffer and typed arrays, NaN/Infinity/-0, RegExp), compressed with brotli above a
 * size threshold. The frame is text (`j:` JSON, `b:` base64 brotli) so every Redis client reads it
 * back unchanged without binary reply modes, whose API differs between clients and versions.
 */
import type * as Zlib from 'node:zlib';

// zlib is fetched on first use: most values are small and never compressed, and this keeps
// `perf-lint/runtime` from paying for it at load time.
let zlib: typeof Zlib | undefined;
const z = (): typeof Zlib => (zlib ??= process.getBuiltinModule('node:zlib'));

import { CorruptValueError, NotSerializableError } from './errors.js';

export { CorruptValueError, NotSerializableError };

const TAG = '$t';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Converts a value to JSON-safe data with tags for what JSON cannot express. */
export function encode(v: unknown, seen: Set<object> = new Set()): Json {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      if (Number.isFinite(v) && !(v === 0 && 1 / v < 0)) return v;
      return { [TAG]: 'num', v: Number.isNaN(v) ? 'NaN' : v === 0 ? '-0' : String(v) };
    case 'undefined':
      return { [TAG]: 'u' };
    case 'bigint':
      return { [TAG]: 'big', v: v.toString() };
    case 'object':
      if (v === null) return null;
      break;
    default:
      throw new NotSerializableError(`a ${typeof v} cannot be stored in L2`);
  }
  const o = v as object;
  if (o instanceof Date) return { [TAG]: 'date', v: o.getTime() };
  if (o instanceof RegExp) return { [TAG]: 're', s: o.source, f: o.flags };
  if (Buffer.isBuffer(o)) return { [TAG]: 'buf', v: o.toString('base64') };
  if (ArrayBuffer.isView(o)) {
    return { [TAG]: 'ta', c: o.constructor.name, v: Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString('base64') };
  }
  if (seen.has(o)) throw new NotSerializableError('a circular value cannot be stored in L2');
  seen.add(o);
  let out: Json;
  if (Array.isArray(o)) {
    const a: Json[] = [];
    for (let i = 0; i < o.length; i++) a.push(encode(o[i], seen));
    out = a;
  } else if (o instanceof Map) {
    const a: Json[] = [];
    for (const [k, val] of o) a.push([encode(k, seen), encode(val, seen)]);
    out = { [TAG]: 'map', v: a };
  } else if (o instanceof Set) {
    const a: Json[] = [];
    for (const val of o) a.push(encode(val, seen));
    out = { [TAG]: 'set', v: a };
  } else {
    const r: { [k: string]: Json } = {};
    for (const k of Object.keys(o)) r[k] = encode((o as Record<string, unknown>)[k], seen);
    // A user object that happens to own a "$t" key is wrapped so decode does not mistake it for a tag.
    out = TAG in r ? { [TAG]: 'obj', v: r } : r;
  }
  seen.delete(o);
  return out;
}

const TYPED: Record<string, new (b: ArrayBuffer) => ArrayBufferView> = {
  Uint8Array, Int8Array, Uint8ClampedArray, Uint16Array, Int16Array, Uint32Array, Int32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};

/** Inverse of encode. */
export function decode(j: unknown): unknown {
  if (j === null || typeof j !== 'object') return j;
  if (Array.isArray(j)) return j.map(decode);
  const o = j as Record<string, unknown>;
  const tag = o[TAG];
  if (typeof tag !== 'string') {
    const r: Record<string, unknown> = {};
    for (const k of Object.keys(o)) r[k] = decode(o[k]);
    return r;
  }
  switch (tag) {
    case 'u':
      return undefined;
    case 'num':
      return o.v === '-0' ? -0 : Number(o.v);
    case 'big':
      return BigInt(o.v as string);
    case 'date':
      return new Date(o.v as number);
    case 're':
      return new RegExp(o.s as string, o.f as string);
    case 'buf':
      return Buffer.from(o.v as string, 'base64');
    case 'ta': {
      const Ctor = TYPED[o.c as string];
      if (!Ctor) throw new CorruptValueError(`unknown typed array ${String(o.c)}`);
      const b = Buffer.from(o.v as string, 'base64');
      // Copy into a fresh, aligned ArrayBuffer: Buffer pools are not aligned for 16/32/64-bit views.
      const ab = new ArrayBuffer(b.byteLength);
      new Uint8Array(ab).set(b);
      return new Ctor(ab);
    }
    case 'map':
      return new Map((o.v as [unknown, unknown][]).map(([k, v]) => [decode(k), decode(v)]));
    case 'set':
      return new Set((o.v as unknown[]).map(decode));
    case 'obj': {
      const inner = o.v as Record<string, unknown>;
      const r: Record<string, unknown> = {};
      for (const k of Object.keys(inner)) r[k] = decode(inner[k]);
      return r;
    }
    default:
      throw new CorruptValueError(`unknown tag ${tag}`);
  }
}

function brotli(op: 'brotliCompress' | 'brotliDecompress', input: Buffer, quality?: number): Promise<Buffer> {
  const zl = z();
  return new Promise((resolve, reject) => {
    const opts = quality === undefined ? {} : { params: { [zl.constants.BROTLI_PARAM_QUALITY]: quality } };
    zl[op](input, opts, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

/** Serializes a value into the stored text frame, compressing when the JSON exceeds `threshold` bytes. */
export async function pack(value: unknown, threshold: number): Promise<string> {
  const json = JSON.stringify(encode(value));
  if (Buffer.byteLength(json) <= threshold) return 'j:' + json;
  // Quality 5 keeps most of brotli's ratio at a fraction of the default (11) CPU cost.
  const z = await brotli('brotliCompress', Buffer.from(json), 5);
  return 'b:' + z.toString('base64');
}

/** Parses a stored frame back into the value; throws CorruptValueError on anything else. */
export async function unpack(raw: unknown): Promise<unknown> {
  let text: string;
  if (typeof raw === 'string') text = raw;
  else if (Buffer.isBuffer(raw)) text = raw.toString('utf8');
  else throw new CorruptValueError(`expected a string reply, got ${typeof raw}`);
  const kind = text.slice(0, 2);
  let json: string;
  if (kind === 'j:') json = text.slice(2);
  else if (kind === 'b:') {
    try {
      json = (await brotli('brotliDecompress', Buffer.from(text.slice(2), 'base64'))).toString('utf8');
    } catch (e) {
      throw new CorruptValueError(`undecompressable value: ${(e as Error).message}`);
    }
  } else throw new CorruptValueError(`unknown frame "${text.slice(0, 8)}"`);
  try {
    return decode(JSON.parse(json));
  } catch (e) {
    if (e instanceof CorruptValueError) throw e;
    throw new CorruptValueError(`unparsable value: ${(e as Error).message}`);
  }
}
