import type { BindingReference, BindingUsage, ExportRecord, ImportKind, ImportRecord, ParsedModule, RequireDeclaration, UseContext } from './types.js';

/**
 * The parse cache's encoding of a ParsedModule: 32-bit integers in a fixed order, with every
 * string as an index into a table shared by the whole cache file (null is -1). A fully cached
 * build decodes every entry. Read from a typed array over the file's bytes, numbers cost no
 * parsing and no allocation, and a string that recurs (a specifier, an imported name) is one
 * string for the whole file; JSON.parse made every value again. On gen5k's graph cache: opening
 * 45 ms against 18 ms (tuples in JSON, as before, against this). The objects are built here, with
 * fixed shapes. Resolution results (resolved, package, builtin) are not encoded.
 *
 * Layout (a change needs CACHE_FORMAT bumped; this file is part of the parser version anyway):
 *   module:    format(0 esm, 1 cjs) flags topLevelEffects nImports [line column message]
 *              [nPragmas pragma…] [nJsdocNames name…] imports…
 *              nFns (name async line)… nBindings bindings… nExports exports…
 *   import:    specifier kind line column start end flags nNames (imported local isType)…
 *   binding:   local imported specifier importIndex flags (bits 0–10 BINDING_FLAGS, 11–13 declaration) nRefs refs…
 *   reference: line column start end context kind flags (1 inTry, 2 branch) fn (index into the module's fns, or -1)
 *   export:    exported flags line [specifier imported]
 */

/** The strings of one cache file: each stored once, referred to by its index. */
export class StringTable {
  private readonly ids = new Map<string, number>();
  readonly list: string[] = [];

  /** The index of `s` (added when new); -1 for null. */
  id(s: string | null): number {
    if (s === null) return -1;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(s, id);
      this.list.push(s);
    }
    return id;
  }
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
const M_JSDOC_TYPE_NAMES = 128;
const M_CALL_REACH = 256;
const M_LOAD_CALLS = 512;

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

/** Each flag's bit in the encoding (its index in BINDING_FLAGS). */
const BIT = Object.fromEntries(BINDING_FLAGS.map((name, bit) => [name, 1 << bit])) as Record<(typeof BINDING_FLAGS)[number], number>;

/** A binding's `declaration`, as its index here (0: none) in the 3 bits above BINDING_FLAGS. */
const DECLARATIONS: readonly (RequireDeclaration | undefined)[] = [undefined, 'in-block', 'pattern', 'wrapped', 'helper'];
const DECLARATION_SHIFT = BINDING_FLAGS.length;

const E_TYPE = 1;
const E_FROM = 2;

