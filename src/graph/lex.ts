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
 * - a call inside a function body, function parameters, a class body or an arrow function (whether
 *   it is "nested" depends on which functions run at load, which needs the whole walk);
 * - any `require` that is not a plain call or member read (it may be a local declaration, which
 *   makes every call through it not an import);
 * - a non-literal or escaped argument, JSX or a TypeScript angle-bracket assertion, unbalanced
 *   brackets, and every declaration shape whose imported names are not plain.
 * test/graph/scan.test.ts checks the result equals parseModule's on the fixtures and on several
 * thousand files of real packages.
 */
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
}

interface Candidate {
  tok: number;
  frame: Frame;
  inTry: boolean;
  kind: 'require' | 'dynamic';
}

const REGEX_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
const OBJ_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'throw', 'case', 'yield', 'await', 'export', 'import']);
const CTRL_KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'with']);
const DECL_KEYWORDS = new Set(['var', 'let', 'const']);
const INTEROP_HELPERS = new Set(['__importDefault', '__importStar', '_interopRequireDefault', '_interopRequireWildcard', '__toESM', '__toCommonJS']);
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

/**
 * Every `require(...)` and `import(...)` call of `source`, in source order, or null when some
 * call cannot be described exactly without the full parse (see the file comment).
 */
export function lexCalls(source: string, typescript: boolean): LexedCall[] | null {
  const len = source.length;
  if (cap < 64) grow(1024);
  let n = 0; // tokens
  let i = 0;
  let nl = false;
  let frame: Frame = { kind: G_TOP, parent: null, opener: -1, inTry: false, arrowAbove: false, arrow: false, header: false };
  /** The paren group closed by the previous token, while the next token decides what it was. */
  let closedParen: Frame | null = null;
  const candidates: Candidate[] = [];

  const text = (t: number): string => source.slice(tStart[t], tEnd[t]);
  const isWord = (t: number, w: string): boolean => t >= 0 && tType[t] === T_IDENT && tEnd[t] - tStart[t] === w.length && source.startsWith(w, tStart[t]);
  const isPunct = (t: number, code: number): boolean => t >= 0 && tType[t] === T_PUNCT && tCode[t] === code;
  const afterDot = (t: number): boolean => t > 0 && (isPunct(t - 1, 46) || isPunct(t - 1, P_OPTCHAIN));

  /** Can a regular expression (or any expression) start after token t? */
  const exprStart = (t: number): boolean => {
    if (t < 0) return true;
    switch (tType[t]) {
      case T_IDENT:
        return REGEX_KEYWORDS.has(text(t)) && !afterDot(t);
      case T_PUNCT: {
        const c = tCode[t];
        if (c === 41) return kindAt(tMatch[t]) === G_PAREN_CTRL; // `if (x) /re/`
        if (c === 93 || c === P_INCDEC) return false;
        if (c === 125) return kindAt(tMatch[t]) !== G_OBJ;
        return true;
      }
      default:
        return false;
    }
  };
  const kindAt = (opener: number): number => tKind[opener];

  const push = (type: number, code: number, start: number, end: number): number => {
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
    if (closedParen) {
      const p = closedParen;
      closedParen = null;
      if (type === T_PUNCT && (code === P_ARROW || (code === 123 && p.kind === G_PAREN) || (code === 58 && typescript && p.kind === G_PAREN))) {
        p.kind = G_PARAMS;
        tKind[p.opener] = G_PARAMS;
        if (code === 58) frame.header = true;
      }
    }
    // An arrow function whose body is not a block.
    if (t > 0 && isPunct(t - 1, P_ARROW) && !(type === T_PUNCT && code === 123)) frame.arrow = true;
    return t;
  };

  const open = (t: number, kind: number): void => {
    tKind[t] = kind;
    const inTry = frame.inTry || kind === G_TRY;
    frame = { kind, parent: frame, opener: t, inTry, arrowAbove: frame.arrowAbove || frame.arrow, arrow: false, header: false };
  };

  const close = (t: number, code: number): boolean => {
    const f = frame;
    if (!f.parent) return false;
    const o = f.opener;
    const oc = tCode[o];
    if ((code === 41 && oc !== 40) || (code === 93 && oc !== 91) || (code === 125 && oc !== 123)) return false;
    tMatch[o] = t;
    tMatch[t] = o;
    tKind[o] = f.kind;
    frame = f.parent;
    if (code === 41) closedParen = f;
    return true;
  };

  /** The kind of a `{` opened after token `prev`. */
  const braceKind = (prev: number): number => {
    if (frame.header) return G_FN;
    if (prev < 0) return G_BLOCK;
    const ty = tType[prev];
    if (ty === T_PUNCT) {
      const c = tCode[prev];
      if (c === 41) {
        const k = kindAt(tMatch[prev]);
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
  };

  /** Lexes template text from i (just after `` ` `` or a `}` closing `${`); returns false if unterminated. */
  const templateRest = (from: number): boolean => {
    let j = from;
    while (j < len) {
      const c = source.charCodeAt(j);
      if (c === 92) j += 2;
      else if (c === 96) {
        push(T_TEMPLATE, 0, from - 1, j + 1);
        i = j + 1;
        return true;
      } else if (c === 36 && source.charCodeAt(j + 1) === 123) {
        const t = push(T_TEMPLATE, 0, from - 1, j + 2);
        open(t, G_TEMPLATE);
        tCode[t] = 123; // the `${` opens a group that a `}` closes
        i = j + 2;
        return true;
      } else j++;
    }
    return false;
  };

  while (i < len) {
    const c = source.charCodeAt(i);
    // whitespace and line breaks
    if (c === 32 || c === 9 || c === 11 || c === 12) {
      i++;
      continue;
    }
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      nl = true;
      i++;
      continue;
    }
    if (c === 47) {
      const d = source.charCodeAt(i + 1);
      if (d === 47) {
        const e = source.indexOf('\n', i + 2);
        i = e === -1 ? len : e;
        continue;
      }
      if (d === 42) {
        const e = source.indexOf('*/', i + 2);
        if (e === -1) return null;
        if (/[\n\r\u2028\u2029]/.test(source.slice(i, e))) nl = true;
        i = e + 2;
        continue;
      }
      if (exprStart(n - 1)) {
        // a regular expression literal
        let j = i + 1;
        let cls = false;
        for (;;) {
          if (j >= len) return null;
          const r = source.charCodeAt(j);
          if (r === 10 || r === 13) return null;
          if (r === 92) j += 2;
          else {
            if (r === 91) cls = true;
            else if (r === 93) cls = false;
            else if (r === 47 && !cls) break;
            j++;
          }
        }
        j++;
        while (j < len && isIdPart(source.charCodeAt(j))) j++;
        push(T_REGEX, 0, i, j);
        i = j;
        continue;
      }
      const end = d === 61 ? i + 2 : i + 1;
      push(T_PUNCT, P_OP, i, end);
      i = end;
      continue;
    }
    if (isIdStart(c) || c === 35) {
      if (c === 35 && i === 0 && source.charCodeAt(1) === 33) {
        // hashbang
        const e = source.indexOf('\n');
        i = e === -1 ? len : e;
        continue;
      }
      let j = i + 1;
      while (j < len && isIdPart(source.charCodeAt(j))) j++;
      const t = push(T_IDENT, 0, i, j);
      const wordLen = j - i;
      i = j;
      if (c === 35) continue;
      // `require` and `import` calls; any other use of `require` may be a declaration.
      if (wordLen === 7 && source.startsWith('require', tStart[t]) && !afterDot(t)) {
        const next = nextSignificant(source, j);
        if (next === 40) {
          if (t > 0 && (isWord(t - 1, 'function') || isWord(t - 1, 'new') || isPunct(t - 1, 35))) return null;
          candidates.push({ tok: t, frame, inTry: frame.inTry, kind: 'require' });
        } else if (next !== 46 && !(t > 0 && isWord(t - 1, 'typeof'))) return null;
      } else if (wordLen === 6 && source.startsWith('import', tStart[t]) && !afterDot(t) && nextSignificant(source, j) === 40) {
        candidates.push({ tok: t, frame, inTry: frame.inTry, kind: 'dynamic' });
      }
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < len) {
        const d = source.charCodeAt(j);
        if (isIdPart(d) || d === 46) j++;
        else break;
      }
      push(T_NUMBER, 0, i, j);
      i = j;
      continue;
    }
    if (c === 39 || c === 34) {
      let j = i + 1;
      for (;;) {
        if (j >= len) return null;
        const d = source.charCodeAt(j);
        if (d === c) break;
        if (d === 92) {
          j += source.charCodeAt(j + 1) === 13 && source.charCodeAt(j + 2) === 10 ? 3 : 2;
          continue;
        }
        if (d === 10 || d === 13) return null;
        j++;
      }
      push(T_STRING, 0, i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === 96) {
      if (!templateRest(i + 1)) return null;
      continue;
    }
    if (c > 127 && isWideSpace(c)) {
      if (c === 0x2028 || c === 0x2029) nl = true;
      i++;
      continue;
    }
    // punctuators
    const d = source.charCodeAt(i + 1);
    switch (c) {
      case 40: {
        // (
        const prev = n - 1;
        const t = push(T_PUNCT, 40, i, i + 1);
        let kind = G_PAREN;
        if (prev >= 0 && tType[prev] === T_IDENT && tEnd[prev] - tStart[prev] <= 6 && !afterDot(prev)) {
          const w = text(prev);
          if (CTRL_KEYWORDS.has(w)) kind = G_PAREN_CTRL;
          else if (w === 'catch') kind = G_PAREN_CATCH;
        }
        open(t, kind);
        i++;
        continue;
      }
      case 91: {
        const t = push(T_PUNCT, 91, i, i + 1);
        open(t, G_BRACKET);
        i++;
        continue;
      }
      case 123: {
        const prev = n - 1;
        const kind = braceKind(prev);
        const t = push(T_PUNCT, 123, i, i + 1);
        open(t, kind);
        i++;
        continue;
      }
      case 41:
      case 93: {
        const t = push(T_PUNCT, c, i, i + 1);
        if (!close(t, c)) return null;
        i++;
        continue;
      }
      case 125: {
        if (frame.kind === G_TEMPLATE) {
          // the `}` of a `${...}`: back into the template
          const o = frame.opener;
          frame = frame.parent as Frame;
          tKind[o] = G_TEMPLATE;
          if (!templateRest(i + 1)) return null;
          continue;
        }
        const t = push(T_PUNCT, 125, i, i + 1);
        if (!close(t, c)) return null;
        i++;
        continue;
      }
      case 59: // ;
        push(T_PUNCT, 59, i, i + 1);
        frame.arrow = false;
        frame.header = false;
        i++;
        continue;
      case 44: // ,
      case 58: // :
      case 126: // ~
      case 64: // @
        push(T_PUNCT, c, i, i + 1);
        i++;
        continue;
      case 46: // .
        if (d >= 48 && d <= 57) {
          let j = i + 1;
          while (j < len && (isIdPart(source.charCodeAt(j)) || source.charCodeAt(j) === 46)) j++;
          push(T_NUMBER, 0, i, j);
          i = j;
        } else if (d === 46 && source.charCodeAt(i + 2) === 46) {
          push(T_PUNCT, P_SPREAD, i, i + 3);
          i += 3;
        } else {
          push(T_PUNCT, 46, i, i + 1);
          i++;
        }
        continue;
      case 63: // ?
        if (d === 46 && !(source.charCodeAt(i + 2) >= 48 && source.charCodeAt(i + 2) <= 57)) {
          push(T_PUNCT, P_OPTCHAIN, i, i + 2);
          i += 2;
        } else if (d === 63) {
          const end = source.charCodeAt(i + 2) === 61 ? i + 3 : i + 2;
          push(T_PUNCT, P_OP, i, end);
          i = end;
        } else {
          push(T_PUNCT, 63, i, i + 1);
          i++;
        }
        continue;
      case 61: // =
        if (d === 62) {
          // `=>`: a `(...)` just before it held parameters
          push(T_PUNCT, P_ARROW, i, i + 2);
          i += 2;
        } else if (d === 61) {
          const end = source.charCodeAt(i + 2) === 61 ? i + 3 : i + 2;
          push(T_PUNCT, P_OP, i, end);
          i = end;
        } else {
          push(T_PUNCT, 61, i, i + 1);
          i++;
        }
        continue;
      case 60: // <
        if (d === 60 || d === 61) {
          let j = i + 1;
          while (source.charCodeAt(j) === 60 || source.charCodeAt(j) === 61) j++;
          push(T_PUNCT, P_OP, i, j);
          i = j;
          continue;
        }
        // JSX, or a TypeScript `<T>x` assertion or generic arrow: needs the parser.
        if (exprStart(n - 1)) return null;
        push(T_PUNCT, 60, i, i + 1);
        i++;
        continue;
      case 62: // >
        if (d === 62 || d === 61) {
          let j = i + 1;
          while (source.charCodeAt(j) === 62 || source.charCodeAt(j) === 61) j++;
          push(T_PUNCT, P_OP, i, j);
          i = j;
        } else {
          push(T_PUNCT, 62, i, i + 1);
          i++;
        }
        continue;
      case 33: // !
        if (d === 61) {
          const end = source.charCodeAt(i + 2) === 61 ? i + 3 : i + 2;
          push(T_PUNCT, P_OP, i, end);
          i = end;
        } else {
          push(T_PUNCT, 33, i, i + 1);
          i++;
        }
        continue;
      case 43: // +
      case 45: // -
        if (d === c) {
          push(T_PUNCT, P_INCDEC, i, i + 2);
          i += 2;
        } else if (d === 61) {
          push(T_PUNCT, P_OP, i, i + 2);
          i += 2;
        } else {
          push(T_PUNCT, c, i, i + 1);
          i++;
        }
        continue;
      case 42: // *
      case 37: // %
      case 38: // &
      case 124: // |
      case 94: {
        // ^
        let j = i + 1;
        while (j < len) {
          const e = source.charCodeAt(j);
          if (e === 61 || ((e === 42 || e === 38 || e === 124) && e === c)) j++;
          else break;
        }
        push(T_PUNCT, P_OP, i, j);
        i = j;
        continue;
      }
      default:
        // An unexpected character (a stray backslash, `\u` escapes in odd places...): ask the parser.
        return null;
    }
  }
  if (frame.parent) return null;

  const out: LexedCall[] = [];
  let acceptedComma = -1;
  for (const cand of candidates) {
    // Inside a function, function parameters, a class body or an arrow function: needs the walk.
    for (let f: Frame | null = cand.frame; f; f = f.parent) {
      if (f.kind === G_FN || f.kind === G_PARAMS || f.kind === G_UNKNOWN) return null;
    }
    if (cand.frame.arrowAbove || arrowBefore(cand.tok, cand.frame)) return null;
    const t = cand.tok;
    if (cand.kind === 'dynamic') {
      out.push({ kind: 'dynamic', start: tStart[t], end: -1, specifier: '', names: [], inTry: cand.inTry });
      continue;
    }
    // require ( 'x' )
    if (!isPunct(t + 1, 40) || tType[t + 2] !== T_STRING || !isPunct(t + 3, 41)) return null;
    const raw = text(t + 2);
    if (raw.includes('\\')) return null;
    const r = declaratorNames(t, acceptedComma);
    if (r === null) return null;
    acceptedComma = r.comma;
    out.push({ kind: 'require', start: tStart[t], end: tEnd[t + 3], specifier: raw.slice(1, -1), names: r.names, inTry: cand.inTry });
  }
  return out;

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
      if (!helper && tType[j - 1] === T_IDENT && INTEROP_HELPERS.has(text(j - 1))) {
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
        if (!typescript) return { names: [], comma: -1 };
        let m = before - 1;
        while (tType[m] === T_IDENT && (isPunct(m - 1, 46) || isPunct(m - 1, P_OPTCHAIN))) m -= 2;
        const b = m - 1;
        if (tType[m] === T_IDENT && (b < 0 || isPunct(b, 59) || isPunct(b, 123) || isPunct(b, 125))) return { names: [], comma: -1 };
        return null;
      }
      if (typescript && !(before < 0 || isPunct(before, 59) || isPunct(before, 123) || isPunct(before, 125) || isPunct(before, 40) || isPunct(before, 61))) {
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
