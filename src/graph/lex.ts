/**
 * A token-level reader of `require('x')` and `import('x')` call sites, for the graph-only fast path
 * (scan.ts). oxc-parser's module record lists static imports and dynamic imports but not `require`,
 * and reading oxc's AST costs about as much as parsing the file: for `perf-lint graph` on 2,300
 * CommonJS files that was half the run. This reads tokens instead (strings, templates, comments,
 * regular expressions told from division as es-module-lexer does) and keeps a stack of brackets
 * that knows which braces are function bodies, `try` blocks and object literals.
 *
 * It answers only what it can answer exactly as parseModule would, and returns null otherwise
 * (the caller then does the full parse):
 * - a call inside a function body, function parameters, a class body or an arrow function, unless
 *   some function body around it can never run while the module loads (see neverAtLoad: a
 *   method, a callback, a function nothing else in the file names); which functions run at load
 *   otherwise needs the walker's call graph;
 * - any `require` that is not a plain call or member read (it may be a local declaration, which
 *   makes every call through it not an import);
 * - a non-literal or escaped argument, JSX or a TypeScript angle-bracket assertion, unbalanced
 *   brackets, and every declaration shape whose imported names are not plain.
 * TypeScript's `import x = require('m')` statement is read here too (oxc's module record does not
 * list it), at the top level only.
 * test/graph/scan.test.ts checks the result equals parseModule's on the fixtures and on several
 * thousand files of real packages.
 */
import { SYNC_CALLBACK_METHODS } from './parse-walk.js';
import { isInteropHelperName } from './interop-helpers.js';
import type { ImportedName } from './types.js';

export interface LexedCall {
  kind: 'require' | 'dynamic';
  /** Offset of `require` / `import`. */
  start: number;
  /** Offset just after the closing parenthesis (require only; dynamic imports take oxc's). */
  end: number;
  /** The string argument (require only). */
  specifier: string;
  names: ImportedName[];
  inTry: boolean;
  /** Inside a function that does not run while the module loads. */
  nested: boolean;
  /** TypeScript `import x = require('m')` (kind `type` for `import type x = …`). */
  importEquals?: { isType: boolean };
}

// Token types.
const T_IDENT = 1;
const T_PUNCT = 2;
const T_STRING = 3;
const T_TEMPLATE = 4;
const T_REGEX = 5;
const T_NUMBER = 6;

// Punctuator codes: single characters use their char code; these are the multi-character ones.
const P_ARROW = 1000;
const P_OPTCHAIN = 1001;
const P_SPREAD = 1002;
const P_INCDEC = 1003;
/** Any other operator (`==`, `&&`, `+=`, `>>`, `**`, ...): an expression may follow. */
const P_OP = 1004;

// Group (bracket) kinds.
const G_TOP = 0;
const G_PAREN = 1;
/** `if (...)`, `for (...)`, `while (...)`, `switch (...)`, `with (...)` */
const G_PAREN_CTRL = 2;
const G_PAREN_CATCH = 3;
/** Function parameters (known when `{`, `=>` or a return type follows the `)`). */
const G_PARAMS = 4;
const G_BRACKET = 5;
const G_BLOCK = 6;
/** A `try`, `catch` or `finally` body. */
const G_TRY = 7;
const G_FN = 8;
const G_OBJ = 9;
/** Class bodies, TypeScript declarations and anything else not told apart: treated as a function. */
const G_UNKNOWN = 10;
const G_TEMPLATE = 11;

interface Frame {
  kind: number;
  parent: Frame | null;
  /** Token index of the opening bracket (-1 for the top level). */
  opener: number;
  inTry: boolean;
  /** Inside the body of an arrow function written without braces (here or in an enclosing group). */
  arrowAbove: boolean;
  /** An arrow function without braces started in this group since its last `;`. */
  arrow: boolean;
  /** TypeScript: `): T` was seen at this level since its last `;`, so a `{` here is a function body. */
  header: boolean;
  /** For the body of a function declaration: the token of its name (else -1). */
  decl: number;
}

interface Candidate {
  tok: number;
  frame: Frame;
  kind: 'require' | 'dynamic';
}

const REGEX_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
const OBJ_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'throw', 'case', 'yield', 'await', 'export', 'import']);
const CTRL_KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'with']);
const DECL_KEYWORDS = new Set(['var', 'let', 'const']);
/** Words that continue an expression after a newline (no automatic semicolon before them). */
const CONTINUING_WORDS = new Set(['in', 'instanceof']);
/** Punctuators that continue an expression on the next line: `(`, `[`, `.`, `?.`, operators, `<`, `>`, `?`. */
const CONTINUING_PUNCT = new Set([40, 91, 46, 1001, 1004, 43, 45, 60, 62, 63]);

// Token buffers, shared across calls and grown as needed (one file is lexed at a time).
let cap = 0;
let tType = new Uint8Array(0);
let tCode = new Uint16Array(0);
let tStart = new Int32Array(0);
let tEnd = new Int32Array(0);
let tNl = new Uint8Array(0);
/** For an opening bracket: the index of its closing one; for a closing one: its opener. */
let tMatch = new Int32Array(0);
/** For an opening bracket: the kind of its group (final once the group is closed and followed). */
let tKind = new Uint8Array(0);

