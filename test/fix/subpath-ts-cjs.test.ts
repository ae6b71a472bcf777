/**
 * prefer-subpath-import in TypeScript compiled to CommonJS without esModuleInterop: there a default
 * import of lodash/get would compile to `get_1.default`, which is undefined, so the fixer used to
 * skip the file on every run while the rule called it fixable. It now writes `import get =
 * require('lodash/get')`; tsc compiles the fixed project and the program prints the same.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeIn, nodeIn, REPO, removeDir, tempProject } from './helpers.js';

const TSC = join(REPO, 'node_modules/typescript/bin/tsc');

describe('subpath fix in TypeScript compiled to CommonJS without esModuleInterop', () => {
  it('writes import x = require(), which tsc compiles, and the program prints the same', () => {
    const dir = tempProject({
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', type: 'commonjs', main: 'dist/index.js' }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'es2020', esModuleInterop: false, strict: true, skipLibCheck: true, types: [], outDir: 'dist', rootDir: 'src' }, include: ['src'] }),
      'src/index.ts': "import { get, chunk } from 'lodash';\n\nexport function rows(o: { xs: number[] }): number[][] {\n  return chunk(get(o, 'xs'), 2);\n}\n",
    });
    try {
      const print = ['-e', "console.log(JSON.stringify(require('./dist/index.js').rows({ xs: [1, 2, 3] })))"];
      expect(nodeIn(dir, [TSC, '-p', '.'])).toMatchObject({ code: 0, out: '' });
      const before = nodeIn(dir, print);
      expect(before).toMatchObject({ code: 0, out: '[[1,2],[3]]\n' });

      const fixed = analyzeIn(dir, ['--rule', 'prefer-subpath-import', '--fix']);
      expect(fixed.err).toContain('fixed 1 file, 0 unchanged, 0 skipped, 0 errors');
      const source = readFileSync(join(dir, 'src/index.ts'), 'utf8');
      expect(source).toContain("import get = require('lodash/get');\nimport chunk = require('lodash/chunk');\n");
      expect(source).not.toContain("from 'lodash'");

      expect(nodeIn(dir, [TSC, '-p', '.'])).toMatchObject({ code: 0, out: '' });
      expect(nodeIn(dir, print)).toEqual(before);
      expect(readFileSync(join(dir, 'dist/index.js'), 'utf8')).toContain('require("lodash/get")');
      expect(analyzeIn(dir, ['--rule', 'prefer-subpath-import']).out).toContain('no problems');
    } finally {
      removeDir(dir);
    }
  }, 60_000);
});
