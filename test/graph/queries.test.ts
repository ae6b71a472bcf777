import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { relPath } from '../../src/graph/format.js';
import {
  dependencies,
  dependents,
  eagerImportSites,
  eagerPath,
  findCycles,
  packageDependencies,
  startupSet,
} from '../../src/graph/queries.js';
import type { ImportGraph } from '../../src/graph/types.js';
import { InputError } from '../../src/errors.js';
import { FIXTURES } from './helpers.js';
import { makeTree, removeTree } from './tmp.js';

const graphs = new Map<string, ImportGraph>();
async function fixture(name: string): Promise<ImportGraph> {
  let g = graphs.get(name);
  if (!g) {
    g = await buildGraph(path.join(FIXTURES, name));
    graphs.set(name, g);
  }
  return g;
}
const rels = (g: ImportGraph, files: Iterable<string>): string[] => [...files].map((f) => relPath(g.root, f)).sort();

describe('findCycles', () => {
  it('excludes type-only edges by default and counts lazy (dynamic) edges like madge and dependency-cruiser', async () => {
    const g = await fixture('cycles');
    expect(findCycles(g).map((c) => rels(g, c))).toEqual([
      ['src/a.ts', 'src/b.ts', 'src/c.ts'],
      ['src/plugin-host.ts', 'src/plugin.ts'],
    ]);
  });

  it('reports each cycle as a path from its smallest file (order preserved, last imports first)', async () => {
    const g = await fixture('cycles');
    const [abc] = findCycles(g);
    expect(abc.map((f) => relPath(g.root, f))).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
  });

  it('includeTypeOnly adds the `import type` and all-inline-type cycles', async () => {
    const g = await fixture('cycles');
    expect(findCycles(g, { includeTypeOnly: true }).map((c) => c.map((f) => relPath(g.root, f)))).toEqual([
      ['src/a.ts', 'src/b.ts', 'src/c.ts'],
      ['src/model.ts', 'src/repo.ts'],
      ['src/node.ts', 'src/tree.ts'],
      ['src/plugin-host.ts', 'src/plugin.ts'],
    ]);
  });

  it('eagerOnly keeps only the cycles evaluated at load time', async () => {
    const g = await fixture('cycles');
    expect(findCycles(g, { eagerOnly: true }).map((c) => c.map((f) => relPath(g.root, f)))).toEqual([['src/a.ts', 'src/b.ts', 'src/c.ts']]);
  });

  it('covers every file of a tangled component with shortest cycles, and self-imports', async () => {
    const root = makeTree({
      'package.json': '{ "type": "module" }',
      'x.js': "import './y.js';\n",
      'y.js': "import './x.js';\nimport './z.js';\n",
      'z.js': "import './x.js';\n",
      'self.js': "import './self.js';\n",
      'alone.js': "import './x.js';\n",
    });
    try {
      const g = await buildGraph(root);
      expect(findCycles(g).map((c) => c.map((f) => relPath(g.root, f)))).toEqual([['self.js'], ['x.js', 'y.js'], ['x.js', 'y.js', 'z.js']]);
    } finally {
      removeTree(root);
    }
  });
});

describe('dependencies and dependents', () => {
  it('lists direct local neighbours, with edge filters', async () => {
    const g = await fixture('esm');
    expect(rels(g, dependencies(g, 'src/index.js'))).toEqual(['src/lib/helper.js', 'src/lib/index.js', 'src/setup.js']);
    expect(packageDependencies(g, 'src/index.js')).toEqual(['lodash']);
    expect(rels(g, dependents(g, 'src/lib/helper.js'))).toEqual(['src/index.js', 'src/lazy.js', 'src/lib/index.js']);
    expect(rels(g, dependents(g, 'src/lib/helper.js', { eagerOnly: true }))).toEqual(['src/index.js', 'src/lib/index.js']);
    const c = await fixture('cycles');
    expect(rels(c, dependencies(c, 'src/model.ts'))).toEqual([]);
    expect(rels(c, dependencies(c, 'src/model.ts', { includeTypeOnly: true }))).toEqual(['src/repo.ts']);
  });
});

