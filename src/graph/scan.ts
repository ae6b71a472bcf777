/**
 * The graph-only fast path: a file's imports from oxc-parser's module record, without touching
 * the AST. Reading the AST (deserialising it to JS objects) and walking it for binding usage costs
 * about 5x the parse itself, and `perf-lint graph` needs only the imports. `require()` calls (which
 * the module record does not list) and the context of `import()` calls come from lex.ts, a token
 * reader that gives up on anything it cannot decide exactly; such files go through parseModule. So
 * every record is the same as parseModule's (test/graph/scan.test.ts checks it on the fixtures and
 * on thousands of files of real packages).
 */
import type { EcmaScriptModule, OxcError, ParserOptions } from 'oxc-parser';
// Where raw transfer is not available (oxc-raw.ts), the native functions, not the wrapper: the
// wrapper takes every field of the result, including the AST as a JSON string that this path
// never reads. Without it, on the 5,166-file benchmark input: `perf-lint graph` 2.04 s and 222 MB
// peak RSS against 2.31 s and 273 MB (medians of 5).
import { parse, parseSync } from 'oxc-parser/src-js/bindings';
import { detach } from './detach.js';
import { lexCalls } from './lex.js';
import { rawParse } from './oxc-raw.js';
import { emptyModule, extOf, formatFromExt, importsFromModuleRecord, langOf, LineIndex, mentionsSuppression, parseModule } from './parse.js';
import type { ImportRecord, ParsedModule } from './types.js';

/** How many files the token reader answered and how many went to the full parse (tests read it). */
export const scanStats = { lexed: 0, full: 0 };

interface Plan {
  lang: ParserOptions['lang'];
  dts: boolean;
  hint: 'esm' | 'cjs' | undefined;
  needsCalls: boolean;
  options: ParserOptions;
}

/** What to parse and how; null when the file goes straight to the full parse. */
function plan(file: string, source: string, format: 'esm' | 'cjs' | undefined): Plan | null {
  const ext = extOf(file);
  const lang = langOf(ext);
  const dts = ext === '.d.ts';
  const needsCalls = mentionsCalls(source);
  if (needsCalls && (dts || lang === 'tsx')) return null;
  // No format given: from the extension, else detected from the syntax, as Node 20.19+ and parseModule do.
  const hint = format ?? formatFromExt(ext);
  const sourceType = hint === 'esm' ? 'module' : hint === 'cjs' ? 'commonjs' : 'unambiguous';
  return { lang, dts, hint, needsCalls, options: { lang, sourceType, preserveParens: false } };
}

/**
 * `require` as a word followed by what can start a call (`(`, a comment, `?.`, a template), or
 * `import` followed by `(`. A plain substring search first: most files mention neither. A
 * `require` that only a comment or a string names ("require the module", `require.resolve`)
 * leaves the file to the module record: in the TypeScript sources of the benchmark, 109 files
 * (7.5 MB) name it without calling it.
 */
function mentionsCalls(source: string): boolean {
  for (let i = source.indexOf('require'); i !== -1; i = source.indexOf('require', i + 7)) {
    // Part of a longer name (`xrequire`, `requireFoo`): not the word.
    if (i > 0 && isNameChar(source.charCodeAt(i - 1))) continue;
    let j = i + 7;
    let c = source.charCodeAt(j);
    if (isNameChar(c)) continue;
    while (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) c = source.charCodeAt(++j);
    // `(`, a comment, `?.(`, a tagged template or an unusual space: the lexer decides.
    if (c === 40 || c === 47 || c === 63 || c === 96 || c > 127) return true;
  }
  for (let i = source.indexOf('import'); i !== -1; i = source.indexOf('import', i + 6)) {
    let j = i + 6;
    let c = source.charCodeAt(j);
    while (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) c = source.charCodeAt(++j);
    // `(`, or a comment or an unusual space before it: the lexer decides.
    if (c === 40 || c === 47 || c > 127) return true;
  }
  return false;
}

/** [A-Za-z0-9_$]: a character that continues an ASCII name. */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/**
 * The imports of one file, as parseModule reports them, with `bindings` and `exports` left empty
 * when the fast path applies. Never throws on a syntax error (sets parseError).
 */
