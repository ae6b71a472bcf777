import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGraph, buildStats } from '../../src/graph/build.js';
import { parseModule } from '../../src/graph/parse.js';
import { makeTree, removeTree } from './tmp.js';

/**
 * A build with usage reads files that import nothing without their syntax tree, unless another
 * module imports them: then rules may read their exports, top-level effects and top-level await,
 * so those must be exactly what parseModule gives.
 */
const PROJECT = {
  'package.json': JSON.stringify({ name: 'p', type: 'module' }),
  'src/main.js': "import { leaf } from './leaf.js';\nimport './hidden.js';\nconsole.log(leaf);\n",
  // Imports nothing, imported by main: top-level effects, exports and top-level await matter.
  'src/leaf.js': 'export const leaf = 1;\nglobalThis.registry = new Map();\nawait Promise.resolve();\nexport { leaf as alias };\n',
  // Imports nothing, imported by nobody (a bundle, a script).
  'src/bundle.js': '(function () { globalThis.x = 1; })();\nexport function unused() {}\n',
  // The text check misses this import (a comment opens the line): the scan finds it, and the
  // module it reaches, which is import-free and would otherwise stay shallow, is parsed fully too.
  'src/hidden.js': "/* setup */ import { deep } from './deep.js';\nexport const hidden = deep;\n",
  'src/deep.js': 'export const deep = 2;\nsideEffect();\n',
  // Imported by nobody, with an import the text check misses: the scan finds it, the full parse follows.
  'src/orphan.js': "/* x */ import { leaf } from './leaf.js';\nconsole.log(leaf);\n",
};

let dir = '';
afterEach(() => {
  if (dir) removeTree(dir);
  dir = '';
});

function expectFull(graph: Awaited<ReturnType<typeof buildGraph>>, rel: string): void {
  const file = path.join(dir, rel);
  const mod = graph.modules.get(file);
  const full = parseModule(file, readFileSync(file, 'utf8'), { format: 'esm' });
  expect(mod?.shallow, rel).toBeUndefined();
  // The resolver adds resolution fields to records; compare the parse itself.
  expect({ ...mod, imports: mod?.imports.map((r) => ({ ...r, resolved: undefined, package: undefined, builtin: undefined })) }).toEqual({
    ...full,
    imports: full.imports.map((r) => ({ ...r, resolved: undefined, package: undefined, builtin: undefined })),
  });
}

describe('usage builds and files that import nothing', () => {
  it('parse fully what something imports, and only scan the rest', async () => {
    dir = makeTree(PROJECT);
    const graph = await buildGraph(dir);
    expectFull(graph, 'src/main.js');
    expectFull(graph, 'src/leaf.js');
    expectFull(graph, 'src/hidden.js');
    expectFull(graph, 'src/deep.js');
    const leaf = graph.modules.get(path.join(dir, 'src/leaf.js'));
    expect(leaf?.topLevelEffects).toBe(2); // the assignment and the awaited call
    expect(leaf?.hasTopLevelAwait).toBe(true);
    expect(leaf?.exports.map((e) => e.exported).sort()).toEqual(['alias', 'leaf']);
    expect(graph.modules.get(path.join(dir, 'src/deep.js'))?.topLevelEffects).toBe(1);
    const bundle = graph.modules.get(path.join(dir, 'src/bundle.js'));
    expect(bundle).toMatchObject({ shallow: true, imports: [], bindings: [], format: 'esm' });
    // Every edge is there, the one found late included.
    const hidden = graph.modules.get(path.join(dir, 'src/hidden.js'));
    expect(hidden?.imports.map((r) => r.resolved)).toEqual([path.join(dir, 'src/deep.js')]);
    expectFull(graph, 'src/orphan.js');
    const orphan = graph.modules.get(path.join(dir, 'src/orphan.js'));
    expect(orphan?.bindings.map((b) => [b.local, b.usedAtLoad])).toEqual([['leaf', true]]);
    expect(orphan?.imports.map((r) => r.resolved)).toEqual([path.join(dir, 'src/leaf.js')]);
    expect(graph.unresolved).toEqual([]);
    expect(buildStats(graph)?.parsed).toBe(6);
  });

  it('a cached imports-only scan is parsed fully when a usage build finds it imported', async () => {
    dir = makeTree(PROJECT);
    await buildGraph(dir, { usage: false, cache: true });
    const graph = await buildGraph(dir, { cache: true });
    expectFull(graph, 'src/leaf.js');
    expectFull(graph, 'src/deep.js');
    expect(graph.modules.get(path.join(dir, 'src/bundle.js'))?.shallow).toBe(true);
    // Then a third build takes everything from the cache.
    const third = await buildGraph(dir, { cache: true });
    expect(buildStats(third)?.parsed).toBe(0);
    expectFull(third, 'src/leaf.js');
    expect(third.modules.get(path.join(dir, 'src/bundle.js'))?.shallow).toBe(true);
  });

  it('a cached shallow module that resolution now reaches is parsed fully, with nothing else to parse', async () => {
    const tsconfig = (to: string) => JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': [`${to}/*`] } } });
    dir = makeTree({
      'package.json': JSON.stringify({ name: 'p', type: 'module' }),
      'tsconfig.json': tsconfig('lib1'),
      'src/a.ts': "import { v } from '@lib/m';\nconsole.log(v);\n",
      'lib1/m.ts': 'export const v = 1;\n',
      'lib2/m.ts': 'export const v = 2;\nsetup();\n',
    });
    const first = await buildGraph(dir, { cache: true });
    expect(first.modules.get(path.join(dir, 'lib2/m.ts'))?.shallow).toBe(true);
    // Only the tsconfig changes: every source file comes from the cache.
    writeFileSync(path.join(dir, 'tsconfig.json'), tsconfig('lib2'));
    const second = await buildGraph(dir, { cache: true });
    expect(second.modules.get(path.join(dir, 'src/a.ts'))?.imports[0].resolved).toBe(path.join(dir, 'lib2/m.ts'));
    const m = second.modules.get(path.join(dir, 'lib2/m.ts'));
    expect(m?.shallow).toBeUndefined();
    expect(m?.topLevelEffects).toBe(1);
    expect(m?.exports.map((e) => e.exported)).toEqual(['v']);
  });

  it('a syntax error in a file that imports nothing is still reported', async () => {
    dir = makeTree({ ...PROJECT, 'src/broken.js': 'export const = 1;\n' });
    const graph = await buildGraph(dir);
    expect(graph.parseErrors.map((e) => path.relative(dir, e.file))).toEqual([path.join('src', 'broken.js')]);
  });
});
