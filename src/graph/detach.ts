import type { ParsedModule } from './types.js';

/**
 * A string cut from a source text (`source.slice`, and oxc's deserialiser, which slices the source
 * for names and string literals) can be a V8 "sliced string": a view that keeps the whole source
 * alive for as long as the cut is. A graph keeps its import specifiers and names, so without
 * copying them it kept every source file it read: 30 MB of the 55 MB left on the heap after the
 * graph of 3,476 real TypeScript files (48 MB of sources), and the garbage collector copied them
 * from one space to the next on the way.
 */

// V8 makes a sliced string only from 13 characters on; shorter cuts are copies already.
const SLICE_MIN = 13;
/**
 * The copies made so far, by content: the same long name or specifier in many files (an import
 * path, `CodeKeywordDefinition`) is kept once, and owning a copy again costs a lookup. Emptied
 * when it grows past POOL_MAX, so a long-lived process does not keep every name it ever saw.
 */
const pool = new Map<string, string>();
const POOL_MAX = 100_000;

/** `s`, as a string that does not hold on to a larger one. */
export function own(s: string): string {
  if (s.length < SLICE_MIN) return s;
  let copy = pool.get(s);
  if (copy === undefined) {
    if (pool.size >= POOL_MAX) pool.clear();
    // The concatenation is flattened into a new string before it is sliced.
    copy = (' ' + s).slice(1);
    pool.set(copy, copy);
  }
  return copy;
}

/** Copies the strings a parsed module keeps (specifiers, names) off the source they were cut from. */
export function detach(mod: ParsedModule): ParsedModule {
  for (const rec of mod.imports) {
    rec.specifier = own(rec.specifier);
    for (const n of rec.names) {
      n.imported = own(n.imported);
      if (n.local !== null) n.local = own(n.local);
    }
  }
  for (const b of mod.bindings) {
    b.local = own(b.local);
    b.imported = own(b.imported);
    b.specifier = mod.imports[b.importIndex]?.specifier ?? own(b.specifier);
    for (const r of b.references) if (r.fn?.name) r.fn.name = own(r.fn.name);
  }
  for (const e of mod.exports) {
    e.exported = own(e.exported);
    if (e.from) {
      e.from.specifier = own(e.from.specifier);
      e.from.imported = own(e.from.imported);
    }
  }
  if (mod.callReach) for (const c of mod.callReach) c.exported = own(c.exported);
  if (mod.loadCalls) for (const c of mod.loadCalls) if (c.member !== null) c.member = own(c.member);
  if (mod.parseError) mod.parseError.message = own(mod.parseError.message);
  return mod;
}