/** Appends the encoding of `mod` to `out`, its strings added to `strings`. */
export function encodeModule(mod: ParsedModule, out: number[], strings: StringTable): void {
  const str = (s: string | null): number => strings.id(s);
  let flags = 0;
  if (mod.hasTopLevelAwait) flags |= M_TLA;
  if (mod.declaresRequire) flags |= M_REQUIRE;
  if (mod.shallow) flags |= M_SHALLOW;
  if (mod.mentionsSuppression !== undefined) flags |= M_SUPPRESSION_SET;
  if (mod.mentionsSuppression) flags |= M_SUPPRESSION;
  if (mod.parseError) flags |= M_PARSE_ERROR;
  if (mod.jsxPragmas) flags |= M_JSX_PRAGMAS;
  if (mod.jsdocTypeNames) flags |= M_JSDOC_TYPE_NAMES;
  if (mod.callReach) flags |= M_CALL_REACH;
  if (mod.loadCalls) flags |= M_LOAD_CALLS;
  out.push(mod.format === 'esm' ? 0 : 1, flags, mod.topLevelEffects, mod.imports.length);
  if (mod.parseError) out.push(mod.parseError.line, mod.parseError.column, str(mod.parseError.message));
  if (mod.jsxPragmas) out.push(mod.jsxPragmas.length, ...mod.jsxPragmas.map(str));
  if (mod.jsdocTypeNames) out.push(mod.jsdocTypeNames.length, ...mod.jsdocTypeNames.map(str));
  if (mod.callReach) {
    out.push(mod.callReach.length);
    for (const c of mod.callReach) out.push(str(c.exported), c.bindings.length, ...c.bindings, c.calls.length, ...c.calls);
  }
  if (mod.loadCalls) {
    out.push(mod.loadCalls.length);
    for (const c of mod.loadCalls) out.push(c.binding, str(c.member), c.line);
  }
  for (const rec of mod.imports) {
    let f = 0;
    if (rec.unresolvedDynamic) f |= I_UNRESOLVED_DYNAMIC;
    if (rec.nested) f |= I_NESTED;
    if (rec.inTry) f |= I_IN_TRY;
    if (rec.importEquals) f |= I_IMPORT_EQUALS;
    out.push(str(rec.specifier), KINDS.indexOf(rec.kind), rec.line, rec.column, rec.start, rec.end, f, rec.names.length);
    for (const n of rec.names) out.push(str(n.imported), str(n.local), n.isType ? 1 : 0);
  }
  // Function descriptions are shared by the references inside one function (see parse.ts).
  const fns = new Map<NonNullable<BindingReference['fn']>, number>();
  for (const b of mod.bindings) for (const r of b.references) if (r.fn && !fns.has(r.fn)) fns.set(r.fn, fns.size);
  out.push(fns.size);
  for (const fn of fns.keys()) out.push(str(fn.name), fn.async ? 1 : 0, fn.line);
  out.push(mod.bindings.length);
  for (const b of mod.bindings) {
    let f = 0;
    for (let bit = 0; bit < BINDING_FLAGS.length; bit++) if (b[BINDING_FLAGS[bit]]) f |= 1 << bit;
    f |= DECLARATIONS.indexOf(b.declaration) << DECLARATION_SHIFT;
    out.push(str(b.local), str(b.imported), str(b.specifier), b.importIndex, f, b.references.length);
    for (const r of b.references) {
      out.push(r.line, r.column, r.start, r.end, CONTEXTS.indexOf(r.context), REF_KINDS.indexOf(r.kind), (r.inTry ? 1 : 0) | (r.branch ? 2 : 0), r.fn ? (fns.get(r.fn) as number) : -1);
    }
  }
  out.push(mod.exports.length);
  for (const e of mod.exports) {
    out.push(str(e.exported), (e.isType ? E_TYPE : 0) | (e.from ? E_FROM : 0), e.line);
    if (e.from) out.push(str(e.from.specifier), str(e.from.imported));
  }
}

/** How many imports the module encoded at `at` has, without decoding it. */
export function encodedImportCount(data: Int32Array, at: number): number {
  return data[at + 3];
}

/** Where a module's encoded references are, and the functions they name. */
interface ReferenceSource {
  data: Int32Array;
  fns: readonly NonNullable<BindingReference['fn']>[];
}

/**
 * A cached binding whose references are decoded when first read. They are most of a module's
 * encoding (184,243 of them on realts, against 33,128 bindings), and only the rules and fixes
 * that look closely at an import site read them. `toJSON` gives the plain object, references
 * included.
 */
class CachedBinding implements BindingUsage {
  declaredAsType: boolean;
  unused: boolean;
  typeOnly: boolean;
  usedAtLoad: boolean;
  functionsOnly: boolean;
  asyncOnly: boolean;
  reassigned: boolean;
  mutated: boolean;
  reexported: boolean;
  inTry: boolean;
  decoratorMetadata: boolean;
  // Set only when there is one, as on a fresh parse's binding.
  declare declaration?: RequireDeclaration;
  #references: BindingReference[] | undefined;
  readonly #source: ReferenceSource;
  readonly #at: number;
  readonly #count: number;

