import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphCommand } from '../../src/cli/commands/graph.js';
import { InputError, UsageError } from '../../src/errors.js';
import { FIXTURES } from './helpers.js';
import { makeTree, removeTree } from './tmp.js';

const out = makeTree({});
afterAll(() => removeTree(out));

/** Runs `fn` with what it writes to stderr captured. */
async function withStderr(fn: () => Promise<number>): Promise<{ code: number; stderr: string }> {
  const errors: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    errors.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await fn();
    return { code, stderr: errors.join('') };
  } finally {
    process.stderr.write = write;
  }
}

describe('graphCommand', () => {
  it('takes a single directory as the project root and writes JSON to --output', async () => {
    const file = path.join(out, 'graph.json');
    const code = await graphCommand([path.join(FIXTURES, 'cycles')], { format: 'json', output: file });
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { modules: Array<{ file: string }>; cycles: string[][] };
    expect(json.modules.map((m) => m.file)).toEqual([
      'src/a.ts',
      'src/b.ts',
      'src/c.ts',
      'src/model.ts',
      'src/node.ts',
      'src/plugin-host.ts',
      'src/plugin.ts',
      'src/repo.ts',
      'src/tree.ts',
    ]);
    expect(json.cycles).toEqual([
      ['src/a.ts', 'src/b.ts', 'src/c.ts'],
      ['src/plugin-host.ts', 'src/plugin.ts'],
    ]);
  });

  it('--entry and --externals restrict and extend the dot output', async () => {
    const root = path.join(FIXTURES, 'commonjs');
    const file = path.join(out, 'graph.dot');
    await graphCommand([root], { format: 'dot', entry: path.join(root, 'main.mjs'), externals: true, output: file });
    const dot = readFileSync(file, 'utf8');
    expect(dot.split('\n').filter((l) => l.includes('->'))).toEqual([
      '  "index.js" -> "lib/util.js";',
      '  "index.js" -> "lib/index.js";',
      '  "index.js" -> "node:fs";',
      '  "index.js" -> "side-effect.js";',
      '  "lib/util.js" -> "lib/data.json";',
      '  "main.mjs" -> "index.js";',
      '  "main.mjs" -> "node:module";',
    ]);
  });

  it('prints the graph of a project with a broken file, reports the error on stderr and returns 2', async () => {
    const file = path.join(out, 'broken.txt');
    const { code, stderr } = await withStderr(() => graphCommand([path.join(FIXTURES, 'syntax-error')], { format: 'text', output: file }));
    expect(code).toBe(2);
    expect(stderr).toBe('broken.js:3:29: parse error: Unexpected token\n');
    expect(readFileSync(file, 'utf8')).toContain('good.js\n  -> broken.js (static, line 1)\n  -> other.js (static, line 2)\n');
  });

  it('a tsconfig whose extends is not there: the graph is printed, the tsconfig named on stderr, returns 2', async () => {
    const root = makeTree({
      'tsconfig.json': '{ "extends": "./configs/base.json", "compilerOptions": { "paths": { "~/*": ["./src/*"] } } }',
      'src/a.ts': "import { b } from './b';\nexport const a = b;\n",
      'src/b.ts': 'export const b = 1;\n',
    });
    const file = path.join(out, 'ts-broken.txt');
    const { code, stderr } = await withStderr(() => graphCommand([root], { format: 'text', output: file }));
    const jsonFile = path.join(out, 'ts-broken.json');
    await withStderr(() => graphCommand([root], { format: 'json', output: jsonFile }));
    removeTree(root);
    expect((JSON.parse(readFileSync(jsonFile, 'utf8')) as { tsconfigErrors: unknown }).tsconfigErrors).toEqual([
      { file: 'tsconfig.json', message: "extends './configs/base.json', which is not there" },
    ]);
    expect(code).toBe(2);
    expect(stderr).toBe("tsconfig.json: extends './configs/base.json', which is not there\n");
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('src/a.ts\n  -> src/b.ts (static, line 1)\n');
    expect(text).toContain("\ntsconfig error: tsconfig.json: extends './configs/base.json', which is not there\n");
  });

  it('fails with typed errors for a bad format, a missing path and an entry outside the graph', async () => {
    await expect(graphCommand([path.join(FIXTURES, 'jsx')], { format: 'svg' })).rejects.toBeInstanceOf(UsageError);
    await expect(graphCommand([path.join(FIXTURES, 'nope')], {})).rejects.toBeInstanceOf(InputError);
    await expect(graphCommand([path.join(FIXTURES, 'jsx')], { entry: 'src/Nope.jsx', output: path.join(out, 'x') })).rejects.toBeInstanceOf(InputError);
  });
});
