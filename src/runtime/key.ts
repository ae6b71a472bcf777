/**
 * Stable serialization of call arguments into a cache key. Equal inputs give equal keys whatever
 * the object key order or Map/Set insertion order; values of different types never collide
 * (strings are JSON-quoted, numbers are bare, bigints end in `n`, ...). The text stays readable
 * because it also forms the Redis key that pattern invalidation matches.
 */

/** Thrown for arguments that have no stable identity (functions, symbols, cycles): the call bypasses the cache. */
export class UncacheableError extends Error {}

/** The key of an argument list: each argument serialized, joined with commas. */
export function argsKey(args: ArrayLike<unknown>): string {
  if (args.length === 1) return valueKey(args[0], null);
  let out = '';
  for (let i = 0; i < args.length; i++) out += (i === 0 ? '' : ',') + valueKey(args[i], null);
  return out;
}

/** Serializes one value; `seen` guards against cycles (allocated only for containers). */
export function valueKey(v: unknown, seen: Set<object> | null): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      // String(-0) is "0": keep -0 apart because Object.is(-0, 0) is false and 1/-0 differs.
      return v === 0 && 1 / v < 0 ? '-0' : String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return `${v}n`;
    case 'object':
      return v === null ? 'null' : objectKey(v, seen);
    default:
      throw new UncacheableError(`a ${typeof v} argument has no stable cache key`);
  }
}

function objectKey(o: object, seen: Set<object> | null): string {
  if (o instanceof Date) return `Date(${Number.isNaN(o.getTime()) ? 'NaN' : o.toISOString()})`;
  if (o instanceof RegExp) return `RegExp(${String(o)})`;
  if (ArrayBuffer.isView(o)) {
    const b = Buffer.from(o.buffer, o.byteOffset, o.byteLength);
    return `${o.constructor.name}(${b.toString('base64')})`;
  }
  const s = seen ?? new Set<object>();
  if (s.has(o)) throw new UncacheableError('a circular argument has no stable cache key');
  s.add(o);
  let out: string;
  if (Array.isArray(o)) {
    out = '[';
    // Index loop (not map) so holes serialize as undefined instead of being skipped.
    for (let i = 0; i < o.length; i++) out += (i ? ',' : '') + valueKey(o[i], s);
    out += ']';
  } else if (o instanceof Map) {
    const parts: string[] = [];
    for (const [k, val] of o) parts.push(`${valueKey(k, s)}=>${valueKey(val, s)}`);
    out = `Map{${parts.sort().join(',')}}`;
  } else if (o instanceof Set) {
    const parts: string[] = [];
    for (const val of o) parts.push(valueKey(val, s));
    out = `Set[${parts.sort().join(',')}]`;
  } else {
    const proto = Object.getPrototypeOf(o) as object | null;
    // Class instances are keyed by their class name and own enumerable data.
    const tag = proto === Object.prototype || proto === null ? '' : ((proto as { constructor?: { name?: string } }).constructor?.name ?? '?');
    const keys = Object.keys(o).sort();
    out = `${tag}{`;
    for (let i = 0; i < keys.length; i++) out += (i ? ',' : '') + JSON.stringify(keys[i]) + ':' + valueKey((o as Record<string, unknown>)[keys[i]], s);
    out += '}';
  }
  s.delete(o);
  return out;
}
