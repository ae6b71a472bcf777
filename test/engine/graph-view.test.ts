import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { createGraphView } from '../../src/engine/graph-view.js';
import { loadSuppressionParser, parseSuppressions, suppresses } from '../../src/engine/suppress.js';
import { computePackageFacts, computeSubpaths } from '../../src/engine/run.js';
import { DEFAULT_TS, writeProject } from '../helpers/rule-tester.js';

const ESM = { 'package.json': '{ "name": "app", "type": "module" }' };

describe('graph view (runtime edges)', () => {
  it('drops imports tsc elides, keeps them under verbatimModuleSyntax, and follows only eager edges', async () => {
    const root = writeProject({
      name: 'view',
      files: {
        ...ESM,
        'src/a.ts': [
          "import { B } from './b.js';", // used only as a type: elided unless verbatim
          "import { type C } from './c.js';", // inline type: `import {}` under verbatim
          "import type { D } from './d.js';", // never at run time
          "import { e } from './e.js';", // used as a value
          "export async function f(b: B, c: C, d: D) { const g = await import('./g.js'); return [b, c, d, e, g]; }",
          '',
        ].join('\n'),
        'src/b.ts': 'export class B {}\n',
        'src/c.ts': 'export interface C { c: 1 }\n',
        'src/d.ts': 'export interface D { d: 1 }\n',
        'src/e.ts': "import { a } from './self.js';\nexport const e = a;\n",
        'src/self.ts': "import * as me from './self.js';\nexport const a = 1;\nexport const all = me;\n",
        'src/g.ts': 'export const g = 1;\n',
      },
    });
    const graph = await buildGraph(root);
    const a = path.join(root, 'src/a.ts');
    const rel = (s: ReadonlySet<string>) => [...s].map((f) => path.relative(root, f)).sort();
    const plain = createGraphView(graph, DEFAULT_TS);
    expect(rel(plain.startupModules(a))).toEqual(['src/a.ts', 'src/e.ts', 'src/self.ts']);
    const verbatim = { ...DEFAULT_TS, verbatimModuleSyntax: true };
    const read = (f: string) => (graph.modules.has(f) ? readFileSync(f, 'utf8') : undefined);
    const strict = createGraphView(graph, verbatim, read);
    expect(rel(strict.startupModules(a))).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/e.ts', 'src/self.ts']);
    expect(strict.eagerPath(a, path.join(root, 'src/self.ts'))?.map((f) => path.relative(root, f))).toEqual(['src/a.ts', 'src/e.ts', 'src/self.ts']);
    expect(strict.eagerPath(a, path.join(root, 'src/g.ts'))).toBeNull();
    // A module importing itself is a cycle of one.
    expect(plain.cycles().map((c) => c.map((f) => path.relative(root, f)))).toEqual([['src/self.ts', 'src/self.ts']]);
  });

  it('keeps React in a .tsx file at startup under the classic JSX transform, where tsc keeps the import for <div />', async () => {
    const root = writeProject({
      name: 'jsx',
      files: {
        ...ESM,
        'src/view.tsx': "import * as React from './jsx.js';\nexport const v = (): React.Node => <div />;\n",
        'src/jsx.ts': 'export const createElement = (..._: unknown[]) => null;\nexport type Node = unknown;\n',
      },
    });
    const graph = await buildGraph(root);
    const view = path.join(root, 'src/view.tsx');
    const rel = (s: ReadonlySet<string>) => [...s].map((f) => path.relative(root, f)).sort();
    expect(rel(createGraphView(graph, DEFAULT_TS).startupModules(view))).toEqual(['src/jsx.ts', 'src/view.tsx']);
    expect(rel(createGraphView(graph, { ...DEFAULT_TS, jsx: 'react' }).startupModules(view))).toEqual(['src/jsx.ts', 'src/view.tsx']);
    // The automatic runtime imports its own factory: tsc drops an import used only as a type.
    expect(rel(createGraphView(graph, { ...DEFAULT_TS, jsx: 'react-jsx' }).startupModules(view))).toEqual(['src/view.tsx']);
  });

  it('reads package facts and subpaths from real installed packages', async () => {
    const root = writeProject({
      name: 'facts',
      files: {
        ...ESM,
        'src/a.ts': "import { format } from 'date-fns';\nimport { get, chunk, nope } from 'lodash';\nimport { map } from 'rxjs';\nimport { DateTime } from 'luxon';\nimport pMemoize from 'p-memoize';\nimport { run } from 'import-only';\nexport const x = [format, get, chunk, nope, map, DateTime, pMemoize, run];\n",
        'node_modules/import-only/package.json': '{ "name": "import-only", "version": "1.0.0", "type": "module", "exports": { ".": { "import": "./index.js" } } }',
        'node_modules/import-only/index.js': 'export const run = () => 1;\n',
      },
      link: ['date-fns', 'lodash', 'rxjs', 'luxon', 'p-memoize'],
    });
    const graph = await buildGraph(root);
    const facts = computePackageFacts(graph);
    const cjsToo = { esmOnly: false, requireEsm: false, noRequireTarget: false, topLevelAwait: false };
    expect(facts['date-fns']).toEqual({ dual: true, ...cjsToo });
    expect(facts.luxon).toEqual({ dual: true, ...cjsToo });
    // rxjs lists "node" before "import"/"require": both conditions pick the same file.
    expect(facts.rxjs).toEqual({ dual: false, ...cjsToo });
    expect(facts.lodash).toEqual({ dual: false, ...cjsToo });
    // ESM-only: require() loads its ES module (require(esm)), or finds no target at all.
    expect(facts['p-memoize']).toEqual({ dual: false, esmOnly: true, requireEsm: true, noRequireTarget: false, topLevelAwait: false });
    expect(facts['import-only']).toEqual({ dual: false, esmOnly: true, requireEsm: false, noRequireTarget: true, topLevelAwait: false });
    expect(await computeSubpaths(graph)).toEqual({ 'date-fns': { format: 'date-fns/format' }, lodash: { chunk: 'lodash/chunk', get: 'lodash/get' } });
  });

  it('keeps what each subpath provides by file, and decides again when the file changes', async () => {
    const root = writeProject({
      name: 'subpath-facts',
      files: {
        ...ESM,
        'src/a.js': "import { get } from 'kit';\nexport const x = get;\n",
        'node_modules/kit/package.json': '{ "name": "kit", "version": "1.0.0", "type": "module", "main": "index.js" }',
        'node_modules/kit/index.js': "export { get } from './get.js';\n",
        'node_modules/kit/get.js': 'export const get = () => 1;\n',
      },
    });
    const graph = await buildGraph(root);
    expect(await computeSubpaths(graph)).toEqual({ kit: { get: 'kit/get' } });
    const cacheFile = path.join(root, 'node_modules/.cache/perf-lint/subpaths.json');
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, boolean> };
    expect(Object.entries(stored.entries).map(([k, v]) => [k.split('|')[0], k.split('|').at(-1), v])).toEqual([[path.join(root, 'node_modules/kit/get.js'), 'get', true]]);
    expect(await computeSubpaths(graph)).toEqual({ kit: { get: 'kit/get' } });
    // Now kit/get.js no longer gives `get`: the stored answer is for the file as it was.
    writeFileSync(path.join(root, 'node_modules/kit/get.js'), 'export const other = () => 1;\n');
    expect(await computeSubpaths(graph)).toEqual({});
  });
});

