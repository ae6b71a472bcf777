/**
 * Text edits and unified diffs for the codemods.
 *
 * Every transform edits the original text by offsets (like magic-string): comments, formatting and
 * everything the transform did not touch stay byte-identical, and offsets from one parse stay valid
 * because edits are applied from the end of the file backwards.
 */

/** Replace source[start, end) by text. An insertion has start === end. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits to source; insertions at the same offset keep their given order. */
export function applyEdits(source: string, edits: TextEdit[]): string {
  const sorted = edits
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const cur = sorted[k]!;
    if (cur.start < prev.end) {
      throw new Error(`overlapping edits at ${prev.start}-${prev.end} and ${cur.start}-${cur.end}`);
    }
  }
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    out += source.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + source.slice(pos);
}

/** The file's own line ending: CRLF when the first line break is CRLF, else LF. */
export function detectEol(source: string): '\n' | '\r\n' {
  const i = source.indexOf('\n');
  return i > 0 && source[i - 1] === '\r' ? '\r\n' : '\n';
}

/** Splits into lines, each keeping its terminator ('\n' or '\r\n'); the last may have none. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines: string[] = [];
  let pos = 0;
  for (;;) {
    const i = text.indexOf('\n', pos);
    if (i === -1) {
      if (pos < text.length) lines.push(text.slice(pos));
      return lines;
    }
    lines.push(text.slice(pos, i + 1));
    pos = i + 1;
  }
}

type Op = { op: ' ' | '-' | '+'; line: string };

/** Myers' O(ND) shortest edit script over lines. */
function diffLines(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    const nv = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) x = v[offset + k + 1]!;
      else x = v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      nv[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    v = nv;
  }
  trace.push(v.slice());
  // Backtrack from (n, m) through the saved V arrays.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    let prevK: number;
    if (k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!)) prevK = k + 1;
    else prevK = k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY && x > 0 && y > 0) {
      ops.push({ op: ' ', line: a[x - 1]! });
      x--;
      y--;
    }
    if (d === 0) break;
    if (x === prevX) ops.push({ op: '+', line: b[y - 1]! });
    else ops.push({ op: '-', line: a[x - 1]! });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push({ op: ' ', line: a[x - 1]! });
    x--;
    y--;
  }
  return ops.reverse();
}

function emitLine(op: Op): string {
  if (op.line.endsWith('\n')) return op.op + op.line;
  // Last line without a newline: git/patch need the marker to reproduce the file exactly.
  return `${op.op}${op.line}\n\\ No newline at end of file\n`;
}

/**
 * A unified diff (git style, `a/` and `b/` prefixes) from before to after, for a path relative to
 * the project root. Returns '' when the texts are equal. Accepted by `git apply` and `patch -p1`.
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(before), splitLines(after));
  // Group changes into hunks with `context` lines around them.
  const hunks: string[] = [];
  let i = 0;
  let aLine = 1;
  let bLine = 1;
  const pos: { a: number; b: number }[] = [];
  for (const op of ops) {
    pos.push({ a: aLine, b: bLine });
    if (op.op !== '+') aLine++;
    if (op.op !== '-') bLine++;
  }
  while (i < ops.length) {
    while (i < ops.length && ops[i]!.op === ' ') i++;
    if (i >= ops.length) break;
    const start = Math.max(0, i - context);
    let end = i;
    // Extend while the next change is within 2*context unchanged lines.
    for (;;) {
      while (end < ops.length && ops[end]!.op !== ' ') end++;
      let j = end;
      while (j < ops.length && ops[j]!.op === ' ' && j - end < 2 * context) j++;
      if (j < ops.length && ops[j]!.op !== ' ' && j - end <= 2 * context) {
        end = j;
        continue;
      }
      end = Math.min(ops.length, end + context);
      break;
    }
    const slice = ops.slice(start, end);
    const aCount = slice.filter((o) => o.op !== '+').length;
    const bCount = slice.filter((o) => o.op !== '-').length;
    const p = pos[start]!;
    // Per the unified format, an empty range is written with the line *before* it.
    const aStart = aCount === 0 ? p.a - 1 : p.a;
    const bStart = bCount === 0 ? p.b - 1 : p.b;
    hunks.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@\n` + slice.map(emitLine).join(''));
    i = end;
  }
  return `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n` + hunks.join('');
}