describe('startupSet', () => {
  it('follows eager edges only (not import(), not nested require, not type imports)', async () => {
    const esm = await fixture('esm');
    const s = startupSet(esm, 'src/index.js');
    expect(rels(esm, s.modules)).toEqual(['src/index.js', 'src/lib/helper.js', 'src/lib/index.js', 'src/setup.js']);
    expect([...s.packages]).toEqual(['lodash']);

    const cjs = await fixture('commonjs');
    const c = startupSet(cjs, 'index.js');
    expect(rels(cjs, c.modules)).toEqual(['index.js', 'lib/index.js', 'lib/util.js', 'side-effect.js']);
    expect([...c.packages]).toEqual([]);

    const cyc = await fixture('cycles');
    expect(rels(cyc, startupSet(cyc, 'src/model.ts').modules)).toEqual(['src/model.ts']);
    expect(rels(cyc, startupSet(cyc, 'src/repo.ts').modules)).toEqual(['src/model.ts', 'src/repo.ts']);
    expect(rels(cyc, startupSet(cyc, 'src/plugin.ts').modules)).toEqual(['src/plugin.ts']);
  });

  it('goes through workspace packages’ sources into the packages they import', async () => {
    const g = await fixture('monorepo');
    const s = startupSet(g, 'packages/app/src/main.js');
    expect(rels(g, s.modules)).toEqual(['packages/app/src/main.js', 'packages/app/src/render.js', 'packages/core/src/index.js', 'packages/core/src/math.js']);
    expect([...s.packages].sort()).toEqual(['@mono/core', 'lodash', 'moment']);
    expect(eagerPath(g, 'packages/app/src/main.js', { package: 'lodash' })?.map((n) => (path.isAbsolute(n) ? relPath(g.root, n) : n))).toEqual([
      'packages/app/src/main.js',
      'packages/core/src/index.js',
      'lodash',
    ]);
  });

  it('throws InputError for an entry that is not in the graph', async () => {
    const g = await fixture('esm');
    expect(() => startupSet(g, 'src/nope.js')).toThrow(InputError);
  });
});

describe('eagerImportSites', () => {
  let root: string;
  let g: ImportGraph;
  beforeAll(async () => {
    root = makeTree({
      'package.json': '{ "name": "app", "type": "module" }',
      'node_modules/outer/package.json': '{ "name": "outer", "version": "1.0.0", "main": "index.js", "dependencies": { "heavy": "1" } }',
      'node_modules/outer/index.js': '',
      'node_modules/heavy/package.json': '{ "name": "heavy", "version": "2.0.0", "main": "index.js" }',
      'node_modules/heavy/index.js': '',
      'main.js': "import './a.js';\nimport './b.js';\nimport 'outer';\nexport const later = () => import('./lazy.js');\n",
      'a.js': "import heavy from 'heavy';\nexport function use() { return heavy; }\n",
      'b.ts': "import { x } from 'heavy';\nimport type {} from 'heavy';\nexport async function f() { const h = await import('heavy'); return [x, h]; }\n",
      'lazy.js': "import heavy from 'heavy';\nexport default heavy;\n",
      'other-entry.js': "import './lazy.js';\n",
    });
    g = await buildGraph(root);
    expect(g.parseErrors).toEqual([]);
  });
  afterAll(() => removeTree(root));

  it('lists every eager site that keeps a package at startup, direct and through another package, and nothing lazy', () => {
    const sites = eagerImportSites(g, 'main.js', { package: 'heavy' });
    expect(sites.map((s) => `${relPath(root, s.file)}#${s.importIndex}:${s.record.line} ${s.record.specifier}${s.via ? ` via ${s.via}` : ''}`)).toEqual([
      'a.js#0:1 heavy',
      'b.ts#0:1 heavy',
      'main.js#2:3 outer via outer',
    ]);
    expect(startupSet(g, 'main.js').packages).toEqual(new Set(['heavy', 'outer']));
    expect(eagerImportSites(g, 'other-entry.js', { package: 'heavy' }).map((s) => relPath(root, s.file))).toEqual(['lazy.js']);
    expect(eagerImportSites(g, 'main.js', { file: 'a.js' }).map((s) => `${relPath(root, s.file)}#${s.importIndex}`)).toEqual(['main.js#0']);
    expect(eagerImportSites(g, 'main.js', { file: 'lazy.js' })).toEqual([]);
    expect(eagerPath(g, 'main.js', { file: 'lazy.js' })).toBeNull();
  });
});