describe('suppression comments', () => {
  beforeAll(loadSuppressionParser);

  it('parses line and next-line directives, rule lists, reasons and block comments', () => {
    const src = [
      'const a = 1; // perf-lint-disable-line prefer-lazy-import',
      '// perf-lint-disable-next-line no-unused-import, prefer-type-import -- kept for the plugin registry',
      "import x from 'x';",
      '/* perf-lint-disable-next-line */ ',
      '// prose that mentions perf-lint-disable-line is not a directive: it must start the comment',
    ].join('\n');
    const d = parseSuppressions(src);
    expect(d.map(({ line, column, target, rules, reason, kind }) => ({ line, column, target, rules, reason, kind }))).toEqual([
      { line: 1, column: 14, target: 1, rules: ['prefer-lazy-import'], reason: null, kind: 'disable-line' },
      { line: 2, column: 1, target: 3, rules: ['no-unused-import', 'prefer-type-import'], reason: 'kept for the plugin registry', kind: 'disable-next-line' },
      { line: 4, column: 1, target: 5, rules: [], reason: null, kind: 'disable-next-line' },
    ]);
    expect(suppresses(d[1], 'prefer-type-import', 3)).toBe(true);
    expect(suppresses(d[1], 'prefer-lazy-import', 3)).toBe(false);
    expect(suppresses(d[2], 'anything', 5)).toBe(true);
    expect(parseSuppressions('const a = 1;\n')).toEqual([]);
  });
});
