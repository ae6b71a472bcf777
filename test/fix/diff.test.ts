import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEdits, detectEol, unifiedDiff } from '../../src/fix/diff.js';

/** Applies the patch with a real tool in a temp dir and returns the resulting file text. */
function applyWith(tool: 'git' | 'patch', before: string, patch: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pl-diff-'));
  try {
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/a.ts'), before);
    writeFileSync(join(dir, 'p.diff'), patch);
    if (tool === 'git') {
      execFileSync('git', ['apply', '--check', 'p.diff'], { cwd: dir });
      execFileSync('git', ['apply', 'p.diff'], { cwd: dir });
    } else {
      execFileSync('patch', ['-p1', '--dry-run', '-i', 'p.diff'], { cwd: dir });
      execFileSync('patch', ['-p1', '-s', '-i', 'p.diff'], { cwd: dir });
    }
    return readFileSync(join(dir, 'src/a.ts'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A small deterministic PRNG so the corpus is fixed (literal, reproducible cases).
function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('applyEdits', () => {
  it('applies replacements and insertions from one set of offsets', () => {
    expect(applyEdits('abcdef', [{ start: 4, end: 6, text: 'XY' }, { start: 0, end: 0, text: '>' }, { start: 2, end: 3, text: '' }])).toBe('>abdXY');
  });
  it('keeps insertion order at the same offset', () => {
    expect(applyEdits('ab', [{ start: 1, end: 1, text: '1' }, { start: 1, end: 1, text: '2' }])).toBe('a12b');
  });
  it('rejects overlapping edits', () => {
    expect(() => applyEdits('abcdef', [{ start: 1, end: 4, text: '' }, { start: 3, end: 5, text: '' }])).toThrow(/overlapping/);
  });
});

describe('detectEol', () => {
  it('finds CRLF and LF', () => {
    expect(detectEol('a\r\nb')).toBe('\r\n');
    expect(detectEol('a\nb\r\n')).toBe('\n');
    expect(detectEol('single')).toBe('\n');
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('src/a.ts', 'x\n', 'x\n')).toBe('');
  });

  it('produces a git-style header and hunk', () => {
    const d = unifiedDiff('src/a.ts', 'a\nb\nc\n', 'a\nB\nc\n');
    expect(d).toBe('diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
  });

  const cases: [string, string, string][] = [
    ['change in the middle', 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\n', 'l1\nl2\nl3\nl4\nX\nl6\nl7\nl8\nl9\nl10\n'],
    ['insert at start', 'a\nb\n', 'import x;\na\nb\n'],
    ['delete everything', 'a\nb\n', ''],
    ['from empty', '', 'a\n'],
    ['no newline at end, changed', 'a\nb', 'a\nc'],
    ['newline added at end', 'a\nb', 'a\nb\n'],
    ['CRLF file', 'a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\nd\r\n'],
    ['two distant hunks', Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n') + '\n', Array.from({ length: 30 }, (_, i) => (i === 2 || i === 25 ? `changed ${i}` : `line ${i}`)).join('\n') + '\n'],
  ];
  for (const [name, before, after] of cases) {
    it(`round-trips through git apply and patch: ${name}`, () => {
      const d = unifiedDiff('src/a.ts', before, after);
      expect(applyWith('git', before, d)).toBe(after);
      expect(applyWith('patch', before, d)).toBe(after);
    });
  }

  it('round-trips 40 generated line edits through git apply', () => {
    const rnd = lcg(7);
    const words = ['a', 'b', 'c', 'import x', '}', ''];
    for (let t = 0; t < 40; t++) {
      const before = Array.from({ length: 1 + Math.floor(rnd() * 25) }, () => words[Math.floor(rnd() * words.length)]).join('\n') + '\n';
      const lines = before.split('\n').slice(0, -1);
      const out: string[] = [];
      for (const l of lines) {
        const r = rnd();
        if (r < 0.15) continue;
        if (r < 0.3) out.push('new ' + t);
        out.push(r < 0.4 ? l + '!' : l);
      }
      const after = out.join('\n') + (out.length ? '\n' : '');
      const d = unifiedDiff('src/a.ts', before, after);
      if (before === after) continue;
      expect(applyWith('git', before, d), `case ${t}`).toBe(after);
    }
  });
});
