import type { BindingReference, BindingUsage, ExportRecord, ImportKind, ImportRecord, ParsedModule, UseContext } from './types.js';

/**
 * The parse cache's encoding of a ParsedModule: one flat array of strings and numbers per module,
 * in a fixed order, instead of JSON objects with keys. A fully cached build reads every entry, and
 * JSON.parse builds flat arrays several times faster than the same data as objects (gen5k's cache:
 * 1.7 MB read in about 40 ms, against 5.9 MB in 90 to 100 ms as objects); the objects are then
 * built here, with fixed shapes. Resolution results (resolved, package, builtin) are not encoded.
 *
 * Layout (a change needs CACHE_FORMAT bumped; this file is part of the parser version anyway):
 *   module:    format(0 esm, 1 cjs) flags topLevelEffects nImports [line column message]
 *              [nPragmas pragma…] imports…
 *              nFns (name async line)… nBindings bindings… nExports exports…
 *   import:    specifier kind line column start end flags nNames (imported local isType)…
 *   binding:   local imported specifier importIndex flags nRefs refs…
 *   reference: line column start end context kind inTry fn (index into the module's fns, or -1)
 *   export:    exported flags line [specifier imported]
 */

/** The values an encoding is made of. */
export type Encoded = (string | number | null)[];

/** Where encodeModule writes: an Encoded array, or a longer record that ends with one. */
interface Sink {
  push(...values: (string | number | null)[]): unknown;
}

const KINDS: readonly ImportKind[] = ['static', 'type', 'dynamic', 'require', 'reexport', 'side-effect'];
const CONTEXTS: readonly UseContext[] = ['type', 'load', 'function'];
const REF_KINDS: readonly BindingReference['kind'][] = ['read', 'call', 'member', 'write', 'member-write', 'jsx', 'export', 'new'];

// Module flags. mentionsSuppression is optional on the type, so whether it is set is kept too.
const M_TLA = 1;
const M_REQUIRE = 2;
const M_SHALLOW = 4;
const M_SUPPRESSION_SET = 8;
const M_SUPPRESSION = 16;
const M_PARSE_ERROR = 32;
const M_JSX_PRAGMAS = 64;

// Import flags (each optional field is set only when true).
const I_UNRESOLVED_DYNAMIC = 1;
const I_NESTED = 2;
const I_IN_TRY = 4;
const I_IMPORT_EQUALS = 8;

// The boolean fields of a binding, in flag-bit order.
const BINDING_FLAGS = [
  'declaredAsType',
  'unused',
  'typeOnly',
  'usedAtLoad',
  'functionsOnly',
  'asyncOnly',
  'reassigned',
  'mutated',
  'reexported',
  'inTry',
  'decoratorMetadata',
] as const satisfies readonly (keyof BindingUsage)[];

const E_TYPE = 1;
const E_FROM = 2;

/** Appends the encoding of `mod` to `out`. */
export function encodeModule(mod: ParsedModule, out: Sink): void {
  let flags = 0;
  if (mod.hasTopLevelAwait) flags |= M_TLA;
  if (mod.declaresRequire) flags |= M_REQUIRE;
  if (mod.shallow) flags |= M_SHALLOW;
  if (mod.mentionsSuppression !== undefined) flags |= M_SUPPRESSION_SET;
  if (mod.mentionsSuppression) flags |= M_SUPPRESSION;
  if (mod.parseError) flags |= M_PARSE_ERROR;
  if (mod.jsxPragmas) flags |= M_JSX_PRAGMAS;
  out.push(mod.format === 'esm' ? 0 : 1, flags, mod.topLevelEffects, mod.imports.length);
  if (mod.parseError) out.push(mod.parseError.line, mod.parseError.column, mod.parseError.message);
  if (mod.jsxPragmas) out.push(mod.jsxPragmas.length, ...mod.jsxPragmas);
  for (const rec of mod.imports) {
    let f = 0;
    if (rec.unresolvedDynamic) f |= I_UNRESOLVED_DYNAMIC;
    if (rec.nested) f |= I_NESTED;
    if (rec.inTry) f |= I_IN_TRY;
    if (rec.importEquals) f |= I_IMPORT_EQUALS;
    out.push(rec.specifier, KINDS.indexOf(rec.kind), rec.line, rec.column, rec.start, rec.end, f, rec.names.length);
    for (const n of rec.names) out.push(n.imported, n.local, n.isType ? 1 : 0);
  }
  // Function descriptions are shared by the references inside one function (see parse.ts).
  const fns = new Map<NonNullable<BindingReference['fn']>, number>();
  for (const b of mod.bindings) for (const r of b.references) if (r.fn && !fns.has(r.fn)) fns.set(r.fn, fns.size);
  out.push(fns.size);
  for (const fn of fns.keys()) out.push(fn.name, fn.async ? 1 : 0, fn.line);
  out.push(mod.bindings.length);
  for (const b of mod.bindings) {
    let f = 0;
    for (let bit = 0; bit < BINDING_FLAGS.length; bit++) if (b[BINDING_FLAGS[bit]]) f |= 1 << bit;
    out.push(b.local, b.imported, b.specifier, b.importIndex, f, b.references.length);
    for (const r of b.references) {
      out.push(r.line, r.column, r.start, r.end, CONTEXTS.indexOf(r.context), REF_KINDS.indexOf(r.kind), r.inTry ? 1 : 0, r.fn ? (fns.get(r.fn) as number) : -1);
    }
  }
  out.push(mod.exports.length);
  for (const e of mod.exports) {
    out.push(e.exported, (e.isType ? E_TYPE : 0) | (e.from ? E_FROM : 0), e.line);
    if (e.from) out.push(e.from.specifier, e.from.imported);
  }
}