  constructor(
    public local: string,
    public imported: string,
    public specifier: string,
    public importIndex: number,
    f: number,
    source: ReferenceSource,
    at: number,
    count: number,
  ) {
    this.declaredAsType = (f & BIT.declaredAsType) !== 0;
    this.unused = (f & BIT.unused) !== 0;
    this.typeOnly = (f & BIT.typeOnly) !== 0;
    this.usedAtLoad = (f & BIT.usedAtLoad) !== 0;
    this.functionsOnly = (f & BIT.functionsOnly) !== 0;
    this.asyncOnly = (f & BIT.asyncOnly) !== 0;
    this.reassigned = (f & BIT.reassigned) !== 0;
    this.mutated = (f & BIT.mutated) !== 0;
    this.reexported = (f & BIT.reexported) !== 0;
    this.inTry = (f & BIT.inTry) !== 0;
    this.decoratorMetadata = (f & BIT.decoratorMetadata) !== 0;
    const declaration = DECLARATIONS[f >>> DECLARATION_SHIFT];
    if (declaration) this.declaration = declaration;
    this.#source = source;
    this.#at = at;
    this.#count = count;
  }

  get references(): BindingReference[] {
    return (this.#references ??= decodeReferences(this.#source, this.#at, this.#count));
  }

  set references(list: BindingReference[]) {
    this.#references = list;
  }

  toJSON(): BindingUsage {
    const { local, imported, specifier, importIndex, declaredAsType, references, unused, typeOnly, usedAtLoad, functionsOnly, asyncOnly, reassigned, mutated, reexported, inTry, decoratorMetadata, declaration } = this;
    const plain: BindingUsage = { local, imported, specifier, importIndex, declaredAsType, references, unused, typeOnly, usedAtLoad, functionsOnly, asyncOnly, reassigned, mutated, reexported, inTry, decoratorMetadata };
    if (declaration) plain.declaration = declaration;
    return plain;
  }
}

/** The `n` references encoded at `data[at]` (checked by decodeModule). */
function decodeReferences({ data, fns }: ReferenceSource, at: number, n: number): BindingReference[] {
  const references = new Array<BindingReference>(n);
  for (let r = 0, i = at; r < n; r++, i += 8) {
    const ref: BindingReference = {
      line: data[i],
      column: data[i + 1],
      start: data[i + 2],
      end: data[i + 3],
      context: CONTEXTS[data[i + 4]],
      inTry: (data[i + 6] & 1) === 1,
      kind: REF_KINDS[data[i + 5]],
    };
    if (data[i + 6] & 2) ref.branch = true;
    const fn = data[i + 7];
    if (fn !== -1) ref.fn = fns[fn];
    references[r] = ref;
  }
  return references;
}

/** Thrown on data that is not an encoding (a cache file edited or cut short). */
function corrupt(): never {
  throw new Error('not a cached module');
}

/**
 * Decodes the module that `encodeModule` wrote at `data[at]`, ending at `data[end]` (with `file` as
 * its path and `strings` as the table its strings index). Throws on data that is not such an
 * encoding.
 */
export function decodeModule(data: Int32Array, at: number, end: number, strings: readonly string[], file: string, importsOnly = false): ParsedModule {
  const str = (k: number): string => {
    const s = strings[data[k]];
    return typeof s === 'string' ? s : corrupt();
  };
  const strOrNull = (k: number): string | null => (data[k] === -1 ? null : str(k));
  let i = at;
  const format = data[i++] === 0 ? 'esm' : 'cjs';
  const flags = data[i++];
  const topLevelEffects = data[i++];
  const nImports = data[i++];
  if (!(nImports >= 0 && i + nImports * 8 <= end)) corrupt();
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
    mod.parseError = { file, line: data[i], column: data[i + 1], message: str(i + 2) };
    i += 3;
  }
  if (flags & M_JSX_PRAGMAS) {
    const n = data[i];
    if (!(n >= 0 && i + 1 + n <= end)) corrupt();
    mod.jsxPragmas = Array.from({ length: n }, (_, k) => str(i + 1 + k));
    i += 1 + n;
  }
  if (flags & M_JSDOC_TYPE_NAMES) {
    const n = data[i];
    if (!(n >= 0 && i + 1 + n <= end)) corrupt();
    mod.jsdocTypeNames = Array.from({ length: n }, (_, k) => str(i + 1 + k));
    i += 1 + n;
  }
  if (flags & M_CALL_REACH) {
    const n = data[i++];
    if (!(n >= 0 && i + n * 2 <= end)) corrupt();
    mod.callReach = new Array<{ exported: string; bindings: number[]; calls: number[] }>(n);
    const ints = (): number[] => {
      const count = data[i++];
      if (!(count >= 0 && i + count <= end)) corrupt();
      const list = Array.from(data.subarray(i, i + count));
      i += count;
      return list;
    };
    for (let k = 0; k < n; k++) {
      const exported = str(i++);
      const bindings = ints();
      mod.callReach[k] = { exported, bindings, calls: ints() };
    }
  }
  if (flags & M_LOAD_CALLS) {
    const n = data[i++];
    if (!(n >= 0 && i + n * 3 <= end)) corrupt();
    mod.loadCalls = new Array<{ binding: number; member: string | null; line: number }>(n);
    for (let k = 0; k < n; k++, i += 3) mod.loadCalls[k] = { binding: data[i], member: strOrNull(i + 1), line: data[i + 2] };
  }
  for (let k = 0; k < nImports; k++) {
    const specifier = str(i);
    const kind = KINDS[data[i + 1]] ?? corrupt();
    const line = data[i + 2];
    const column = data[i + 3];
    const start = data[i + 4];
    const stop = data[i + 5];
    const f = data[i + 6];
    const nNames = data[i + 7];
    i += 8;
    if (!(nNames >= 0 && i + nNames * 3 <= end)) corrupt();
    const names = new Array<ImportRecord['names'][number]>(nNames);
    for (let n = 0; n < nNames; n++, i += 3) names[n] = { imported: str(i), local: strOrNull(i + 1), isType: data[i + 2] === 1 };
    const rec: ImportRecord = { specifier, kind, line, column, start, end: stop, names, resolved: undefined };
    if (f & I_UNRESOLVED_DYNAMIC) rec.unresolvedDynamic = true;
    if (f & I_NESTED) rec.nested = true;
    if (f & I_IN_TRY) rec.inTry = true;
    if (f & I_IMPORT_EQUALS) rec.importEquals = true;
    mod.imports[k] = rec;
  }
  const nFns = data[i++];
  if (!(nFns >= 0 && i + nFns * 3 <= end)) corrupt();
  if (importsOnly) {
    // What an imports-only build reads: the rest is skipped, as the scan leaves it out.
    mod.shallow = true;
    return mod;
  }
  const fns = new Array<NonNullable<BindingReference['fn']>>(nFns);
  for (let k = 0; k < nFns; k++, i += 3) fns[k] = { name: strOrNull(i), async: data[i + 1] === 1, line: data[i + 2] };
  const nBindings = data[i++];
  if (!(nBindings >= 0 && i + nBindings * 6 <= end)) corrupt();
  mod.bindings = new Array<BindingUsage>(nBindings);
  let source: ReferenceSource | undefined;
  for (let k = 0; k < nBindings; k++) {
    const local = str(i);
    const imported = str(i + 1);
    const specifier = str(i + 2);
    const importIndex = data[i + 3];
    const f = data[i + 4];
    const nRefs = data[i + 5];
    i += 6;
    if (!(nRefs >= 0 && i + nRefs * 8 <= end && f >>> DECLARATION_SHIFT < DECLARATIONS.length)) corrupt();
    // Checked now, so that data which does not decode is a cache miss here, not an error later.
    for (let r = 0; r < nRefs; r++, i += 8) {
      if (!(data[i + 4] >= 0 && data[i + 4] < CONTEXTS.length && data[i + 5] >= 0 && data[i + 5] < REF_KINDS.length && data[i + 7] >= -1 && data[i + 7] < nFns)) corrupt();
    }
    source ??= { data, fns };
    mod.bindings[k] = new CachedBinding(local, imported, specifier, importIndex, f, source, i - nRefs * 8, nRefs);
  }
  const nExports = data[i++];
  if (!(nExports >= 0 && i + nExports * 3 <= end)) corrupt();
  for (let k = 0; k < nExports; k++) {
    const f = data[i + 1];
    const e: ExportRecord = { exported: str(i), isType: (f & E_TYPE) !== 0, line: data[i + 2] };
    i += 3;
    if (f & E_FROM) {
      e.from = { specifier: str(i), imported: str(i + 1) };
      i += 2;
    }
    mod.exports.push(e);
  }
  if (i !== end) corrupt();
  return mod;
}
