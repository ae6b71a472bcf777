/**
 * oxc-parser's raw transfer on Node 20: the parse writes its AST, module record and errors into a
 * buffer shared with JS, and JS reads back only the parts it needs with oxc-parser's own
 * generated deserialiser. The default native parse instead serialises the whole AST to JSON,
 * converts every offset to UTF-16 and copies the source into Rust as a string, whether or not the
 * AST is read. On the 5,166-file benchmark input (one thread): parse plus module record plus errors
 * 0.30 s against 1.14 s; parse plus the AST 1.20 s against 3.02 s.
 *
 * oxc-parser offers this (`experimentalRawTransfer`) only from Node 22, because its buffer is a
 * 6 GiB ArrayBuffer, out of which it cuts a 2 GiB block aligned on 4 GiB. Node 20 allows 4 GiB;
 * such a buffer holds an aligned 2 GiB block when its address falls in the right half, so this
 * module allocates until one does (a spacer shifts the next address). The memory is virtual: only
 * the pages a parse writes become resident.
 *
 * Whatever does not work out (not a 64-bit little-endian platform, the allocation refused, no
 * aligned block after a few tries, a deserialiser that is not shaped as expected, a source too long
 * for the buffer, `PERF_LINT_OXC_RAW=0`) makes rawParse return null, and the caller uses the
 * native parse. test/graph/oxc-raw.test.ts checks the two give equal module records, errors and
 * ASTs on thousands of real files.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { EcmaScriptModule, OxcError, ParserOptions } from 'oxc-parser';
import { getBufferOffset, parseRawSync, rawTransferSupported } from 'oxc-parser/src-js/bindings';
import { ACTIVE_SIZE, BLOCK_SIZE, BUFFER_SIZE, IS_TS_FLAG_POS } from 'oxc-parser/src-js/generated/constants';
import type { N } from './parse-walk.js';

/** One parse's result. `module` and `program` are read from the buffer when first asked for. */
export interface RawParsed {
  errors: OxcError[];
  readonly module: EcmaScriptModule;
  readonly program: N;
}

/** The buffer as oxc-parser's deserialisers read it: bytes plus 32- and 64-bit views. */
interface TransferBuffer extends Uint8Array {
  int32: Int32Array;
  float64: Float64Array;
  /** The whole block, allocator metadata included: what the parse writes into. */
  block: Uint8Array;
  /** Counts the parses written into it; a result reads the buffer only while it holds that parse. */
  generation: number;
}

type Root = (pos: number) => unknown;

/** The parts of a generated deserialiser (`generated/deserialize/{js,ts}.js`) this module uses. */
interface Deserializer {
  deserializeWith(buffer: TransferBuffer, source: string, start: number, byteLength: number, root: Root): unknown;
  module: Root;
  errors: Root;
  program: Root;
}

const FOUR_GIB = 2 ** 32;
/**
 * A source longer than this (UTF-16 units) leaves the buffer to its result. The pages a parse
 * writes stay resident while the buffer lives: after one 3 MB file, 57 MB more RSS than when it
 * is let go (and 28 MB more than with the native parse). A new buffer costs V8 a full garbage
 * collection (4 GiB of external memory), so smaller files share one: letting go of the buffer
 * after each file over 256 KB made a usage build of the benchmark input (5 such files) 0.2–0.8 s
 * slower.
 */
const LARGE_SOURCE = 1 << 20;
const ATTEMPTS = 8;

/** The buffer; undefined until first needed, null when unavailable. */
let buffer: TransferBuffer | null | undefined;
const deserializers: { js?: Deserializer | null; ts?: Deserializer | null } = {};
const encoder = new TextEncoder();

/** A 2 GiB block aligned on 4 GiB inside a 4 GiB ArrayBuffer, or null. */
function createBuffer(): TransferBuffer | null {
  if (process.env.PERF_LINT_OXC_RAW === '0' || !rawTransferSupported()) return null;
  // Buffers that missed, kept until the search ends so the next allocation lands elsewhere.
  const missed: ArrayBuffer[] = [];
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const ab = new ArrayBuffer(FOUR_GIB);
      const offset = getBufferOffset(new Uint8Array(ab));
      if (offset + BLOCK_SIZE <= FOUR_GIB) {
        const buf = new Uint8Array(ab, offset, BUFFER_SIZE) as TransferBuffer;
        buf.int32 = new Int32Array(ab, offset, BUFFER_SIZE / 4);
        buf.float64 = new Float64Array(ab, offset, BUFFER_SIZE / 8);
        buf.block = new Uint8Array(ab, offset, BLOCK_SIZE);
        buf.generation = 0;
        return buf;
      }
      // Addresses are handed out downwards: a spacer of half the size moves the next buffer by 2 GiB.
      missed.push(ab, new ArrayBuffer(FOUR_GIB / 2));
    }
  } catch {
    // The allocation was refused (address space or overcommit limits).
  }
  return null;
}

/**
 * oxc-parser's generated deserialiser for this grammar, with its per-field readers. The module
 * exports only a reader of everything (AST, comments, module record, errors); the graph needs the
 * module record and errors alone, so the source is compiled here with its inner functions handed
 * out. The field offsets come from its own `deserializeRawTransferData`, so they follow the
 * installed version.
 */
