/**
 * A require() the codemod does not rewrite (inside a block, a destructuring with a default or a
 * rest element, a computed member) was reported as fixable, and `--fix` then skipped it with
 * "unsupported import shape" on every run. The rule now reports such a site without a fix and
 * says why, so the counts agree: what `analyze` calls fixable is what `--fix` fixes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeIn, nodeIn as run, removeDir, tempProject } from './helpers.js';

const FILES = {
  'package.json': JSON.stringify({ name: 'app', version: '1.0.0', main: 'index.js' }),
  'perf-lint.config.json': JSON.stringify({ heavy: ['lodash', 'moment'] }),
  'index.js': "exports.pairs = require('./a.js').pairs;\nexports.when = require('./b.js').when;\n",
  'run.js': "const app = require('./index.js');\nconsole.log(app.pairs([1, 1, 2, 3]), app.when(0));\n",
  // lodash in a block, with a default and with a computed member: no automatic fix.
  'a.js': [
    'if (!process.env.NO_LODASH) {',
    "  var chunk = require('lodash/chunk.js');",
    '}',
    "const { uniq = (xs) => xs } = require('lodash');",
    "const sortBy = require('lodash')['sortBy'];",
    'exports.pairs = function pairs(xs) {',
    '  return JSON.stringify(chunk(sortBy(uniq(xs)), 2));',
    '};',
    '',
  ].join('\n'),
  // moment as the codemod rewrites it.
  'b.js': "const moment = require('moment');\nexports.when = function when(t) {\n  return moment.utc(t).year();\n};\n",
};

describe('require() declarations the codemod does not rewrite', () => {
  it('are reported without a fix, with the reason; --fix fixes exactly what was called fixable and the program prints the same', () => {
    const dir = tempProject(FILES);
    try {
      const before = run(dir, ['run.js']);
      expect(before).toMatchObject({ code: 0, out: '[[1,2],[3]] 1970\n' });
      const report = analyzeIn(dir, ['--format', 'json']);
      const findings = (JSON.parse(report.out) as { findings: { rule: string; file: string; line: number; fix?: unknown; unfixableReason?: string }[] }).findings;
      // One lazy finding for lodash in a.js (at its first site), and the whole-library imports.
      expect(findings.filter((f) => f.file === 'a.js').map((f) => [f.rule, f.line, f.fix !== undefined, f.unfixableReason])).toEqual([
        ['prefer-lazy-import', 2, false, 'the require() at line 2 is inside a block, and the codemod rewrites top-level declarations only'],
        ['prefer-subpath-import', 4, false, 'the require() at line 4 is destructured with a default, a rest element or a computed key, and the codemod rewrites { a, b: c } only'],
        ['prefer-subpath-import', 5, false, "the require() at line 5 is written in a form the codemod does not rewrite (it rewrites const x = require('m') and require('m').y)"],
      ]);
      const moment = findings.filter((f) => f.file === 'b.js');
      expect(moment.map((f) => [f.line, f.fix !== undefined])).toEqual([[1, true]]);
      const fixable = (JSON.parse(report.out) as { summary: { fixable: number } }).summary.fixable;
      expect(fixable).toBe(1);

      const fixed = analyzeIn(dir, ['--fix']);
      expect(fixed.err).toContain('fixed 1 file, 0 unchanged, 0 skipped, 0 errors');
      expect(readFileSync(join(dir, 'a.js'), 'utf8')).toBe(FILES['a.js']);
      expect(readFileSync(join(dir, 'b.js'), 'utf8')).not.toMatch(/^const moment = require/m);
      expect(run(dir, ['run.js'])).toEqual(before);
      const again = JSON.parse(analyzeIn(dir, ['--format', 'json']).out) as { summary: { fixable: number } };
      expect(again.summary.fixable).toBe(0);
    } finally {
      removeDir(dir);
    }
  });
});
