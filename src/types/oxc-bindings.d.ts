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
}

declare module 'oxc-parser/src-js/wrap.js' {
  /** JSON.parse of the AST, then the values JSON cannot carry (BigInt and RegExp literals). */
  export function jsonParseAst(programJson: string): unknown;
}
