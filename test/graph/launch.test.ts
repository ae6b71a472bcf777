import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchedScripts } from '../../src/graph/launch.js';
import { makeTree, removeTree, writeTree } from './tmp.js';

const dir = makeTree({
  'lib/a.js': '',
});
afterAll(() => removeTree(dir));

let n = 0;
/** Writes `source` as a new file under bin/ and returns what it starts, relative to the tree. */
function launched(source: string): string[] {
  const file = path.join(dir, 'bin', `s${++n}.js`);
  writeTree(dir, { [path.relative(dir, file)]: source });
  return launchedScripts(file).map((f) => path.relative(dir, f));
}

describe('launchedScripts (what a file starts in another process or thread)', () => {
  it('reads the path forms a file names itself by', () => {
    expect(launched(`fork(__dirname + '/../lib/a.js');`)).toEqual(['lib/a.js']);
    expect(launched(`cp.fork(path.join(__dirname, '..', "lib", 'b.mjs'), args);`)).toEqual(['lib/b.mjs']);
    expect(launched(`new Worker(resolve(__dirname, '../lib/c.cjs'));`)).toEqual(['lib/c.cjs']);
    expect(launched(`spawn(process.execPath, ['--enable-source-maps', require.resolve('../lib/d.js')], { stdio: 'inherit' });`)).toEqual(['lib/d.js']);
    expect(launched(`new Worker(fileURLToPath(new URL('../lib/e.js', import.meta.url)));\nexecFileSync(process.execPath, [new URL("../lib/f.js", import.meta.url)]);`)).toEqual(['lib/e.js', 'lib/f.js']);
  });

  it('names a file that is not there yet (a build output), and its caller maps it to a source', () => {
    expect(launched(`fork(__dirname + '/../dist/cli.js');`)).toEqual(['dist/cli.js']);
  });

  it('follows nothing computed, relative to the working directory or run by another program', () => {
    expect(launched(`fork(script);`)).toEqual([]);
    expect(launched(`fork('./lib/a.js');`)).toEqual([]);
    expect(launched(`fork(__dirname + 'lib/a.js');`)).toEqual([]);
    expect(launched(`spawn('python', [path.join(__dirname, '..', 'lib', 'a.js')]);`)).toEqual([]);
  });
});
