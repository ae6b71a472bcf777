/**
 * One file importing several subpaths of one package, each used only inside functions: one
 * finding for the package, and `--fix` defers every subpath with its own loader. The plan named
 * the first subpath only, so the fixer called it stale and the finding stayed "fixable" on every
 * run (found on @vitest/expect's dist/index.js, which imports four '@vitest/utils/*' subpaths).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeIn, nodeIn as run, removeDir, tempProject } from './helpers.js';

const analyze = (dir: string, fix: boolean) => analyzeIn(dir, ['--rule', 'prefer-lazy-import', ...(fix ? ['--fix'] : [])]);

describe('lazy fix of several subpaths of one package in one file', () => {
  const cases: [string, Record<string, string>][] = [
    [
      'ES module',
      {
        'package.json': JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', main: 'src/lib.js' }),
        'src/lib.js': "import chunk from 'lodash/chunk.js';\nimport uniq from 'lodash/uniq.js';\nexport function pairs(xs) {\n  return chunk(uniq(xs), 2);\n}\n",
        'src/run.js': "import { pairs } from './lib.js';\nconsole.log(JSON.stringify(pairs([1, 1, 2, 3, 4])));\n",
      },
    ],
    [
      'CommonJS',
      {
        'package.json': JSON.stringify({ name: 'app', version: '1.0.0', main: 'src/lib.js' }),
        'src/lib.js': "const chunk = require('lodash/chunk.js');\nconst uniq = require('lodash/uniq.js');\nexports.pairs = function pairs(xs) {\n  return chunk(uniq(xs), 2);\n};\n",
        'src/run.js': "const { pairs } = require('./lib.js');\nconsole.log(JSON.stringify(pairs([1, 1, 2, 3, 4])));\n",
      },
    ],
  ];
  for (const [name, files] of cases) {
    it(`${name}: each subpath gets its own loader, the program prints the same, and a second run finds nothing`, () => {
      const dir = tempProject({ ...files, 'perf-lint.config.json': JSON.stringify({ heavy: ['lodash'] }) });
      try {
        const before = run(dir, ['src/run.js']);
        expect(before).toMatchObject({ code: 0, out: '[[1,2],[3,4]]\n' });
        expect(analyze(dir, false).out).toContain("'lodash' costs");
        const fixed = analyze(dir, true);
        expect(fixed.err).toContain('fixed 1 file, 0 unchanged, 0 skipped, 0 errors');
        const lib = readFileSync(join(dir, 'src/lib.js'), 'utf8');
        expect(lib).toContain("require('lodash/chunk.js'))");
        expect(lib).toContain("require('lodash/uniq.js'))");
        expect(lib).not.toMatch(/^(import|const) (chunk|uniq)\b/m);
        expect(run(dir, ['src/run.js'])).toEqual(before);
        const again = analyze(dir, false);
        expect(again.code).toBe(0);
        expect(again.out).toContain('no problems');
      } finally {
        removeDir(dir);
      }
    });
  }
});
