import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { formatGraph, graphToDot, graphToJson, graphToMermaid, graphToText } from '../../src/graph/format.js';
import { UsageError } from '../../src/errors.js';
import { FIXTURES } from './helpers.js';

describe('graphToJson (the stable format of docs/graph.md)', () => {
  it('renders modules, imports with relative resolved paths, packages, cycles, unresolved and parse errors', async () => {
    const g = await buildGraph(path.join(FIXTURES, 'esm'));
    const json = graphToJson(g);
    expect(json.version).toBe(1);
    expect(json.modules.map((m) => m.file)).toEqual(['src/index.js', 'src/lazy.js', 'src/lib/helper.js', 'src/lib/index.js', 'src/setup.js']);
    expect(json.modules[0].imports).toEqual([
      { specifier: './lib/helper.js', kind: 'static', line: 1, column: 1, resolved: 'src/lib/helper.js' },
      { specifier: './setup.js', kind: 'side-effect', line: 2, column: 1, resolved: 'src/setup.js' },
      { specifier: 'node:fs', kind: 'static', line: 3, column: 1, resolved: null, builtin: true },
      { specifier: 'path', kind: 'static', line: 4, column: 1, resolved: null, builtin: true },
      { specifier: 'lodash/debounce.js', kind: 'static', line: 5, column: 1, resolved: '../../../node_modules/lodash/debounce.js', package: 'lodash' },
      { specifier: './lib/index.js', kind: 'static', line: 6, column: 1, resolved: 'src/lib/index.js' },
      { specifier: './lib/index.js', kind: 'reexport', line: 7, column: 1, resolved: 'src/lib/index.js' },
      { specifier: './lib/helper.js', kind: 'reexport', line: 8, column: 1, resolved: 'src/lib/helper.js' },
      { specifier: './does-not-exist.js', kind: 'static', line: 9, column: 1, resolved: null },
    ]);
    expect(json.modules[1].imports).toEqual([
      { specifier: './lib/helper.js', kind: 'dynamic', line: 2, column: 28, resolved: 'src/lib/helper.js', nested: true },
    ]);
    expect(json.packages).toEqual([{ name: 'lodash', version: '4.18.1', workspace: false, root: '../../../node_modules/lodash', dependencies: [] }]);
    expect(json.unresolved).toEqual([
      { file: 'src/index.js', specifier: './does-not-exist.js', line: 9, column: 1, reason: "Cannot find module './does-not-exist.js'" },
    ]);
    expect(json.cycles).toEqual([]);
    expect(json.parseErrors).toEqual([]);
    expect(json.tsconfigErrors).toEqual([]);
    // Plain data: survives a JSON round trip unchanged.
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('lists cycles and parse errors with relative paths', async () => {
    const cycles = graphToJson(await buildGraph(path.join(FIXTURES, 'cycles')));
    expect(cycles.cycles).toEqual([
      ['src/a.ts', 'src/b.ts', 'src/c.ts'],
      ['src/plugin-host.ts', 'src/plugin.ts'],
    ]);
    expect(cycles.modules.find((m) => m.file === 'src/node.ts')?.imports).toEqual([
      // `import { type Tree }`: the parser records an import whose every specifier is `type` as kind 'type'.
      { specifier: './tree.js', kind: 'type', line: 1, column: 1, resolved: 'src/tree.ts' },
    ]);
    const broken = graphToJson(await buildGraph(path.join(FIXTURES, 'syntax-error')));
    expect(broken.parseErrors).toEqual([{ file: 'broken.js', line: 3, column: 29, message: 'Unexpected token' }]);
  });

  it('--entry keeps the startup set, --focus a module and its direct neighbours', async () => {
    const g = await buildGraph(path.join(FIXTURES, 'monorepo'));
    const entry = graphToJson(g, { entry: 'packages/core/src/index.js' });
    expect(entry.modules.map((m) => m.file)).toEqual(['packages/core/src/index.js', 'packages/core/src/math.js']);
    expect(entry.packages.map((p) => p.name)).toEqual(['lodash']);
    const focus = graphToJson(g, { focus: 'packages/core/src/math.js' });
    expect(focus.modules.map((m) => m.file)).toEqual(['packages/app/src/main.js', 'packages/core/src/index.js', 'packages/core/src/math.js']);
    expect(() => graphToJson(g, { focus: 'nope.js' })).toThrow(UsageError);
  });
});

describe('dot, mermaid and text', () => {
  it('dot: dotted type-only edges', async () => {
    const g = await buildGraph(path.join(FIXTURES, 'jsx'));
    expect(graphToDot(g)).toBe(
      [
        'digraph imports {',
        '  rankdir=LR;',
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  "src/App.jsx";',
        '  "src/Button.jsx";',
        '  "src/Card.tsx";',
        '  "src/types.ts";',
        '  "src/App.jsx" -> "src/Button.jsx";',
        '  "src/App.jsx" -> "src/Card.tsx";',
        '  "src/Card.tsx" -> "src/types.ts" [style=dotted];',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('mermaid: packages as subroutine nodes with --externals, lazy edges dashed', async () => {
    const g = await buildGraph(path.join(FIXTURES, 'monorepo'));
    expect(graphToMermaid(g, { externals: true, entry: 'packages/app/src/main.js' })).toBe(
      [
        'flowchart LR',
        '  n0[["lodash"]]',
        '  n1[["moment"]]',
        '  n2["packages/app/src/main.js"]',
        '  n3["packages/app/src/render.js"]',
        '  n4["packages/core/src/index.js"]',
        '  n5["packages/core/src/math.js"]',
        '  n2 --> n4',
        '  n2 --> n5',
        '  n2 --> n3',
        '  n2 --> n1',
        '  n4 --> n5',
        '  n4 --> n0',
        '',
      ].join('\n'),
    );
    const esm = await buildGraph(path.join(FIXTURES, 'esm'));
    expect(graphToMermaid(esm).split('\n').filter((l) => l.includes('|dynamic|'))).toEqual(['  n1 -.->|dynamic| n2']);
  });

  it('text: each module with its imports, then the summary and problems', async () => {
    const g = await buildGraph(path.join(FIXTURES, 'esm'));
    expect(graphToText(g, { focus: 'src/lib/index.js' })).toBe(
      [
        'src/index.js',
        '  -> src/lib/helper.js (static, line 1)',
        '  -> src/lib/index.js (static, line 6)',
        '  -> src/lib/index.js (reexport, line 7)',
        '  -> src/lib/helper.js (reexport, line 8)',
        '  -> ? ./does-not-exist.js (static, line 9)',
        'src/lib/helper.js',
        'src/lib/index.js',
        '  -> src/lib/helper.js (reexport, line 1)',
        '',
        '3 modules, 0 cycles, 1 unresolved, 0 parse errors',
        "unresolved: src/index.js:9:1 './does-not-exist.js' (Cannot find module './does-not-exist.js')",
        '',
      ].join('\n'),
    );
    expect(graphToText(g, { externals: true, focus: 'src/setup.js' })).toContain('  -> node:fs (static, line 3)\n  -> node:path (static, line 4)\n  -> lodash (static, line 5)');
  });

  it('formatGraph rejects an unknown format with a UsageError naming it', async () => {
    const g = await buildGraph(path.join(FIXTURES, 'jsx'));
    expect(() => formatGraph(g, 'svg')).toThrow(/--format 'svg': unknown graph format/);
  });
});
