/**
 * `--fix` fixes in passes, as eslint --fix does: a fix can make another possible. Here the barrel
 * import rewritten in the first pass takes lib/other.js (which uses moment while it loads) out of
 * the startup set, and with it what kept moment there: use.js's import of moment, used only in a
 * function, can then be deferred. One pass left it "fixable" for a second run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeIn, nodeIn, removeDir, tempProject } from './helpers.js';

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', main: 'index.js' }),
  'perf-lint.config.json': JSON.stringify({ heavy: ['moment'] }),
  'index.js': "import { fmt } from './lib/index.js';\nimport { later } from './use.js';\nexport function run() { return [fmt(), later()]; }\n",
  'lib/index.js': "export { fmt } from './fmt.js';\nexport { other } from './other.js';\nexport { a } from './a.js';\nexport { b } from './b.js';\n",
  'lib/fmt.js': "export function fmt() { return 'fmt'; }\n",
  'lib/other.js': "import moment from 'moment';\nexport const other = moment.utc(0).year();\n",
  'lib/a.js': 'export const a = 1;\n',
  'lib/b.js': 'export const b = 2;\n',
  'use.js': "import moment from 'moment';\nexport function later() { return moment.utc(0).year(); }\n",
  'run.mjs': "const m = await import('./index.js');\nconsole.log(JSON.stringify(m.run()));\n",
};

describe('--fix in passes', () => {
  it('fixes what the first pass made fixable, says how many passes it took, and the program prints the same', () => {
    const dir = tempProject(FILES);
    try {
      const before = nodeIn(dir, ['run.mjs']);
      expect(before).toMatchObject({ code: 0, out: '["fmt",1970]\n' });
      const first = analyzeIn(dir);
      expect(first.out).toContain("'./lib/index.js' is a barrel");
      expect(first.out).toContain('no automatic fix: lib/other.js:1 keeps it at startup');
      expect(first.out).toContain('1 fixable with perf-lint analyze --fix');

      const fixed = analyzeIn(dir, ['--fix']);
      expect(fixed.err).toContain('fixed 2 files, 0 unchanged, 0 skipped, 0 errors in 2 passes');
      expect(fixed.out).toContain('no problems');
      expect(readFileSync(join(dir, 'index.js'), 'utf8')).toContain("import { fmt } from './lib/fmt.js';");
      expect(readFileSync(join(dir, 'use.js'), 'utf8')).toContain("require('moment')");
      expect(nodeIn(dir, ['run.mjs'])).toEqual(before);
    } finally {
      removeDir(dir);
    }
  });

  it('a verify command that fails rolls back every pass', () => {
    const dir = tempProject({ ...FILES, 'perf-lint.config.json': JSON.stringify({ heavy: ['moment'], verify: 'node -e "process.exit(1)"' }) });
    try {
      const fixed = analyzeIn(dir, ['--fix']);
      expect(fixed.err).toContain('in 2 passes');
      expect(fixed.err).toContain('every file was rolled back');
      expect(fixed.code).toBe(1);
      for (const file of ['index.js', 'use.js']) expect(readFileSync(join(dir, file), 'utf8')).toBe(FILES[file]);
    } finally {
      removeDir(dir);
    }
  });
});