function grow(min: number): void {
  let n = Math.max(1024, cap);
  while (n < min) n *= 2;
  const copy = <T extends Uint8Array | Uint16Array | Int32Array>(a: T, b: T): T => {
    b.set(a);
    return b;
  };
  tType = copy(tType, new Uint8Array(n));
  tCode = copy(tCode, new Uint16Array(n));
  tStart = copy(tStart, new Int32Array(n));
  tEnd = copy(tEnd, new Int32Array(n));
  tNl = copy(tNl, new Uint8Array(n));
  tMatch = copy(tMatch, new Int32Array(n));
  tKind = copy(tKind, new Uint8Array(n));
  cap = n;
}

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 36 || c === 95 || c === 92 || (c > 127 && !isWideSpace(c));
}

function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}

function isWideSpace(c: number): boolean {
  return c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

// The file being read. Module state rather than closures: V8 optimises these small functions
// early, where one big function with closures took 200-300 ms to compile and deoptimised on
// paths it had not seen yet (measured on the 2,347 files of the graph benchmark).
let src = '';
let len = 0;
let pos = 0;
let n = 0;
let nl = false;
let ts = false;
let frame: Frame = topFrame();
/** The paren group closed by the previous token, while the next token decides what it was. */
let closedParen: Frame | null = null;
let candidates: Candidate[] = [];
/** The name token of a function declaration whose body has not opened yet, and its group. */
let pendingDecl = -1;
let pendingFrame: Frame | null = null;

function topFrame(): Frame {
  return { kind: G_TOP, parent: null, opener: -1, inTry: false, arrowAbove: false, arrow: false, header: false, decl: -1 };
}

/**
 * Every `require(...)` and `import(...)` call of `source`, in source order, or null when some
 * call cannot be described exactly without the full parse (see the file comment).
 */
export function lexCalls(source: string, typescript: boolean): LexedCall[] | null {
  src = source;
  len = source.length;
  pos = 0;
  n = 0;
  nl = false;
  ts = typescript;
  frame = topFrame();
  closedParen = null;
  candidates = [];
  pendingDecl = -1;
  pendingFrame = null;
  try {
    return tokenize() ? analyse() : null;
  } finally {
    src = '';
    candidates = [];
    pendingFrame = null;
  }
}

function tokenize(): boolean {
  const s = src;
  while (pos < len) {
    const c = s.charCodeAt(pos);
    if (c === 32 || c === 9 || c === 11 || c === 12) pos++;
    else if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      nl = true;
      pos++;
    } else if (isIdStart(c) || c === 35) {
      if (!word(c)) return false;
    } else if (c === 47) {
      if (!slash()) return false;
    } else if (c >= 48 && c <= 57) number();
    else if (c === 39 || c === 34) {
      if (!string(c)) return false;
    } else if (c === 96) {
      if (!templateRest(pos + 1)) return false;
    } else if (c > 127 && isWideSpace(c)) {
      if (c === 0x2028 || c === 0x2029) nl = true;
      pos++;
    } else if (!punct(c)) return false;
  }
  return frame.parent === null;
}

function text(t: number): string {
  return src.slice(tStart[t], tEnd[t]);
}

function isWord(t: number, w: string): boolean {
  return t >= 0 && tType[t] === T_IDENT && tEnd[t] - tStart[t] === w.length && src.startsWith(w, tStart[t]);
}

function isPunct(t: number, code: number): boolean {
  return t >= 0 && tType[t] === T_PUNCT && tCode[t] === code;
}

function afterDot(t: number): boolean {
  return t > 0 && (isPunct(t - 1, 46) || isPunct(t - 1, P_OPTCHAIN));
}

/** Does the `function` (or `async function`) at token t start a statement? */
function statementStart(t: number): boolean {
  let k = t - 1;
  if (isWord(k, 'async')) k--;
  if (isWord(k, 'default') && isWord(k - 1, 'export')) k -= 2;
  else if (isWord(k, 'export')) k--;
  return k < 0 || isPunct(k, 59) || isPunct(k, 123) || isPunct(k, 125);
}

/** Can a regular expression (or any expression) start after token t? */
function exprStart(t: number): boolean {
  if (t < 0) return true;
  switch (tType[t]) {
    case T_IDENT:
      return REGEX_KEYWORDS.has(text(t)) && !afterDot(t);
    case T_PUNCT: {
      const c = tCode[t];
      if (c === 41) return tKind[tMatch[t]] === G_PAREN_CTRL; // `if (x) /re/`
      if (c === 93 || c === P_INCDEC) return false;
      if (c === 125) return tKind[tMatch[t]] !== G_OBJ;
      return true;
    }
    default:
      return false;
  }
}

