/**
 * oxc-parser's native functions, exported as `oxc-parser/src-js/bindings` (its package.json
 * `exports`). The result is the native ParseResult: each getter takes its field out of Rust once,
 * and `program` is the AST as a JSON string (oxc-parser's wrapper parses it with jsonParseAst,
 * from `oxc-parser/src-js/wrap.js`). scan.ts reads only `module` and `errors`, so the AST's JSON
 * never becomes a JS string; parseModule reads `module` only when it needs it.
 */
declare module 'oxc-parser/src-js/bindings' {
  import type { Comment, EcmaScriptModule, OxcError, ParserOptions } from 'oxc-parser';

  export interface NativeParseResult {
    readonly program: string;
    readonly module: EcmaScriptModule;
    readonly comments: Comment[];
    readonly errors: OxcError[];
  }

  export function parse(filename: string, sourceText: string, options?: ParserOptions | null): Promise<NativeParseResult>;
  export function parseSync(filename: string, sourceText: string, options?: ParserOptions | null): NativeParseResult;

  // Raw transfer (see src/graph/oxc-raw.ts).
  /** True on a 64-bit little-endian platform (the native side's own check; the Node version is not checked). */
  export function rawTransferSupported(): boolean;
  /** Offset of the first 4 GiB-aligned address inside the buffer. */
  export function getBufferOffset(buffer: Uint8Array): number;
  /** Parses the UTF-8 source at [sourceStart, sourceStart + sourceByteLength) of the block, writing the result into it. */
  export function parseRawSync(filename: string, block: Uint8Array, sourceStart: number, sourceByteLength: number, options?: ParserOptions | null): void;
}

declare module 'oxc-parser/src-js/generated/constants' {
  /** Size of the allocator block handed to the parse (metadata included). */
  export const BLOCK_SIZE: number;
  /** Size of the buffer JS reads. */
  export const BUFFER_SIZE: number;
  /** Size of the region where the source and the AST live. */
  export const ACTIVE_SIZE: number;
  /** Byte position of the flag the parse sets for a TypeScript AST. */
  export const IS_TS_FLAG_POS: number;
}

declare module 'oxc-parser/src-js/wrap.js' {
  /** JSON.parse of the AST, then the values JSON cannot carry (BigInt and RegExp literals). */
  export function jsonParseAst(programJson: string): unknown;
}
