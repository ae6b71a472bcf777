import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/graph/parse.js';

/** Line and column by walking the text from the start, for every offset. */
function reference(text: string): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  let line = 1;
  let col = 1;
  for (let i = 0; i <= text.length; i++) {
    out.push({ line, column: col });
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') {
      out.push({ line, column: col + 1 });
      i++;
      line++;
      col = 1;
    } else if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  return out;
}

describe('LineIndex', () => {
  const texts = {
    'every kind of line break': "import a from 'a';\r\nconst b = 1;\rlet c = '\u2028';\u2029\n\n// é🙂\r\n\r\nexport { a };",
    // The common case, read with indexOf.
    '\\n alone': "import a from 'a';\nconst b = 1;\n\n\n// é🙂\nexport { a };\n",
  };

  for (const [name, text] of Object.entries(texts)) {
    const want = reference(text);

    it(`gives every offset the line and column of a walk from the start, asked in order (${name})`, () => {
      const idx = new LineIndex(text);
      for (let o = 0; o <= text.length; o++) expect([o, idx.pos(o)]).toEqual([o, want[o]]);
    });

    it(`gives the same answers asked in any order (it scans only as far as asked) (${name})`, () => {
      let seed = 7;
      const next = (): number => (seed = (seed * 48271) % 2147483647);
      for (let round = 0; round < 20; round++) {
        const idx = new LineIndex(text);
        for (let k = 0; k < 40; k++) {
          const o = next() % (text.length + 1);
          expect([o, idx.pos(o)]).toEqual([o, want[o]]);
        }
      }
    });
  }
});