function push(type: number, code: number, start: number, end: number): number {
  if (n >= cap) grow(n + 1);
  tType[n] = type;
  tCode[n] = code;
  tStart[n] = start;
  tEnd[n] = end;
  tNl[n] = nl ? 1 : 0;
  tMatch[n] = -1;
  nl = false;
  const t = n++;
  // What the previous `)` closed: function parameters if a body, an arrow or a return type follows.
  if (closedParen !== null) followParen(type, code);
  // An arrow function whose body is not a block.
  if (t > 0 && tType[t - 1] === T_PUNCT && tCode[t - 1] === P_ARROW && !(type === T_PUNCT && code === 123)) frame.arrow = true;
  return t;
}

function followParen(type: number, code: number): void {
  const p = closedParen as Frame;
  closedParen = null;
  if (type === T_PUNCT && (code === P_ARROW || (code === 123 && p.kind === G_PAREN) || (code === 58 && ts && p.kind === G_PAREN))) {
    p.kind = G_PARAMS;
    tKind[p.opener] = G_PARAMS;
    if (code === 58) frame.header = true;
  }
}

function open(t: number, kind: number): void {
  tKind[t] = kind;
  const inTry = frame.inTry || kind === G_TRY;
  let decl = -1;
  if (kind === G_FN && pendingDecl >= 0 && pendingFrame === frame) {
    decl = pendingDecl;
    pendingDecl = -1;
  }
  frame = { kind, parent: frame, opener: t, inTry, arrowAbove: frame.arrowAbove || frame.arrow, arrow: false, header: false, decl };
}

function close(t: number, code: number): boolean {
  const f = frame;
  if (f.parent === null) return false;
  const o = f.opener;
  const oc = tCode[o];
  if ((code === 41 && oc !== 40) || (code === 93 && oc !== 91) || (code === 125 && oc !== 123)) return false;
  tMatch[o] = t;
  tMatch[t] = o;
  tKind[o] = f.kind;
  frame = f.parent;
  if (code === 41) closedParen = f;
  return true;
}

/** The kind of a `{` opened after token `prev`. */
function braceKind(prev: number): number {
  if (frame.header) return G_FN;
  if (prev < 0) return G_BLOCK;
  const ty = tType[prev];
  if (ty === T_PUNCT) {
    const c = tCode[prev];
    if (c === 41) {
      const k = tKind[tMatch[prev]];
      return k === G_PAREN_CTRL ? G_BLOCK : k === G_PAREN_CATCH ? G_TRY : G_FN;
    }
    if (c === P_ARROW) return G_FN;
    if (c === 59 || c === 123 || c === 125) return G_BLOCK;
    if (c === 93 || c === 62 || c === P_INCDEC) return G_UNKNOWN;
    return G_OBJ;
  }
  if (ty === T_IDENT && !afterDot(prev)) {
    const w = text(prev);
    if (w === 'else' || w === 'do') return G_BLOCK;
    if (w === 'try' || w === 'finally') return G_TRY;
    if (OBJ_KEYWORDS.has(w)) return G_OBJ;
  }
  return G_UNKNOWN;
}

/** Template text from `from` (just after `` ` `` or a `}` closing `${`); false if unterminated. */
function templateRest(from: number): boolean {
  let j = from;
  while (j < len) {
    const c = src.charCodeAt(j);
    if (c === 92) j += 2;
    else if (c === 96) {
      push(T_TEMPLATE, 0, from - 1, j + 1);
      pos = j + 1;
      return true;
    } else if (c === 36 && src.charCodeAt(j + 1) === 123) {
      const t = push(T_TEMPLATE, 0, from - 1, j + 2);
      open(t, G_TEMPLATE);
      tCode[t] = 123; // the `${` opens a group that a `}` closes
      pos = j + 2;
      return true;
    } else j++;
  }
  return false;
}

/** A comment, a regular expression or a division at pos. */
function slash(): boolean {
  const i = pos;
  const d = src.charCodeAt(i + 1);
  if (d === 47) {
    const e = src.indexOf('\n', i + 2);
    pos = e === -1 ? len : e;
    return true;
  }
  if (d === 42) {
    const e = src.indexOf('*/', i + 2);
    if (e === -1) return false;
    if (/[\n\r\u2028\u2029]/.test(src.slice(i, e))) nl = true;
    pos = e + 2;
    return true;
  }
  if (exprStart(n - 1)) {
    // a regular expression literal
    let j = i + 1;
    let cls = false;
    for (;;) {
      if (j >= len) return false;
      const r = src.charCodeAt(j);
      if (r === 10 || r === 13) return false;
      if (r === 92) j += 2;
      else {
        if (r === 91) cls = true;
        else if (r === 93) cls = false;
        else if (r === 47 && !cls) break;
        j++;
      }
    }
    j++;
    while (j < len && isIdPart(src.charCodeAt(j))) j++;
    push(T_REGEX, 0, i, j);
    pos = j;
    return true;
  }
  const end = d === 61 ? i + 2 : i + 1;
  push(T_PUNCT, P_OP, i, end);
  pos = end;
  return true;
}

