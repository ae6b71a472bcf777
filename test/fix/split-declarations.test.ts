/**
 * Declarations of several requires (`var a = require('a'), b = require('b');`, often comma-first in
 * older CommonJS) are split so a lazy fix can replace one of them; found on memoizee and es5-ext-style
 * packages, whose every finding was "fixable" but skipped as an unsupported shape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../src/engine/types.js';
import { splitDeclarations } from '../../src/fix/split-declarations.js';
import { parseModule } from '../../src/graph/parse.js';
import { analyzeIn, nodeIn as run, removeDir, tempProject } from './helpers.js';

const lazyOf = (source: string, specifier: string): FixPlan[] => {
  const parsed = parseModule('/p/a.js', source);
  return [{ kind: 'lazy', file: '/p/a.js', specifier, importIndexes: parsed.imports.flatMap((r, i) => (r.specifier === specifier ? [i] : [])), shape: 'require' }];
};
const split = (source: string, specifier: string): string | null => splitDeclarations('/p/a.js', source, parseModule('/p/a.js', source), lazyOf(source, specifier));

describe('splitDeclarations', () => {
  it('writes one declaration per declarator, in order, keeping each text, indentation and line ends', () => {
    expect(split("var a = require('a')\n  , b   = require('b').x\n  , c = 1;\nuse(a, b, c);\n", 'a')).toBe("var a = require('a');\nvar b   = require('b').x;\nvar c = 1;\nuse(a, b, c);\n");
    expect(split("  const { x } = require('a'), b = require('b')\r\nuse(x, b)\r\n", 'b')).toBe("  const { x } = require('a');\r\n  const b = require('b');\r\nuse(x, b)\r\n");
  });
  it('leaves declarations that hold no planned import, have one declarator, or a comment between declarators', () => {
    expect(split("var a = require('a'), b = require('b');\nvar c = require('c');\n", 'c')).toBeNull();
    expect(split("var a = require('a') // the a\n  , b = require('b');\n", 'a')).toBeNull();
    expect(split("var a = require('a'), /* b */ b = require('b');\n", 'b')).toBeNull();
  });
});

describe('--fix on comma-separated requires', () => {
  const analyze = (dir: string, fix: boolean) => analyzeIn(dir, ['--rule', 'prefer-lazy-import', ...(fix ? ['--fix'] : [])]);
  const files = (lib: string): Record<string, string> => ({
    'package.json': JSON.stringify({ name: 'app', version: '1.0.0', main: 'src/lib.js' }),
    'src/lib.js': lib,
    'src/local.js': 'module.exports = (xs) => xs.length;\n',
    'src/run.js': "const { pairs } = require('./lib.js');\nconsole.log(JSON.stringify(pairs([1, 1, 2, 3, 4])));\n",
    'perf-lint.config.json': JSON.stringify({ heavy: ['lodash'] }),
  });

  it('defers the heavy requires, keeps the local one where it was, and the program prints the same', () => {
    const dir = tempProject(files("'use strict';\n\nvar chunk = require('lodash/chunk.js')\n  , size  = require('./local.js')\n  , uniq  = require('lodash/uniq.js');\n\nexports.pairs = function pairs(xs) {\n  return [size(xs), chunk(uniq(xs), 2)];\n};\n"));
    try {
      const before = run(dir, ['src/run.js']);
      expect(before).toMatchObject({ code: 0, out: '[5,[[1,2],[3,4]]]\n' });
      expect(analyze(dir, true).err).toContain('fixed 1 file, 0 unchanged, 0 skipped, 0 errors');
      const lib = readFileSync(join(dir, 'src/lib.js'), 'utf8');
      expect(lib).toContain("var size  = require('./local.js');\n");
      expect(lib).toContain("require('lodash/chunk.js'))");
      expect(lib).toContain("require('lodash/uniq.js'))");
      expect(run(dir, ['src/run.js'])).toEqual(before);
      expect(analyze(dir, false).out).toContain('no problems');
    } finally {
      removeDir(dir);
    }
  });

  it('a declaration it cannot split stays as written, with the reason', () => {
    const source = "var chunk = require('lodash/chunk.js') // pairs\n  , size = require('./local.js');\n\nexports.pairs = function pairs(xs) {\n  return [size(xs), chunk(xs, 2)];\n};\n";
    const dir = tempProject(files(source));
    try {
      expect(analyze(dir, true).err).toContain('unsupported import shape (several declarators');
      expect(readFileSync(join(dir, 'src/lib.js'), 'utf8')).toBe(source);
    } finally {
      removeDir(dir);
    }
  });
});