/** How many imports the module encoded at `at` has, without decoding it. */
export function encodedImportCount(data: ArrayLike<unknown>, at: number): number {
  return data[at + 3] as number;
}

/**
 * Decodes the module that `encodeModule` wrote at `data[at]` to the end of `data` (with `file` as
 * its path). Throws on data that is not such an encoding (a cache file edited or cut short).
 */
export function decodeModule(data: ArrayLike<unknown>, at: number, file: string): ParsedModule {
  let i = at;
  const format = data[i++] === 0 ? 'esm' : 'cjs';
  const flags = data[i++] as number;
  const topLevelEffects = data[i++] as number;
  const nImports = data[i++] as number;
  const mod: ParsedModule = {
    file,
    format,
    imports: new Array<ImportRecord>(nImports),
    bindings: [],
    exports: [],
    hasTopLevelAwait: (flags & M_TLA) !== 0,
    declaresRequire: (flags & M_REQUIRE) !== 0,
    topLevelEffects,
  };
  if (flags & M_SUPPRESSION_SET) mod.mentionsSuppression = (flags & M_SUPPRESSION) !== 0;
  if (flags & M_SHALLOW) mod.shallow = true;
  if (flags & M_PARSE_ERROR) {
    mod.parseError = { file, line: data[i] as number, column: data[i + 1] as number, message: data[i + 2] as string };
    i += 3;
  }
  if (flags & M_JSX_PRAGMAS) {
    const n = data[i] as number;
    mod.jsxPragmas = Array.from({ length: n }, (_, k) => data[i + 1 + k] as string);
    i += 1 + n;
  }
  for (let k = 0; k < nImports; k++) {
    const specifier = data[i] as string;
    const kind = KINDS[data[i + 1] as number];
    if (typeof specifier !== 'string' || kind === undefined) throw new Error('not a cached module');
    const line = data[i + 2] as number;
    const column = data[i + 3] as number;
    const start = data[i + 4] as number;
    const end = data[i + 5] as number;
    const f = data[i + 6] as number;
    const nNames = data[i + 7] as number;
    i += 8;
    const names = new Array<ImportRecord['names'][number]>(nNames);
    for (let n = 0; n < nNames; n++, i += 3) names[n] = { imported: data[i] as string, local: data[i + 1] as string | null, isType: data[i + 2] === 1 };
    const rec: ImportRecord = { specifier, kind, line, column, start, end, names };
    if (f & I_UNRESOLVED_DYNAMIC) rec.unresolvedDynamic = true;
    if (f & I_NESTED) rec.nested = true;
    if (f & I_IN_TRY) rec.inTry = true;
    if (f & I_IMPORT_EQUALS) rec.importEquals = true;
    mod.imports[k] = rec;
  }
  const nFns = data[i++] as number;
  const fns = new Array<NonNullable<BindingReference['fn']>>(nFns);
  for (let k = 0; k < nFns; k++, i += 3) fns[k] = { name: data[i] as string | null, async: data[i + 1] === 1, line: data[i + 2] as number };
  const nBindings = data[i++] as number;
  for (let k = 0; k < nBindings; k++) {
    const local = data[i] as string;
    const imported = data[i + 1] as string;
    const specifier = data[i + 2] as string;
    const importIndex = data[i + 3] as number;
    const f = data[i + 4] as number;
    const nRefs = data[i + 5] as number;
    i += 6;
    const references = new Array<BindingReference>(nRefs);
    for (let r = 0; r < nRefs; r++, i += 8) {
      const ref: BindingReference = {
        line: data[i] as number,
        column: data[i + 1] as number,
        start: data[i + 2] as number,
        end: data[i + 3] as number,
        context: CONTEXTS[data[i + 4] as number],
        inTry: data[i + 6] === 1,
        kind: REF_KINDS[data[i + 5] as number],
      };
      const fn = data[i + 7] as number;
      if (fn !== -1) ref.fn = fns[fn];
      references[r] = ref;
    }
    const b = { local, imported, specifier, importIndex, references } as BindingUsage;
    for (let bit = 0; bit < BINDING_FLAGS.length; bit++) b[BINDING_FLAGS[bit]] = (f & (1 << bit)) !== 0;
    mod.bindings.push(b);
  }
  const nExports = data[i++] as number;
  for (let k = 0; k < nExports; k++) {
    const f = data[i + 1] as number;
    const e: ExportRecord = { exported: data[i] as string, isType: (f & E_TYPE) !== 0, line: data[i + 2] as number };
    i += 3;
    if (f & E_FROM) {
      e.from = { specifier: data[i] as string, imported: data[i + 1] as string };
      i += 2;
    }
    mod.exports.push(e);
  }
  if (i !== data.length || typeof nImports !== 'number') throw new Error('not a cached module');
  return mod;
}
