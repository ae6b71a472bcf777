/**
 * oxc-parser's native functions, exported as `oxc-parser/src-js/bindings` (its package.json
 * `exports`); their types are the ones oxc-parser's index.d.ts gives the wrapped functions, but the
 * result is the native ParseResult whose getters take each field out of Rust once. scan.ts reads
 * only `module` and `errors`, so the AST's JSON never becomes a JS string.
 */
declare module 'oxc-parser/src-js/bindings' {
  import type { ParseResult, ParserOptions } from 'oxc-parser';

  export function parse(filename: string, sourceText: string, options?: ParserOptions | null): Promise<ParseResult>;
  export function parseSync(filename: string, sourceText: string, options?: ParserOptions | null): ParseResult;
}