/** An identifier, keyword or private name at pos; records `require(` and `import(` sites. */
function word(c: number): boolean {
  const i = pos;
  if (c === 35 && i === 0 && src.charCodeAt(1) === 33) {
    // hashbang
    const e = src.indexOf('\n');
    pos = e === -1 ? len : e;
    return true;
  }
  const s = src;
  let j = i + 1;
  while (j < len && isIdPart(s.charCodeAt(j))) j++;
  const t = push(T_IDENT, 0, i, j);
  pos = j;
  if (c === 35) return true;
  const size = j - i;
  // `function name` (or `function* name`) where a statement starts: a function declaration.
  const fnTok = isWord(t - 1, 'function') ? t - 1 : t >= 2 && isPunct(t - 1, P_OP) && isWord(t - 2, 'function') ? t - 2 : -1;
  if (fnTok >= 0 && statementStart(fnTok)) {
    pendingDecl = t;
    pendingFrame = frame;
  }
  // `require` and `import` calls; any other use of `require` may be a declaration.
  if (size === 7 && c === 114 && src.startsWith('require', i) && !afterDot(t)) {
    const next = nextSignificant(src, j);
    if (next === 40) {
      if (t > 0 && (isWord(t - 1, 'function') || isWord(t - 1, 'new') || isPunct(t - 1, 35))) return false;
      candidates.push({ tok: t, frame, kind: 'require' });
    } else if (next !== 46 && !(t > 0 && isWord(t - 1, 'typeof'))) return false;
  } else if (size === 6 && c === 105 && src.startsWith('import', i) && !afterDot(t) && nextSignificant(src, j) === 40) {
    candidates.push({ tok: t, frame, kind: 'dynamic' });
  }
  return true;
}

function number(): void {
  const i = pos;
  let j = i + 1;
  while (j < len) {
    const d = src.charCodeAt(j);
    if (isIdPart(d) || d === 46) j++;
    else break;
  }
  push(T_NUMBER, 0, i, j);
  pos = j;
}

function string(quote: number): boolean {
  const s = src;
  const i = pos;
  let j = i + 1;
  for (;;) {
    if (j >= len) return false;
    const d = s.charCodeAt(j);
    if (d === quote) break;
    if (d === 92) {
      j += s.charCodeAt(j + 1) === 13 && s.charCodeAt(j + 2) === 10 ? 3 : 2;
      continue;
    }
    if (d === 10 || d === 13) return false;
    j++;
  }
  push(T_STRING, 0, i, j + 1);
  pos = j + 1;
  return true;
}

/** Pushes a punctuator of `size` characters. */
function op(code: number, size: number): void {
  push(T_PUNCT, code, pos, pos + size);
  pos += size;
}

/** Length of a run of the given characters from pos + 1 (for `>>=`, `<<=`, `**=`, `&&=`...). */
function runFrom(a: number, b: number): number {
  let j = pos + 1;
  for (;;) {
    const e = src.charCodeAt(j);
    if (e === a || e === b) j++;
    else return j - pos;
  }
}

function punct(c: number): boolean {
  const d = src.charCodeAt(pos + 1);
  switch (c) {
    case 40: {
      // (
      const prev = n - 1;
      const t = push(T_PUNCT, 40, pos, pos + 1);
      let kind = G_PAREN;
      if (prev >= 0 && tType[prev] === T_IDENT && tEnd[prev] - tStart[prev] <= 6 && !afterDot(prev)) {
        const w = text(prev);
        if (CTRL_KEYWORDS.has(w)) kind = G_PAREN_CTRL;
        else if (w === 'catch') kind = G_PAREN_CATCH;
      }
      open(t, kind);
      pos++;
      return true;
    }
    case 91:
      open(push(T_PUNCT, 91, pos, pos + 1), G_BRACKET);
      pos++;
      return true;
    case 123: {
      const kind = braceKind(n - 1);
      open(push(T_PUNCT, 123, pos, pos + 1), kind);
      pos++;
      return true;
    }
    case 41:
    case 93: {
      const t = push(T_PUNCT, c, pos, pos + 1);
      pos++;
      return close(t, c);
    }
    case 125: {
      if (frame.kind === G_TEMPLATE) {
        // the `}` of a `${...}`: back into the template
        tKind[frame.opener] = G_TEMPLATE;
        frame = frame.parent as Frame;
        return templateRest(pos + 1);
      }
      const t = push(T_PUNCT, 125, pos, pos + 1);
      pos++;
      return close(t, c);
    }
    case 59: // ;
      op(59, 1);
      frame.arrow = false;
      frame.header = false;
      if (pendingFrame === frame) pendingDecl = -1; // an overload signature has no body
      return true;
    case 44: // ,
    case 58: // :
    case 126: // ~
    case 64: // @
      op(c, 1);
      return true;
    case 46: // .
      if (d >= 48 && d <= 57) number();
      else if (d === 46 && src.charCodeAt(pos + 2) === 46) op(P_SPREAD, 3);
      else op(46, 1);
      return true;
    case 63: {
      // ?
      const e = src.charCodeAt(pos + 2);
      if (d === 46 && !(e >= 48 && e <= 57)) op(P_OPTCHAIN, 2);
      else if (d === 63) op(P_OP, e === 61 ? 3 : 2);
      else op(63, 1);
      return true;
    }
    case 61: // =
      if (d === 62) op(P_ARROW, 2);
      else if (d === 61) op(P_OP, src.charCodeAt(pos + 2) === 61 ? 3 : 2);
      else op(61, 1);
      return true;
    case 60: // <
      if (d === 60 || d === 61) op(P_OP, runFrom(60, 61));
      // Where an expression starts: in TypeScript (not TSX) the type parameters of a generic arrow
      // or a `<T>x` assertion, which read as ordinary tokens; elsewhere JSX, whose text is not
      // JavaScript tokens: the parser decides.
      else if (!ts && exprStart(n - 1)) return false;
      else op(60, 1);
      return true;
    case 62: // >
      if (d === 62 || d === 61) op(P_OP, runFrom(62, 61));
      else op(62, 1);
      return true;
    case 33: // !
      if (d === 61) op(P_OP, src.charCodeAt(pos + 2) === 61 ? 3 : 2);
      else op(33, 1);
      return true;
    case 43: // +
    case 45: // -
      if (d === c) op(P_INCDEC, 2);
      else if (d === 61) op(P_OP, 2);
      else op(c, 1);
      return true;
    case 42: // *
    case 37: // %
    case 38: // &
    case 124: // |
    case 94: // ^
      op(P_OP, c === 37 || c === 94 ? runFrom(61, 61) : runFrom(c, 61));
      return true;
    default:
      // An unexpected character (a stray backslash, `\u` escapes in odd places...): ask the parser.
      return false;
  }
}

