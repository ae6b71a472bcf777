import { beforeAll, describe, expect, it } from 'vitest';
import { loadSuppressionParser, parseSuppressions } from '../../src/engine/suppress.js';

describe('parseSuppressions', () => {
  beforeAll(loadSuppressionParser);

  it('reads line and block directives with rules and reasons', () => {
    const src = [
      "import a from 'a'; // perf-lint-disable-line no-unused-import -- kept for its side effects",
      '/* perf-lint-disable-next-line prefer-lazy-import, no-barrel-import */',
      "import b from 'b';",
    ].join('\n');
    expect(parseSuppressions(src)).toEqual([
      { line: 1, column: 20, target: 1, rules: ['no-unused-import'], reason: 'kept for its side effects', kind: 'disable-line' },
      { line: 2, column: 1, target: 3, rules: ['prefer-lazy-import', 'no-barrel-import'], reason: null, kind: 'disable-next-line' },
    ]);
  });

  it('ignores directives quoted inside another comment, a string or a template', () => {
    const src = [
      '/**',
      ' * Example:',
      ' *   // perf-lint-disable-next-line rule-a -- reason',
      ' */',
      "const s = '// perf-lint-disable-line rule-b';",
      'const t = `/* perf-lint-disable-line rule-c */`;',
      'const re = /\\/\\/ perf-lint-disable-line rule-d/;',
    ].join('\n');
    expect(parseSuppressions(src)).toEqual([]);
  });

  it('parses TSX and JSX files with their own grammar', () => {
    const src = 'const v = <div>{x}</div>; // perf-lint-disable-line no-unused-import\n';
    expect(parseSuppressions(src, 'view.tsx').map((d) => d.rules)).toEqual([['no-unused-import']]);
  });
});