export function scanImports(file: string, source: string, format?: 'esm' | 'cjs'): ParsedModule {
  const p = plan(file, source, format);
  if (!p) return full(file, source, format);
  const raw = rawParse(file, source, p.options, true);
  return fromResult(file, source, format, p, take(raw ?? parseSync(file, source, p.options)));
}

/**
 * scanImports with oxc's parse on libuv's thread pool: several files in flight overlap the
 * native parse with the rest of the work on the main thread.
 */
export async function scanImportsAsync(file: string, source: string, format?: 'esm' | 'cjs'): Promise<ParsedModule> {
  const p = plan(file, source, format);
  if (!p) return full(file, source, format);
  // Raw transfer parses on this thread, in a quarter of the native parse's time (oxc-raw.ts).
  const raw = rawParse(file, source, p.options, true);
  return fromResult(file, source, format, p, take(raw ?? (await parse(file, source, p.options))));
}

/**
 * oxc's module record and errors of a file, without reading its syntax tree: what a question about
 * a file's exports needs (by raw transfer where it works, else the native parse without the
 * wrapper, which would turn the whole tree into JSON and back).
 */
export function moduleRecord(file: string, source: string, options: ParserOptions): Parsed {
  return take(rawParse(file, source, options, true) ?? parseSync(file, source, options));
}

/** Each native getter moves its field out of Rust, so each is read exactly once. */
function take(result: { module: EcmaScriptModule; errors: OxcError[] }): Parsed {
  return { module: result.module, errors: result.errors };
}

export interface Parsed {
  module: EcmaScriptModule;
  errors: OxcError[];
}

function fromResult(file: string, source: string, format: 'esm' | 'cjs' | undefined, p: Plan, result: Parsed): ParsedModule {
  // parseModule's error handling and recovery, exactly.
  if (result.errors.length > 0) return full(file, source, format);
  const lines = new LineIndex(source);
  const out = emptyModule(file, p.hint ?? (result.module.hasModuleSyntax ? 'esm' : 'cjs'));
  out.shallow = true;
  out.mentionsSuppression = mentionsSuppression(source);
  const records = importsFromModuleRecord(result.module, source, lines);
  if (!p.needsCalls) {
    // No `import(...)` and no `require`: the record holds every import; a .d.ts only has types.
    out.imports = p.dts ? records.map((r) => ({ ...r, kind: 'type' as const })) : records;
    return detach(out);
  }
  const calls = lexCalls(source, p.lang === 'ts');
  if (calls === null) return full(file, source, format);
  // The lexer's `import(` sites must be exactly oxc's dynamic imports (a mismatch means a type
  // `import('x')` or a token the lexer read differently), with literal or plain specifiers.
  const dynamic = records.filter((r) => r.kind === 'dynamic');
  const lexedDynamic = calls.filter((c) => c.kind === 'dynamic');
  if (dynamic.length !== lexedDynamic.length) return full(file, source, format);
  for (let k = 0; k < dynamic.length; k++) {
    const rec = dynamic[k];
    if (rec.start !== lexedDynamic[k].start) return full(file, source, format);
    // importsFromModuleRecord reads plain literals only; anything else is left to the walker.
    if (rec.unresolvedDynamic && !/^[\w$.]+$/.test(rec.specifier)) return full(file, source, format);
    if (lexedDynamic[k].nested) rec.nested = true;
    if (lexedDynamic[k].inTry) rec.inTry = true;
  }
  for (const c of calls) {
    if (c.kind !== 'require') continue;
    const p = lines.pos(c.start);
    const kind = c.importEquals?.isType ? 'type' : 'require';
    const rec: ImportRecord = { specifier: c.specifier, kind, line: p.line, column: p.column, start: c.start, end: c.end, names: c.names };
    if (c.nested) rec.nested = true;
    if (c.inTry) rec.inTry = true;
    if (c.importEquals) rec.importEquals = true;
    records.push(rec);
  }
  records.sort((a, b) => a.start - b.start);
  out.imports = records;
  scanStats.lexed++;
  return detach(out);
}

function full(file: string, source: string, format: 'esm' | 'cjs' | undefined): ParsedModule {
  scanStats.full++;
  return parseModule(file, source, { format });
}