function loadDeserializer(kind: 'js' | 'ts'): Deserializer | null {
  try {
    const file = createRequire(import.meta.url).resolve(`oxc-parser/src-js/generated/deserialize/${kind}`);
    const source = readFileSync(file, 'utf8');
    const root = /function deserializeRawTransferData\(pos\) \{\s*return \{([^}]*)\}/.exec(source);
    if (!root || !/function deserializeWith\(/.test(source)) return null;
    const fields = new Map<string, string>();
    for (const m of root[1].matchAll(/(\w+): (deserialize\w+)\((pos(?: \+ \d+)?)\)/g)) fields.set(m[1], `(pos) => ${m[2]}(${m[3]})`);
    const module = fields.get('module');
    const errors = fields.get('errors');
    const program = fields.get('program');
    if (!module || !errors || !program) return null;
    const body = `${source.replace(/^export /gm, '')}\nreturn { deserializeWith, module: ${module}, errors: ${errors}, program: ${program} };\n//# sourceURL=${file}`;
    // Compiles oxc-parser's own installed deserialiser (see above).
    return (new Function(body) as () => Deserializer)();
  } catch {
    return null;
  }
}

function deserializerFor(kind: 'js' | 'ts'): Deserializer | null {
  let d = deserializers[kind];
  if (d === undefined) d = deserializers[kind] = loadDeserializer(kind);
  return d;
}

interface Prepared {
  d: Deserializer;
  start: number;
  written: number;
}

/** The deserialiser for the grammar, with the source written into the buffer; null if either fails. */
function prepare(buf: TransferBuffer, source: string, options: ParserOptions): Prepared | null {
  // The source goes at the end of the active region, with room for 3 UTF-8 bytes per char.
  const room = source.length * 3;
  if (room > ACTIVE_SIZE / 2) return null;
  const d = deserializerFor(options.lang === 'ts' || options.lang === 'tsx' || options.lang === 'dts' ? 'ts' : 'js');
  if (!d) return null;
  const start = ACTIVE_SIZE - room;
  const { read, written } = encoder.encodeInto(source, new Uint8Array(buf.buffer, buf.byteOffset + start, room));
  return read === source.length ? { d, start, written } : null;
}

/**
 * The result in the buffer, errors read now. `module` and `program` are read when first asked
 * for; once the buffer holds another parse, `again` parses this file anew.
 *
 * A class, not an object literal with getters: with one such literal per parsed file, every
 * young-generation collection got slower (why inside V8 was not pinned down). Over realts's files
 * below 1 MB, parse plus errors took 14 scavenges and 43–55 ms of pauses with the literal, against
 * 21 scavenges and 14–18 ms with a plain literal or this class.
 */
class RawResult implements RawParsed {
  readonly errors: OxcError[];
  private moduleValue: EcmaScriptModule | undefined;
  private programValue: N | undefined;
  private readonly gen: number;

  constructor(
    private readonly buf: TransferBuffer,
    private readonly source: string,
    private readonly at: Prepared,
    private readonly used: Deserializer,
    withModule: boolean,
    private readonly again: () => RawParsed,
  ) {
    this.gen = ++buf.generation;
    // Each read of the buffer scans the source for its first non-ASCII byte and, past it, copies
    // the source as Latin-1: one read for both when the caller will want the module record.
    if (withModule) [this.errors, this.moduleValue] = this.take<[OxcError[], EcmaScriptModule]>((pos) => [used.errors(pos), used.module(pos)]);
    else this.errors = this.take<OxcError[]>(used.errors);
  }

  private take<T>(root: Root): T {
    return this.used.deserializeWith(this.buf, this.source, this.at.start, this.at.written, root) as T;
  }

  get module(): EcmaScriptModule {
    return (this.moduleValue ??= this.gen === this.buf.generation ? this.take<EcmaScriptModule>(this.used.module) : this.again().module);
  }

  get program(): N {
    return (this.programValue ??= this.gen === this.buf.generation ? this.take<N>(this.used.program) : this.again().program);
  }
}

function result(buf: TransferBuffer, source: string, prepared: Prepared, withModule: boolean, again: () => RawParsed): RawParsed {
  // The grammar the parse used decides the AST's shape (TypeScript fields or not).
  const used = buf[IS_TS_FLAG_POS] === 0 ? (deserializerFor('js') ?? prepared.d) : prepared.d;
  return new RawResult(buf, source, prepared, used, withModule, again);
}

/**
 * Parses with raw transfer, on this thread; null when it is not available here (see the top of this
 * file). Parsing on libuv's thread pool instead (the binding has it) was slower: on the benchmark
 * input, a graph build took 2.02–2.23 s with two parses in flight against 1.50–1.76 s (5 runs each).
 * `withModule`: the module record is read with the errors, in one pass over the buffer.
 */
export function rawParse(file: string, source: string, options: ParserOptions, withModule = false): RawParsed | null {
  if (buffer === undefined) buffer = createBuffer();
  const buf = buffer;
  const prepared = buf && prepare(buf, source, options);
  if (!buf || !prepared) return null;
  parseRawSync(file, buf.block, prepared.start, prepared.written, options);
  if (source.length > LARGE_SOURCE) buffer = undefined;
  return result(buf, source, prepared, withModule, () => parseAgain(file, source, options));
}

function parseAgain(file: string, source: string, options: ParserOptions): RawParsed {
  const again = rawParse(file, source, options);
  if (!again) throw new Error(`${file}: raw transfer stopped working between two parses`);
  return again;
}