function analyse(): LexedCall[] | null {
  const out: LexedCall[] = [];
  let acceptedComma = -1;
  // Whether each function declaration's name is written elsewhere (one scan per function).
  const named = new Map<number, boolean>();
  // Per function body (by its opening brace): whether it can never run while the module loads.
  const lazy = new Map<number, boolean>();
  const lazyBody = (f: Frame): boolean => {
    let v = lazy.get(f.opener);
    if (v === undefined) lazy.set(f.opener, (v = neverAtLoad(f, named)));
    return v;
  };
  for (const cand of candidates) {
    // Is there a function (or parameters, or a class body) around the call?
    let inFunction = false;
    for (let f: Frame | null = cand.frame; f && !inFunction; f = f.parent) inFunction = f.kind === G_FN || f.kind === G_PARAMS || f.kind === G_UNKNOWN;
    let inTry = cand.frame.inTry;
    let nested = false;
    if (inFunction) {
      // Inside a function body that cannot run while the module loads, the call is nested (nothing
      // declared inside such a function can run at load either). Anything else needs the walker's
      // call graph.
      let body: Frame | null = cand.frame;
      while (body && !(body.kind === G_FN && lazyBody(body))) body = body.parent;
      if (!body) return null;
      nested = true;
      const t = tryInside(cand.frame, body);
      if (t === null) return null;
      // An arrow function without braces in between starts outside any try, as every function does.
      if (t && (cand.frame.arrowAbove || arrowBefore(cand.tok, cand.frame))) return null;
      inTry = t;
    } else if (cand.frame.arrowAbove || arrowBefore(cand.tok, cand.frame)) return null;
    const t = cand.tok;
    if (cand.kind === 'dynamic') {
      out.push({ kind: 'dynamic', start: tStart[t], end: -1, specifier: '', names: [], inTry, nested });
      continue;
    }
    // require ( 'x' )
    if (!isPunct(t + 1, 40) || tType[t + 2] !== T_STRING || !isPunct(t + 3, 41)) return null;
    const raw = text(t + 2);
    if (raw.includes('\\')) return null;
    if (ts && isPunct(t - 1, 61) && tType[t - 2] === T_IDENT && (isWord(t - 3, 'import') || isWord(t - 3, 'type'))) {
      const eq = importEquals(t);
      if (eq === null || inFunction || cand.frame.parent !== null) return null;
      out.push({ kind: 'require', start: tStart[eq.at], end: eq.end, specifier: raw.slice(1, -1), names: [{ imported: '*', local: text(t - 2), isType: eq.isType }], inTry, nested, importEquals: { isType: eq.isType } });
      continue;
    }
    const r = declaratorNames(t, acceptedComma);
    if (r === null) return null;
    acceptedComma = r.comma;
    out.push({ kind: 'require', start: tStart[t], end: tEnd[t + 3], specifier: raw.slice(1, -1), names: r.names, inTry, nested });
  }
  return out;
}

/**
 * `[export] import [type] x = require('m')` ending at token t + 3 (the `)`), as a statement: the
 * token of `import`, whether it imports a type, and where the statement ends (after its `;`, as
 * oxc's span does). Null for any other shape.
 */
function importEquals(t: number): { at: number; isType: boolean; end: number } | null {
  let at = t - 3;
  let isType = false;
  // `import type = require()` names its binding `type`.
  if (isWord(at, 'type') && isWord(at - 1, 'import') && !afterDot(at - 1)) {
    at--;
    isType = true;
  }
  if (!isWord(at, 'import') || afterDot(at)) return null;
  let before = at - 1;
  if (isWord(before, 'export')) before--;
  // `import` (or `export`) on a new line starts a statement: neither word continues an expression.
  if (!(before < 0 || isPunct(before, 59) || isPunct(before, 125) || tNl[before + 1])) return null;
  const k = t + 4;
  if (isPunct(k, 59)) return { at, isType, end: tEnd[k] };
  // Without a `;`: the statement must end at a new line (or the end of the file).
  return k >= n || tNl[k] ? { at, isType, end: tEnd[t + 3] } : null;
}

