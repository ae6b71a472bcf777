/**
 * A barrel imported through the project's own alias (package.json `imports`) is replaced by the
 * same alias for the defining modules, and the program prints the same. Run for real: the fixed
 * specifier must resolve in Node, not only in perf-lint's resolver.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeIn, nodeIn as run, removeDir, tempProject } from './helpers.js';

describe('no-barrel-import --fix through a package.json imports alias', () => {
  it('writes #lib/<module>.js, which Node resolves, and the program prints the same', () => {
    const dir = tempProject(
      {
        'package.json': JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', imports: { '#*': './src/*' } }),
        'src/main.js': "import { slug } from '#lib/index.js';\nconsole.log(slug('A B'));\n",
        'src/lib/index.js': "export { slug } from './slug.js';\nexport { pad } from './pad.js';\nexport { wrap } from './wrap.js';\n",
        'src/lib/slug.js': "export const slug = (s) => s.toLowerCase().replace(/ /g, '-');\n",
        'src/lib/pad.js': "export const pad = (s) => ` ${s} `;\n",
        'src/lib/wrap.js': 'export const wrap = (s) => `[${s}]`;\n',
      },
      { packages: false },
    );
    try {
      const before = run(dir, ['src/main.js']);
      expect(before).toMatchObject({ code: 0, out: 'a-b\n' });
      const fixed = analyzeIn(dir, ['--fix', '--rule', 'no-barrel-import']);
      expect(fixed.err).toContain('fixed 1 file, 0 unchanged, 0 skipped, 0 errors');
      expect(readFileSync(join(dir, 'src/main.js'), 'utf8')).toBe("import { slug } from '#lib/slug.js';\nconsole.log(slug('A B'));\n");
      expect(run(dir, ['src/main.js'])).toEqual(before);
    } finally {
      removeDir(dir);
    }
  });
});
