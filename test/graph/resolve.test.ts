import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createResolver, parsePnpmWorkspace } from '../../src/graph/resolve.js';
import { buildGraph } from '../../src/graph/build.js';
import { link, makeTree, removeTree } from './tmp.js';

const dirs: string[] = [];
const tree = (files: Record<string, string>): string => {
  const d = makeTree(files);
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach(removeTree));

describe('createResolver', () => {
  it('gives every unresolved import under a tsconfig that cannot be loaded the same reason, whatever was resolved first', () => {
    const root = tree({
      'tsconfig.json': JSON.stringify({ extends: './config/missing.json' }),
      'src/a.ts': '',
      'src/deep/b.ts': '',
      'src/c.ts': '',
    });
    const reasons = (order: [string, string][]): string[] => {
      const r = createResolver(root);
      return order.map(([from, spec]) => r.resolve(path.join(root, from), spec, 'import').reason ?? 'resolved');
    };
    const imports: [string, string][] = [
      ['src/a.ts', 'react'],
      ['src/a.ts', 'react'],
      ['src/deep/b.ts', './nope'],
      ['src/a.ts', 'lodash'],
    ];
    const forward = reasons(imports);
    // Each the tsconfig's problem (oxc-resolver says so only on the first resolution that loads it).
    for (const reason of forward) expect(reason).toMatch(/^Tsconfig not found .*missing\.json \(the tsconfig cannot be loaded, so its paths are unknown\)$/);
    expect(reasons([...imports].reverse())).toEqual([...forward].reverse());
    // A relative import that exists still resolves.
    expect(createResolver(root).resolve(path.join(root, 'src/a.ts'), './c', 'import').resolved).toBe(path.join(root, 'src/c.ts'));
  });

  it('maps a pnpm workspace (no install): main-only packages by path, subpaths, and marks them as workspace packages', () => {
    const root = tree({
      'package.json': '{ "name": "root", "private": true }',
      'pnpm-workspace.yaml': "packages:\n  - 'libs/*'\n  - \"!libs/ignored\"\n",
      'libs/a/package.json': '{ "name": "@p/a", "version": "3.0.0", "main": "lib/index.js" }',
      'libs/a/lib/index.js': 'module.exports = 1;',
      'libs/a/extra.js': 'module.exports = 2;',
      'libs/ignored/package.json': '{ "name": "@p/ignored" }',
      'app/main.js': '',
    });
    const r = createResolver(root);
    expect([...r.workspaces.keys()]).toEqual(['@p/a']);
    const from = path.join(root, 'app/main.js');
    expect(r.resolve(from, '@p/a', 'require')).toEqual({ resolved: path.join(root, 'libs/a/lib/index.js'), package: '@p/a' });
    expect(r.resolve(from, '@p/a/extra', 'require')).toEqual({ resolved: path.join(root, 'libs/a/extra.js'), package: '@p/a' });
    expect(r.getPackage('@p/a')).toEqual({ name: '@p/a', version: '3.0.0', root: path.join(root, 'libs/a'), workspace: true });
    expect(r.resolve(from, '@p/ignored', 'require').resolved).toBeNull();
  });

  it('follows a workspace symlinked into node_modules (an installed npm/yarn monorepo) to its real sources', () => {
    const root = tree({
      'package.json': '{ "name": "root", "private": true, "workspaces": ["packages/*"] }',
      'packages/x/package.json': '{ "name": "@s/x", "version": "0.0.1", "exports": { ".": { "import": "./src/x.mjs", "require": "./src/x.cjs" } } }',
      'packages/x/src/x.mjs': 'export default 1;',
      'packages/x/src/x.cjs': 'module.exports = 1;',
      'main.mjs': '',
    });
    link(path.join(root, 'packages/x'), path.join(root, 'node_modules/@s/x'));
    const r = createResolver(root);
    const from = path.join(root, 'main.mjs');
    expect(r.resolve(from, '@s/x', 'import')).toEqual({ resolved: path.join(root, 'packages/x/src/x.mjs'), package: '@s/x' });
    expect(r.resolve(from, '@s/x', 'require')).toEqual({ resolved: path.join(root, 'packages/x/src/x.cjs'), package: '@s/x' });
  });

  it('resolves installed packages with version, and their own dependencies only when present on disk', () => {
    const root = tree({
      'package.json': '{ "name": "root" }',
      'node_modules/heavy/package.json': '{ "name": "heavy", "version": "1.0.0", "main": "main.js", "dependencies": { "dep-a": "1", "absent": "1" }, "peerDependencies": { "@sc/peer": "1" } }',
      'node_modules/heavy/main.js': '',
      'node_modules/heavy/node_modules/dep-a/package.json': '{ "name": "dep-a", "version": "2.0.0" }',
      'node_modules/@sc/peer/package.json': '{ "name": "@sc/peer", "version": "5.0.0" }',
      'index.js': '',
    });
    const r = createResolver(root);
    const res = r.resolve(path.join(root, 'index.js'), 'heavy', 'require');
    expect(res).toEqual({ resolved: path.join(root, 'node_modules/heavy/main.js'), package: 'heavy' });
    const heavy = r.getPackage('heavy');
    expect(heavy).toEqual({ name: 'heavy', version: '1.0.0', root: path.join(root, 'node_modules/heavy'), workspace: false });
    expect(r.packageDependencies(heavy!).map((p) => `${p.name}@${p.version}`)).toEqual(['@sc/peer@5.0.0', 'dep-a@2.0.0']);
  });

  it('resolves relative imports when the tsconfig extends a file that is not there (as TypeScript does), and reports the rest', async () => {
    // As in a package that ships its src/ with a tsconfig extending the repository's shared config.
    const root = tree({
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./tsconfig.build.json" }] }',
      'tsconfig.build.json': '{ "extends": "../../config/tsconfig.web", "compilerOptions": { "paths": { "~/*": ["./*"] } } }',
      'common/index.ts': 'export const a = 1;',
      'components/card.tsx': "import { a } from '../common';\nimport { b } from './b';\nimport { c } from '~/c';\nrequire('../common');\n",
      'components/b.ts': 'export const b = 2;',
      'node_modules/classnames/package.json': '{ "name": "classnames", "version": "2.5.1", "main": "index.js" }',
      'node_modules/classnames/index.js': 'module.exports = () => "";',
    });
    const r = createResolver(root);
    const from = path.join(root, 'components/card.tsx');
    expect(r.resolve(from, '../common', 'import')).toEqual({ resolved: path.join(root, 'common/index.ts') });
    expect(r.resolve(from, 'classnames', 'import')).toEqual({ resolved: path.join(root, 'node_modules/classnames/index.js'), package: 'classnames' });
    expect(r.resolve(from, '../common', 'require')).toEqual({ resolved: path.join(root, 'common/index.ts') });
    // Its paths cannot be read: `~/c` is reported unresolved, not dropped.
    expect(r.resolve(from, '~/c', 'import').resolved).toBeNull();
    const g = await buildGraph(root, { usage: false });
    expect(g.modules.get(from)?.imports.map((i) => i.resolved && path.relative(root, i.resolved))).toEqual([path.join('common', 'index.ts'), path.join('components', 'b.ts'), null, path.join('common', 'index.ts')]);
    expect(g.unresolved.map((u) => u.specifier)).toEqual(['~/c']);
    // A tsconfig that is not JSON at all.
    const broken = tree({ 'tsconfig.json': '{ "compilerOptions": {', 'common/index.ts': 'export const a = 1;', 'main.ts': "import { a } from './common';\n" });
    expect(createResolver(broken).resolve(path.join(broken, 'main.ts'), './common', 'import')).toEqual({ resolved: path.join(broken, 'common/index.ts') });
  });

  it('recognises builtins with and without node:, including node:-only ones', () => {
    const root = tree({ 'a.js': '' });
    const r = createResolver(root);
    const from = path.join(root, 'a.js');
    for (const spec of ['fs', 'node:fs', 'fs/promises', 'node:test', 'node:sqlite']) {
      expect(r.resolve(from, spec, 'import'), spec).toEqual({ resolved: null, builtin: true });
    }
    expect(r.resolve(from, 'test', 'import').builtin).toBeUndefined();
  });

  it('falls back to declaration files for type-only imports only', () => {
    const root = tree({ 'decl.d.ts': 'export interface X { a: 1 }', 'a.ts': '' });
    const r = createResolver(root);
    const from = path.join(root, 'a.ts');
    expect(r.resolve(from, './decl', 'import', true)).toEqual({ resolved: path.join(root, 'decl.d.ts') });
    expect(r.resolve(from, './decl', 'import', false).resolved).toBeNull();
  });

  it('decides the module format by extension, then the nearest package.json type (or leaves it to syntax detection)', () => {
    const root = tree({ 'package.json': '{ "type": "module" }', 'a.js': '', 'b.cjs': '', 'legacy/package.json': '{}', 'legacy/c.js': '', 'legacy/d.mts': '' });
    const r = createResolver(root);
    expect(['a.js', 'b.cjs', 'legacy/c.js', 'legacy/d.mts'].map((f) => r.formatOf(path.join(root, f)))).toEqual(['esm', 'cjs', 'cjs', 'esm']);
    // No `type` field: Node 20.19+ detects the format from the syntax, so there is no hint.
    expect(['a.js', 'legacy/c.js', 'legacy/d.mts'].map((f) => r.formatHint(path.join(root, f)))).toEqual(['esm', undefined, 'esm']);
  });

  it('reads pnpm-workspace.yaml lists in block and flow style', () => {
    expect(parsePnpmWorkspace("packages:\n  - 'a/*'\n  - b # comment\ncatalog:\n  - nope\n")).toEqual(['a/*', 'b']);
    expect(parsePnpmWorkspace('packages: ["x/*", \'y\']\n')).toEqual(['x/*', 'y']);
  });

  it('buildGraph: without a `type` field the syntax decides the format, and with it the import/require conditions', async () => {
    const root = tree({
      'package.json': '{ "name": "typeless" }',
      'node_modules/dual/package.json': '{ "name": "dual", "version": "1.0.0", "exports": { "import": "./m.mjs", "require": "./c.cjs" } }',
      'node_modules/dual/m.mjs': '',
      'node_modules/dual/c.cjs': '',
      'esm-syntax.js': "import 'dual';\n",
      'cjs-syntax.js': "require('dual');\n",
    });
    const g = await buildGraph(root);
    const esm = g.modules.get(path.join(root, 'esm-syntax.js'))!;
    const cjs = g.modules.get(path.join(root, 'cjs-syntax.js'))!;
    expect([esm.format, esm.imports[0].resolved]).toEqual(['esm', path.join(root, 'node_modules/dual/m.mjs')]);
    expect([cjs.format, cjs.imports[0].resolved]).toEqual(['cjs', path.join(root, 'node_modules/dual/c.cjs')]);
    expect(g.parseErrors).toEqual([]);
  });

  it('buildGraph records a package pulled only through another package’s dependencies', async () => {
    const root = tree({
      'package.json': '{ "name": "root", "type": "module" }',
      'node_modules/outer/package.json': '{ "name": "outer", "version": "1.0.0", "main": "index.js", "dependencies": { "inner": "1" } }',
      'node_modules/outer/index.js': '',
      'node_modules/inner/package.json': '{ "name": "inner", "version": "9.9.9", "main": "index.js" }',
      'node_modules/inner/index.js': '',
      'main.js': "import 'outer';\n",
    });
    const g = await buildGraph(root);
    expect([...g.modules.keys()]).toEqual([path.join(root, 'main.js')]);
    expect([...g.packages.values()].map((p) => `${p.name}@${p.version}:${(p.dependencies ?? []).join(',')}`).sort()).toEqual(['inner@9.9.9:', 'outer@1.0.0:inner']);
  });

  it('buildGraph through a symbolic link to the project (or to a folder above it) keeps the link’s spelling in every resolved path', async () => {
    const base = tree({
      'repo/package.json': '{ "name": "repo", "private": true, "workspaces": ["packages/*"] }',
      'repo/packages/app/package.json': '{ "name": "app", "type": "module" }',
      'repo/packages/app/src/a.js': "import { b } from './b.js';\nimport 'lib';\nimport 'dep';\n",
      'repo/packages/app/src/b.js': 'export const b = 1;\n',
      'repo/packages/app/node_modules/dep/package.json': '{ "name": "dep", "version": "2.0.0", "main": "index.js" }',
      'repo/packages/app/node_modules/dep/index.js': '',
      'repo/packages/lib/package.json': '{ "name": "lib", "version": "1.0.0", "main": "index.js" }',
      'repo/packages/lib/index.js': '',
    });
    // `linked` -> repo (a link above the project root, like macOS's /tmp -> /private/tmp).
    link(path.join(base, 'repo'), path.join(base, 'linked'));
    const root = path.join(base, 'linked/packages/app');
    const g = await buildGraph(root);
    const a = g.modules.get(path.join(root, 'src/a.js'))!;
    expect(a.imports.map((r) => [r.specifier, r.resolved, r.package ?? null])).toEqual([
      ['./b.js', path.join(root, 'src/b.js'), null],
      ['lib', path.join(base, 'linked/packages/lib/index.js'), 'lib'],
      ['dep', path.join(root, 'node_modules/dep/index.js'), 'dep'],
    ]);
    expect(g.packages.get('lib')?.root).toBe(path.join(base, 'linked/packages/lib'));
    expect(g.unresolved).toEqual([]);
  });
});