/**
 * Whether the function whose body is `f` can never run while the module loads, as the walker
 * decides it: only a function declaration, a `const`/`let`/`var` initialised with a function, or
 * a class (its constructor) is ever followed from a call at load, and an IIFE runs right away. So:
 * a method (not a constructor), or a function expression or arrow that is not called right away
 * and is not the initialiser of a declaration, or such a named function that nothing else in the
 * file names. False whenever the tokens leave a doubt.
 */
function neverAtLoad(f: Frame, named: Map<number, boolean>): boolean {
  const nameFree = (tok: number): boolean => {
    let m = named.get(tok);
    if (m === undefined) named.set(tok, (m = mentioned(tok)));
    return !m;
  };
  if (f.decl >= 0) return nameFree(f.decl);
  const o = f.opener;
  const p = o - 1;
  let params = -1;
  let arrow = false;
  if (isPunct(p, 41) && tKind[tMatch[p]] === G_PARAMS) params = tMatch[p];
  else if (isPunct(p, P_ARROW)) {
    arrow = true;
    params = ts ? returnTypeParams(p) : -1;
    if (params < 0) {
      if (isPunct(p - 1, 41)) params = tMatch[p - 1];
      else if (tType[p - 1] === T_IDENT && !(ts && isPunct(p - 2, 58))) params = p - 1;
    }
  } else if (ts) params = returnTypeParams(o);
  if (params < 0) return false;
  let start = params;
  if (!arrow) {
    const k = params - 1;
    if (isWord(k, 'function')) start = k;
    else if (isPunct(k, P_OP) && text(k) === '*' && isWord(k - 1, 'function')) start = k - 1;
    else if (tType[k] === T_IDENT && (isWord(k - 1, 'function') || (isPunct(k - 1, P_OP) && text(k - 1) === '*' && isWord(k - 2, 'function')))) {
      // A named function expression (a declaration would have f.decl): after a label or a `case`
      // it would be a declaration after all.
      start = isWord(k - 1, 'function') ? k - 1 : k - 2;
      if (isPunct(start - 1, 58)) return false;
    } else {
      // A method: `name(…) {` in an object literal or a class body, never called at load.
      const isName = tType[k] === T_IDENT || tType[k] === T_STRING || isPunct(k, 93);
      const parent = f.parent?.kind;
      if (!isName || (parent !== G_OBJ && parent !== G_UNKNOWN)) return false;
      if (tType[k] !== T_PUNCT && /^['"]?(constructor|extends)['"]?$/.test(text(k))) return false;
      // `init()` then a block on the next line reads the same way: not a method.
      return !(isPunct(p, 41) && tNl[o]);
    }
  }
  if (isWord(start - 1, 'async')) start--;
  const ctx = expressionContext(start - 1);
  if (ctx === null || calledRightAway(tMatch[o])) return false;
  return ctx === -1 || nameFree(ctx);
}

/**
 * Where a function expression starting after token b stands: -1 when nothing names it (an argument,
 * an element, a property value, an operand, a returned value, an assignment), the token of its name
 * for `const name = …`, or null for anything else.
 */
function expressionContext(b: number): number | null {
  if (b < 0) return null;
  if (tType[b] === T_IDENT) {
    if (afterDot(b)) return null;
    const w = text(b);
    if (w === 'return' || w === 'yield' || w === 'await') return -1;
    return w === 'default' && isWord(b - 1, 'export') ? -1 : null;
  }
  if (tType[b] !== T_PUNCT) return null;
  const c = tCode[b];
  if (c === 61) {
    const lhs = b - 1;
    if (tType[lhs] !== T_IDENT) return isPunct(lhs, 93) && !ts ? -1 : null;
    const before = lhs - 1;
    if (tType[before] === T_IDENT && DECL_KEYWORDS.has(text(before)) && !afterDot(before)) return lhs;
    if (isPunct(before, 46) || isPunct(before, P_OPTCHAIN)) return -1;
    // `x = function …` (an assignment, or a class field): only declarations name a function.
    return before < 0 || isPunct(before, 59) || isPunct(before, 123) || isPunct(before, 125) || tNl[lhs] ? -1 : null;
  }
  if (c === 40) {
    if (isWord(b - 1, 'new')) return null;
    // The first argument of an array method that calls it before returning (`xs.map(() => …)`)
    // or of `new Promise(…)`: the walker runs it where the call runs.
    if (tType[b - 1] === T_IDENT && afterDot(b - 1) && SYNC_CALLBACK_METHODS.has(text(b - 1))) return null;
    return isWord(b - 1, 'Promise') && isWord(b - 2, 'new') ? null : -1;
  }
  if (c === 44 || c === 91 || c === 63 || c === P_ARROW || c === P_OP) return -1;
  // In TypeScript a `:` may end a type annotation.
  return c === 58 && !ts ? -1 : null;
}

/** Is the function whose body closes at token `close` called (or read) right after it, inside parentheses or not? */
function calledRightAway(close: number): boolean {
  let k = close + 1;
  while (isPunct(k, 41)) k++;
  if (k >= n) return false;
  if (tType[k] === T_TEMPLATE) return true;
  if (tType[k] !== T_PUNCT) return false;
  const c = tCode[k];
  return c === 40 || c === 46 || c === P_OPTCHAIN || c === 33 || c === 91;
}

/**
 * TypeScript: the `(` of the parameters of `(…): ReturnType` ending just before token `end` (a
 * function body's `{` or an arrow's `=>`), or -1. The return type may hold names, dots, generics,
 * unions, tuples, literals and function types; anything else (braces, `?`, `=`, `;`) is a doubt.
 */
function returnTypeParams(end: number): number {
  let k = end - 1;
  // At least one token of type between the `:` and `end`.
  if (isPunct(k, 58)) return -1;
  for (let steps = 0; k > 0 && steps < 64; steps++) {
    const ty = tType[k];
    if (ty === T_PUNCT) {
      const c = tCode[k];
      if (c === 41 || c === 93) {
        k = tMatch[k] - 1;
        continue;
      }
      if (c === 58) return isPunct(k - 1, 41) && tKind[tMatch[k - 1]] === G_PARAMS ? tMatch[k - 1] : -1;
      const ok = c === 46 || c === 60 || c === 62 || c === 44 || c === P_ARROW || (c === P_OP && /^(\||&|>>>?)$/.test(text(k)));
      if (!ok) return -1;
    } else if (ty !== T_IDENT && ty !== T_STRING && ty !== T_NUMBER) return -1;
    k--;
  }
  return -1;
}

/** Is the identifier at token `name` written anywhere else in the file (a call, a reference, a property)? */
function mentioned(name: number): boolean {
  const word = text(name);
  const size = word.length;
  for (let k = 0; k < n; k++) {
    if (k !== name && tType[k] === T_IDENT && tEnd[k] - tStart[k] === size && src.startsWith(word, tStart[k])) return true;
  }
  return false;
}

/**
 * Whether a call in `inner` (inside the body `outer` of a function) sits in a `try` of that
 * function, as the walker counts it (a function starts outside any `try`). Null when another
 * function between them makes it depend on whether that one is called right away.
 */
function tryInside(inner: Frame, outer: Frame): boolean | null {
  let inTry = false;
  let fnBetween = false;
  for (let f: Frame | null = inner; f && f !== outer; f = f.parent) {
    if (f.kind === G_TRY) inTry = true;
    if (f.kind === G_FN || f.kind === G_PARAMS || f.kind === G_UNKNOWN) fnBetween = true;
  }
  return fnBetween && inTry ? null : inTry;
}

/**
 * Was an arrow function without braces started before token t in its group's current statement?
 * (Its body would hold t.) Read from the frame's flag when t was lexed, recomputed here by
 * scanning back to the statement start, since the flag has moved on since.
 */
function arrowBefore(t: number, f: Frame): boolean {
  const stop = f.opener;
  for (let k = t - 1; k > stop; k--) {
    if (tType[k] === T_PUNCT) {
      const code = tCode[k];
      if (code === 59) return false;
      if ((code === 41 || code === 93 || code === 125) && tMatch[k] >= 0) {
        k = tMatch[k];
        continue;
      }
      if (code === P_ARROW && !isPunct(k + 1, 123)) return true;
    }
  }
  return false;
}

/**
 * The names a `require` at token t binds, as the walker's declarator() and requireOf() give them:
 * a declarator whose whole initialiser is the call, seen through parentheses, one interop helper
 * and one member access. `comma` is the token index of a `,` that continues the declaration.
 * Null when the shape is not one handled here.
 */
function declaratorNames(t: number, prevComma: number): { names: ImportedName[]; comma: number } | null {
  // Walk back over grouping parentheses and at most one interop helper call.
  let j = t - 1;
  let wraps = 0;
  let helper = false;
  while (isPunct(j, 40)) {
    if (!helper && tType[j - 1] === T_IDENT && isInteropHelperName(text(j - 1))) {
      helper = true;
      wraps++;
      j -= 2;
      if (isPunct(j, 46)) {
        if (tType[j - 1] !== T_IDENT) return null;
        j -= 2;
      }
      continue;
    }
    if (tType[j - 1] === T_IDENT && !REGEX_KEYWORDS.has(text(j - 1))) break; // a call: `f(require('x'))`
    if (isPunct(j - 1, 41) || isPunct(j - 1, 93) || tType[j - 1] === T_TEMPLATE) break;
    wraps++;
    j--;
  }
  if (!isPunct(j, 61)) return { names: [], comma: -1 };
  // The target of the `=`.
  const lhs = j - 1;
  let declStart: number;
  let pattern: 'id' | 'object' | 'array';
  if (tType[lhs] === T_IDENT) {
    pattern = 'id';
    declStart = lhs;
  } else if (isPunct(lhs, 125) || isPunct(lhs, 93)) {
    pattern = isPunct(lhs, 125) ? 'object' : 'array';
    declStart = tMatch[lhs];
  } else return null;
  const before = declStart - 1;
  const isDecl = (tType[before] === T_IDENT && DECL_KEYWORDS.has(text(before))) || (before === prevComma && before >= 0);
  if (!isDecl) {
    if (isPunct(before, 44) || isPunct(before, 58) || isWord(before, 'import') || isWord(before, 'export')) return null;
    if (pattern === 'id' && (isPunct(before, 46) || isPunct(before, P_OPTCHAIN))) {
      // `a.b = require()`; in TypeScript `const x: A.B = require()` ends the same way.
      if (!ts) return { names: [], comma: -1 };
      let m = before - 1;
      while (tType[m] === T_IDENT && (isPunct(m - 1, 46) || isPunct(m - 1, P_OPTCHAIN))) m -= 2;
      const b = m - 1;
      if (tType[m] === T_IDENT && (b < 0 || isPunct(b, 59) || isPunct(b, 123) || isPunct(b, 125))) return { names: [], comma: -1 };
      return null;
    }
    if (ts && !(before < 0 || isPunct(before, 59) || isPunct(before, 123) || isPunct(before, 125) || isPunct(before, 40) || isPunct(before, 61))) {
      return null;
    }
    if (pattern !== 'id' && !(before < 0 || isPunct(before, 59) || isPunct(before, 123) || isPunct(before, 125) || isPunct(before, 40))) return null;
    return { names: [], comma: -1 }; // an assignment expression
  }
  // After the call: the wrapping parentheses, then at most one member access.
  let k = t + 4;
  for (let w = 0; w < wraps; w++, k++) if (!isPunct(k, 41)) return null;
  let imported = '*';
  if (isPunct(k, 46) && tType[k + 1] === T_IDENT) {
    imported = text(k + 1);
    k += 2;
  } else if (isPunct(k, 91) && tType[k + 1] === T_STRING && isPunct(k + 2, 93)) {
    const s = text(k + 1);
    if (s.includes('\\')) return null;
    imported = s.slice(1, -1);
    k += 3;
  }
  // The initialiser must end here for the names to count.
  let ends: boolean;
  let comma = -1;
  if (k >= n) ends = true;
  else if (isWord(k, 'as') || isWord(k, 'satisfies') || isPunct(k, 33) || isPunct(k, P_OPTCHAIN) || isPunct(k, 61) || isPunct(k, 58)) return null;
  else if (isPunct(k, 59) || isPunct(k, 125)) ends = true;
  else if (isPunct(k, 44)) {
    ends = true;
    comma = k;
  } else if (tNl[k]) {
    // A new line ends the initialiser unless the next token continues the expression.
    const ty = tType[k];
    if (ty === T_IDENT) ends = !CONTINUING_WORDS.has(text(k));
    else if (ty === T_STRING || ty === T_NUMBER) ends = true;
    else if (ty === T_TEMPLATE) ends = false;
    else if (ty === T_PUNCT && CONTINUING_PUNCT.has(tCode[k])) ends = false;
    else return null;
  } else ends = false;
  if (!ends || pattern === 'array') return { names: [], comma };
  if (pattern === 'id') return { names: [{ imported, local: text(lhs), isType: false }], comma };
  if (imported !== '*') return { names: [], comma };
  const names = objectPattern(declStart, lhs);
  return names ? { names, comma } : null;
}

/** `{ a, b: c, 'd': e, ...rest }` between tokens open and close; null for anything else. */
function objectPattern(open: number, close: number): ImportedName[] | null {
  const names: ImportedName[] = [];
  let k = open + 1;
  while (k < close) {
    if (isPunct(k, P_SPREAD) && tType[k + 1] === T_IDENT) {
      names.push({ imported: '*', local: text(k + 1), isType: false });
      k += 2;
    } else if (tType[k] === T_IDENT && (isPunct(k + 1, 44) || k + 1 === close)) {
      names.push({ imported: text(k), local: text(k), isType: false });
      k += 1;
    } else if ((tType[k] === T_IDENT || tType[k] === T_STRING) && isPunct(k + 1, 58) && tType[k + 2] === T_IDENT && (isPunct(k + 3, 44) || k + 3 === close)) {
      const key = tType[k] === T_STRING ? text(k).slice(1, -1) : text(k);
      if (tType[k] === T_STRING && text(k).includes('\\')) return null;
      names.push({ imported: key, local: text(k + 2), isType: false });
      k += 3;
    } else return null;
    if (isPunct(k, 44)) k++;
    else if (k !== close) return null;
  }
  return names;
}

/** The char code of the next character that is not whitespace or a comment, or -1. */
function nextSignificant(source: string, from: number): number {
  let j = from;
  const len = source.length;
  while (j < len) {
    const c = source.charCodeAt(j);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || (c > 127 && isWideSpace(c))) j++;
    else if (c === 47 && source.charCodeAt(j + 1) === 47) {
      const e = source.indexOf('\n', j);
      if (e === -1) return -1;
      j = e;
    } else if (c === 47 && source.charCodeAt(j + 1) === 42) {
      const e = source.indexOf('*/', j + 2);
      if (e === -1) return -1;
      j = e + 2;
    } else return c;
  }
  return -1;
}
