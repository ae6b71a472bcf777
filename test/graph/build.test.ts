import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { relPath } from '../../src/graph/format.js';
import type { ImportGraph } from '../../src/graph/types.js';
import { edgeLines, FIXTURES } from './helpers.js';

// The repository's own node_modules, as seen from a fixture root (fixtures/graph/<name>).
const NM = '../../../node_modules';

async function build(name: string): Promise<ImportGraph> {
  return buildGraph(path.join(FIXTURES, name));
}

function unresolvedOf(g: ImportGraph): string[] {
  return g.unresolved.map((u) => `${relPath(g.root, u.file)}:${u.line}:${u.column} ${u.specifier} — ${u.reason}`).sort();
}

function packagesOf(g: ImportGraph): string[] {
  return [...g.packages.values()].map((p) => `${p.name}@${p.version}${p.workspace ? ' (workspace)' : ''} deps=[${(p.dependencies ?? []).join(',')}]`).sort();
}

describe('buildGraph on fixtures: the whole edge set', () => {
  it('esm: static, side-effect, namespace, re-exports, builtins, a package subpath, a missing file, a lazy import()', async () => {
    const g = await build('esm');
    expect(edgeLines(g)).toEqual([
      'src/index.js:1 -> src/lib/helper.js (static)',
      'src/index.js:2 -> src/setup.js (side-effect)',
      'src/index.js:3 -> builtin:node:fs (static)',
      'src/index.js:4 -> builtin:path (static)',
      `src/index.js:5 -> ${NM}/lodash/debounce.js [lodash] (static)`,
      'src/index.js:6 -> src/lib/index.js (static)',
      'src/index.js:7 -> src/lib/index.js (reexport)',
      'src/index.js:8 -> src/lib/helper.js (reexport)',
      'src/index.js:9 -> unresolved:./does-not-exist.js (static)',
      'src/lazy.js:2 -> src/lib/helper.js (dynamic, nested)',
      'src/lib/index.js:1 -> src/lib/helper.js (reexport)',
    ]);
    expect(unresolvedOf(g)).toEqual(["src/index.js:9:1 ./does-not-exist.js — Cannot find module './does-not-exist.js'"]);
    expect(g.parseErrors).toEqual([]);
    expect(packagesOf(g)).toEqual(['lodash@4.18.1 deps=[]']);
    expect([...g.modules.values()].every((m) => m.format === 'esm')).toBe(true);
  });

  it('commonjs: top-level and nested require, try/catch require, JSON, require.resolve is not an import, ESM importing CJS', async () => {
    const g = await build('commonjs');
    expect(edgeLines(g)).toEqual([
      'index.js:15 -> unresolved:optional-missing-package (require, try)',
      'index.js:2 -> lib/util.js (require)',
      'index.js:3 -> lib/index.js (require)',
      'index.js:4 -> builtin:fs (require)',
      'index.js:5 -> side-effect.js (require)',
      `index.js:9 -> ${NM}/moment/moment.js [moment] (require, nested)`,
      'lib/util.js:1 -> lib/data.json (require)',
      'main.mjs:1 -> index.js (static)',
      'main.mjs:2 -> builtin:node:module (static)',
    ]);
    expect(g.modules.get(path.join(g.root, 'index.js'))?.format).toBe('cjs');
    expect(g.modules.get(path.join(g.root, 'main.mjs'))?.format).toBe('esm');
    expect(unresolvedOf(g)).toEqual(["index.js:15:14 optional-missing-package — Cannot find module 'optional-missing-package'"]);
  });

  it('ts-paths: tsconfig paths and baseUrl inherited through extends, .js specifiers to .ts sources, extensionless, type-only', async () => {
    const g = await build('ts-paths');
    expect(edgeLines(g)).toEqual([
      'src/main.ts:1 -> src/app/greet.ts (static)',
      'src/main.ts:2 -> src/utils/index.ts (static)',
      'src/main.ts:3 -> src/app/types.ts (type, all-type)',
      'src/main.ts:4 -> src/helper.ts (static)',
      'src/main.ts:5 -> src/config.ts (static)',
      'src/main.ts:6 -> src/helper.ts (static)',
      'src/utils/index.ts:1 -> src/utils/sum.ts (reexport)',
    ]);
    expect(g.unresolved).toEqual([]);
    expect(g.packages.size).toBe(0);
  });

  it('monorepo: npm workspaces resolve to the workspace sources (exports subpaths too), packages carry version and deps', async () => {
    const g = await build('monorepo');
    expect(edgeLines(g)).toEqual([
      'packages/app/src/main.js:1 -> packages/core/src/index.js [@mono/core] (static)',
      'packages/app/src/main.js:2 -> packages/core/src/math.js [@mono/core] (static)',
      'packages/app/src/main.js:3 -> packages/app/src/render.js (static)',
      `packages/app/src/main.js:4 -> ${NM}/moment/moment.js [moment] (static)`,
      'packages/core/src/index.js:1 -> packages/core/src/math.js (reexport)',
      `packages/core/src/index.js:2 -> ${NM}/lodash/chunk.js [lodash] (reexport)`,
    ]);
    expect(packagesOf(g)).toEqual(['@mono/core@1.2.3 (workspace) deps=[lodash]', 'lodash@4.18.1 deps=[]', 'moment@2.31.0 deps=[]']);
    expect(g.unresolved).toEqual([]);
  });

  it('exports-conditions: import vs require conditions, nested node conditions, subpath imports (#), a blocked subpath', async () => {
    const g = await build('exports-conditions');
    expect(edgeLines(g)).toEqual([
      'src/cjs.cjs:1 -> packages/dual/cjs/index.cjs [dual] (require)',
      'src/cjs.cjs:2 -> packages/dual/cjs/feature-node.cjs [dual] (require)',
      'src/cjs.cjs:3 -> src/cond-cjs.cjs (require)',
      'src/cjs.cjs:6 -> unresolved:dual/internal/secret.js (require, try)',
      'src/esm.js:1 -> packages/dual/esm/index.js [dual] (static)',
      'src/esm.js:2 -> packages/dual/esm/feature-node.js [dual] (static)',
      'src/esm.js:3 -> src/utils.js (static)',
      'src/esm.js:4 -> src/cond-esm.js (static)',
      'src/esm.js:5 -> packages/dual/package.json [dual] (static)',
      'src/esm.js:8 -> packages/dual/esm/index.js [dual] (dynamic, nested)',
    ]);
    expect(unresolvedOf(g)).toEqual([
      "src/cjs.cjs:6:12 dual/internal/secret.js — workspace package 'dual' does not export './internal/secret.js' for the require condition",
    ]);
    expect(packagesOf(g)).toEqual(['dual@2.0.0 (workspace) deps=[]']);
  });

  it('cycles: runtime, type-only (import type and all-inline-type) and dynamic back edges are all recorded', async () => {
    const g = await build('cycles');
    expect(edgeLines(g)).toEqual([
      'src/a.ts:1 -> src/b.ts (static)',
      'src/b.ts:1 -> src/c.ts (static)',
      'src/c.ts:1 -> src/a.ts (static)',
      'src/model.ts:1 -> src/repo.ts (type, all-type)',
      'src/node.ts:1 -> src/tree.ts (type, all-type)',
      'src/plugin-host.ts:1 -> src/plugin.ts (static)',
      'src/plugin.ts:2 -> src/plugin-host.ts (dynamic, nested)',
      'src/repo.ts:1 -> src/model.ts (static)',
      'src/tree.ts:1 -> src/node.ts (static)',
    ]);
  });

  it('dynamic: literal and expression-free template imports resolve; templates with expressions, variables and concatenated require() are unresolved, never dropped', async () => {
    const g = await build('dynamic');
    expect(edgeLines(g)).toEqual([
      "legacy.cjs:2 -> unresolved:'./pages/' + name (require, nested)",
      'router.js:2 -> pages/home.js (dynamic, nested)',
      'router.js:3 -> unresolved:`./pages/${name}.js` (dynamic, nested)',
      'router.js:4 -> unresolved:name (dynamic, nested)',
      'router.js:5 -> pages/about.js (dynamic, nested)',
    ]);
    expect(unresolvedOf(g)).toEqual([
      "legacy.cjs:2:10 './pages/' + name — require() with a non-literal specifier",
      'router.js:3:28 `./pages/${name}.js` — import() with a non-literal specifier',
      'router.js:4:28 name — import() with a non-literal specifier',
    ]);
  });

  it('jsx: .jsx and .tsx files parse, extensionless import finds Card.tsx', async () => {
    const g = await build('jsx');
    expect(edgeLines(g)).toEqual([
      'src/App.jsx:1 -> src/Button.jsx (static)',
      'src/App.jsx:2 -> src/Card.tsx (static)',
      'src/Card.tsx:1 -> src/types.ts (type, all-type)',
    ]);
    expect(g.parseErrors).toEqual([]);
  });

  it('syntax-error: the broken file is reported with file:line and the rest of the graph is built', async () => {
    const g = await build('syntax-error');
    expect(g.parseErrors.map((e) => `${relPath(g.root, e.file)}:${e.line}:${e.column} ${e.message}`)).toEqual(['broken.js:3:29 Unexpected token']);
    expect(edgeLines(g)).toEqual(['broken.js:1 -> other.js (static)', 'good.js:1 -> broken.js (static)', 'good.js:2 -> other.js (static)']);
    expect(g.modules.size).toBe(3);
  });
});
