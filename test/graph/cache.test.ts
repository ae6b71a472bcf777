import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGraph, buildStats } from '../../src/graph/build.js';
import { defaultCachePath, storedEntries as readEntries } from '../../src/graph/cache.js';
import { edgeLines, FIXTURES } from './helpers.js';
import { link, makeTree, removeTree, writeTree } from './tmp.js';

const dirs: string[] = [];
function copyFixture(name: string): string {
  const dir = makeTree({});
  dirs.push(dir);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}
afterAll(() => dirs.forEach(removeTree));

/** The cache file's entries by key (the file relative to the root). */
function storedEntries(root: string): NonNullable<ReturnType<typeof readEntries>> {
  const entries = readEntries(defaultCachePath(root));
  if (!entries) throw new Error(`${defaultCachePath(root)} is not a cache file`);
  return entries;
}

describe('incremental parse cache', () => {
  it('a second build of an unchanged project parses nothing and yields the same graph', async () => {
    const root = copyFixture('ts-paths');
    const first = await buildGraph(root, { cache: true });
    expect(buildStats(first)).toMatchObject({ files: 7, parsed: 7, cacheHits: 0 });
    expect(existsSync(defaultCachePath(root))).toBe(true);
    const second = await buildGraph(root, { cache: true });
    expect(buildStats(second)).toMatchObject({ files: 7, parsed: 0, cacheHits: 7 });
    expect(edgeLines(second)).toEqual(edgeLines(first));
    // Stored paths are root-relative (a moved project keeps its parse entries); the root itself is
    // written once, with the snapshot, which holds only where it was taken.
    expect(readFileSync(defaultCachePath(root), 'utf8').split(root)).toHaveLength(2);
  });

  it('an entry that does not decode (an edited or cut cache file) is parsed again, not trusted', async () => {
    const root = copyFixture('ts-paths');
    const first = await buildGraph(root, { cache: true });
    const file = defaultCachePath(root);
    // The module of src/main.ts overwritten with other integers (its imports count says 2^31 - 1).
    const main = storedEntries(root).get('src/main.ts');
    const bytes = readFileSync(file);
    bytes.fill(0x7f, (main?.byteStart ?? 0) + 12, main?.byteEnd);
    writeFileSync(file, bytes);
    const second = await buildGraph(root, { cache: true });
    expect(buildStats(second)).toMatchObject({ files: 7, parsed: 1, cacheHits: 6 });
    expect(edgeLines(second)).toEqual(edgeLines(first));
    // Written back whole.
    expect(buildStats(await buildGraph(root, { cache: true }))).toMatchObject({ parsed: 0, cacheHits: 7 });
  });

  it('an imports-only build reads entries without their binding usage, and writes them back whole', async () => {
    const root = copyFixture('ts-paths');
    await buildGraph(root, { cache: true });
    const main = path.join(root, 'src/main.ts');
    const g = await buildGraph(root, { cache: true, usage: false });
    expect(buildStats(g)).toMatchObject({ parsed: 0, cacheHits: 7 });
    expect(g.modules.get(main)).toMatchObject({ shallow: true, bindings: [] });
    // An edit makes the imports-only build write the cache: the other entries keep their usage.
    writeFileSync(path.join(root, 'src/config.ts'), `${readFileSync(path.join(root, 'src/config.ts'), 'utf8')}\n`);
    expect(buildStats(await buildGraph(root, { cache: true, usage: false }))).toMatchObject({ parsed: 1, cacheHits: 6 });
    const usage = await buildGraph(root, { cache: true });
    expect(buildStats(usage)).toMatchObject({ parsed: 1 });
    // As plain data: a cached binding decodes its references when first read (toJSON reads them).
    const bindings = (x: Awaited<ReturnType<typeof buildGraph>>): unknown => [...x.modules.values()].map((m) => [m.file, JSON.parse(JSON.stringify(m.bindings)) as unknown]);
    expect(usage.modules.get(main)?.bindings.length).toBeGreaterThan(0);
    expect(bindings(usage)).toEqual(bindings(await buildGraph(root)));
    // A touched file (same content, new mtime), recorded again by an imports-only build, keeps its usage.
    const later = new Date(Date.now() + 60_000);
    utimesSync(main, later, later);
    expect(buildStats(await buildGraph(root, { cache: true, usage: false }))).toMatchObject({ parsed: 0, cacheHits: 7 });
    expect(buildStats(await buildGraph(root, { cache: true }))).toMatchObject({ parsed: 0, cacheHits: 7 });
  });

  it('re-parses exactly the changed file, and drops deleted files from the cache', async () => {
    const root = copyFixture('ts-paths');
    await buildGraph(root, { cache: true });
    writeFileSync(path.join(root, 'src/helper.ts'), "import { sum } from '@utils';\nexport function helper(): string {\n  return String(sum(1, 1));\n}\n");
    rmSync(path.join(root, 'src/config.ts'));
    const g = await buildGraph(root, { cache: true });
    expect(buildStats(g)).toMatchObject({ files: 6, parsed: 1, cacheHits: 5 });
    expect(edgeLines(g)).toContain('src/helper.ts:1 -> src/utils/index.ts (static)');
    expect(edgeLines(g)).toContain('src/main.ts:5 -> unresolved:./config (static)');
    const entries = [...storedEntries(root).keys()];
    expect(entries).not.toContain('src/config.ts');
    expect(entries).toHaveLength(6);
  });

  it('a touched but unchanged file is recognised by its content hash, and its new mtime recorded', async () => {
    const root = copyFixture('ts-paths');
    await buildGraph(root, { cache: true });
    const file = path.join(root, 'src/helper.ts');
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    expect(buildStats(await buildGraph(root, { cache: true }))).toMatchObject({ parsed: 0, cacheHits: 7 });
    expect(storedEntries(root).get('src/helper.ts')?.mtimeMs).toBe(statSync(file).mtimeMs);
  });

  it('reuses relative resolutions only while the set of source files is the same', async () => {
    const root = copyFixture('esm');
    backdate(root);
    await buildGraph(root, { cache: true });
    const second = await buildGraph(root, { cache: true });
    // Every import record: the helper (4, from two folders), ./setup.js, ./lib/index.js (2), and the
    // unresolved one, builtins and packages (the snapshot holds).
    const records = [...second.modules.values()].reduce((n, m) => n + m.imports.length, 0);
    expect(buildStats(second)).toMatchObject({ fromSnapshot: true, reusedResolutions: records });
    // A TypeScript source appears beside setup.js: './setup.js' now means setup.ts.
    writeFileSync(path.join(root, 'src/setup.ts'), 'export {};\n');
    const third = await buildGraph(root, { cache: true });
    expect(buildStats(third)?.reusedResolutions).toBe(0);
    expect(edgeLines(third)).toContain('src/index.js:2 -> src/setup.ts (side-effect)');
    backdate(root);
    await buildGraph(root, { cache: true });
    expect(buildStats(await buildGraph(root, { cache: true }))?.reusedResolutions).toBe(records);
  });

  it('a cache file that cannot be written is a warning, not a failed build, and leaves no temporary file', async () => {
    const root = copyFixture('cycles');
    // A folder where the cache file should be: the final rename fails (EISDIR).
    const file = path.join(root, 'cache-is-a-folder');
    mkdirSync(file);
    const warnings: string[] = [];
    const g = await buildGraph(root, { cache: file, onWarning: (m) => warnings.push(m) });
    expect(edgeLines(g)).toEqual(edgeLines(await buildGraph(root)));
    expect(warnings).toEqual([`${file}: cannot write the cache (EISDIR: illegal operation on a directory); the next run parses again`]);
    expect(readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('accepts a cache path, and survives a corrupt cache file by rebuilding it', async () => {
    const root = copyFixture('cycles');
    const file = path.join(root, 'custom', 'graph-cache.bin');
    writeFileSync(path.join(root, 'garbage.json'), '');
    await buildGraph(root, { cache: file });
    expect(buildStats(await buildGraph(root, { cache: file }))?.parsed).toBe(0);
    const whole = readFileSync(file);
    writeFileSync(file, '{ not json');
    const g = await buildGraph(root, { cache: file });
    expect(buildStats(g)?.parsed).toBe(g.modules.size);
    expect(buildStats(await buildGraph(root, { cache: file }))?.parsed).toBe(0);
    // Cut short.
    writeFileSync(file, whole.subarray(0, whole.length - 4));
    expect(buildStats(await buildGraph(root, { cache: file }))?.parsed).toBe(g.modules.size);
    expect(buildStats(await buildGraph(root, { cache: file }))?.parsed).toBe(0);
  });
});

/** Sets every folder and file under `dir` (and `dir`) to an hour ago: old enough for a snapshot to trust. */
function backdate(dir: string): void {
  const then = new Date(Date.now() - 3_600_000);
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) for (const name of readdirSync(p)) walk(path.join(p, name));
    utimesSync(p, then, then);
  };
  walk(dir);
}

/** What a graph says besides its edges: unresolved specifiers and packages (with versions and dependencies). */
function summary(g: Awaited<ReturnType<typeof buildGraph>>): unknown {
  return {
    edges: edgeLines(g),
    unresolved: g.unresolved.map((u) => `${path.relative(g.root, u.file)}:${u.line} ${u.specifier}: ${u.reason}`).sort(),
    packages: [...g.packages.values()].map((p) => `${p.name}@${p.version} ${path.relative(g.root, p.root)} ${p.workspace} [${(p.dependencies ?? []).join(',')}]`).sort(),
  };
}

describe('snapshot: the stored file list and resolutions', () => {
  /** A project (app/) with tsconfig paths from a base config outside it, packages, a folder index, a builtin and a missing package. */
  function project(): string {
    const top = makeTree({
      'shared/tsconfig.base.json': JSON.stringify({ compilerOptions: { paths: { '@lib/*': ['../app/src/lib/*'] } } }),
      'app/package.json': JSON.stringify({ name: 'app', type: 'module' }),
      'app/tsconfig.json': JSON.stringify({ extends: '../shared/tsconfig.base.json', compilerOptions: { strict: true } }),
      'app/.gitignore': 'build/\n',
      'app/src/main.ts': "import { a } from './a.js';\nimport { b } from '@lib/b';\nimport dep from 'dep';\nimport 'missing-pkg';\nimport fs from 'node:fs';\nimport { d } from './dir';\nexport const all = [a, b, dep, fs, d];\n",
      'app/src/a.ts': 'export const a = 1;\n',
      'app/src/lib/b.ts': 'export const b = 2;\n',
      'app/src/lib2/b.ts': "import { a } from '../a.js';\nexport const b = a;\n",
      'app/src/dir/index.ts': 'export const d = 4;\n',
      'app/build/out.js': 'export {};\n',
      'app/node_modules/dep/package.json': JSON.stringify({ name: 'dep', version: '1.0.0', main: 'index.js', dependencies: { sub: '1' } }),
      'app/node_modules/dep/index.js': "module.exports = require('sub');\n",
      'app/node_modules/sub/package.json': JSON.stringify({ name: 'sub', version: '2.0.0', main: 'index.js' }),
      'app/node_modules/sub/index.js': 'module.exports = 1;\n',
    });
    dirs.push(top);
    const root = path.join(top, 'app');
    backdate(top);
    return root;
  }

  /** Two cached builds (the second from the snapshot the first took), checked against a build without the cache. */
  async function cachedTwice(root: string): Promise<Awaited<ReturnType<typeof buildGraph>>> {
    const first = await buildGraph(root, { cache: true });
    expect(buildStats(first)?.fromSnapshot).toBe(false);
    const second = await buildGraph(root, { cache: true });
    expect(buildStats(second)).toMatchObject({ parsed: 0, fromSnapshot: true, listedResolutions: 0 });
    expect(summary(second)).toEqual(summary(await buildGraph(root)));
    return second;
  }

  it('a second build of an unchanged project lists no folder and reuses every resolution, with the same graph', async () => {
    const root = project();
    const g = await cachedTwice(root);
    const records = [...g.modules.values()].reduce((n, m) => n + m.imports.length, 0);
    // All but the three bare specifiers: with tsconfig paths in the project, a bare specifier may
    // come to resolve to project files anywhere, so it is resolved on every build (see keepable).
    expect(buildStats(g)?.reusedResolutions).toBe(records - 3);
    // Without paths, every one.
    writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true } }));
    writeFileSync(path.join(root, 'src/main.ts'), readFileSync(path.join(root, 'src/main.ts'), 'utf8').replace("'@lib/b'", "'./lib/b.js'"));
    backdate(path.dirname(root));
    const plain = await cachedTwice(root);
    expect(buildStats(plain)?.reusedResolutions).toBe(records);
    expect(summary(g)).toMatchObject({
      edges: expect.arrayContaining(['src/main.ts:2 -> src/lib/b.ts (static)', 'src/main.ts:6 -> src/dir/index.ts (static)', 'src/main.ts:3 -> node_modules/dep/index.js [dep] (static)']),
      unresolved: [expect.stringMatching(/^src\/main\.ts:4 missing-pkg: /)],
      packages: ['dep@1.0.0 node_modules/dep false [sub]', 'sub@2.0.0 node_modules/sub false []'],
    });
  });

  it('a file added to a folder, a package installed, or a tsconfig, package.json or .gitignore edited is seen', async () => {
    const root = project();
    await cachedTwice(root);
    const changes: [string, () => void, (g: Awaited<ReturnType<typeof buildGraph>>) => void][] = [
      ['a new source file', () => writeFileSync(path.join(root, 'src/lib/c.ts'), 'export {};\n'), (g) => expect(g.modules.has(path.join(root, 'src/lib/c.ts'))).toBe(true)],
      [
        'a package installed',
        () => writeTree(path.join(root, 'node_modules/missing-pkg'), { 'package.json': JSON.stringify({ name: 'missing-pkg', version: '3.0.0' }), 'index.js': '' }),
        (g) => expect(edgeLines(g)).toContain('src/main.ts:4 -> node_modules/missing-pkg/index.js [missing-pkg] (side-effect)'),
      ],
      [
        'the base tsconfig of the tsconfig, outside the project',
        () => writeFileSync(path.join(root, '../shared/tsconfig.base.json'), JSON.stringify({ compilerOptions: { paths: { '@lib/*': ['../app/src/lib2/*'] } } })),
        (g) => expect(edgeLines(g)).toContain('src/main.ts:2 -> src/lib2/b.ts (static)'),
      ],
      [
        "a package's version",
        () => writeFileSync(path.join(root, 'node_modules/sub/package.json'), JSON.stringify({ name: 'sub', version: '2.1.0', main: 'index.js' })),
        (g) => expect(g.packages.get('sub')?.version).toBe('2.1.0'),
      ],
      ['.gitignore', () => writeFileSync(path.join(root, '.gitignore'), 'build/\nsrc/a.ts\n'), (g) => expect(g.modules.has(path.join(root, 'src/a.ts'))).toBe(false)],
    ];
    for (const [what, change, check] of changes) {
      change();
      const g = await buildGraph(root, { cache: true });
      expect(buildStats(g)?.fromSnapshot, what).toBe(false);
      check(g);
      expect(summary(g), what).toEqual(summary(await buildGraph(root)));
      // Trusted again once old enough.
      backdate(path.dirname(root));
      await cachedTwice(root);
    }
  });

  it('an edited file is parsed and its imports resolved, every other resolution reused', async () => {
    const root = project();
    await cachedTwice(root);
    // Written in place: the folder's mtime stays, the file's changes.
    writeFileSync(path.join(root, 'src/a.ts'), "import sub from 'sub';\nimport { b } from './lib/b.js';\nexport const a = [sub, b];\n");
    const g = await buildGraph(root, { cache: true });
    expect(buildStats(g)).toMatchObject({ fromSnapshot: true, parsed: 1 });
    expect(edgeLines(g)).toEqual(expect.arrayContaining(['src/a.ts:1 -> node_modules/sub/index.js [sub] (static)', 'src/a.ts:2 -> src/lib/b.ts (static)']));
    expect(summary(g)).toEqual(summary(await buildGraph(root)));
    const again = await buildGraph(root, { cache: true });
    expect(buildStats(again)).toMatchObject({ fromSnapshot: true, parsed: 0 });
    expect(summary(again)).toEqual(summary(g));
  });

  it('holds across builds that name different entry scripts (graph and analyze share the cache), each with its own scripts', async () => {
    const root = project();
    writeTree(root, { 'bin/tool': "#!/usr/bin/env node\nimport '../src/a.js';\n" });
    backdate(path.dirname(root));
    const tool = path.join(root, 'bin/tool');
    const withTool = { cache: true, scripts: [tool] };
    await buildGraph(root, withTool);
    // The cache keeps the files of the last build: a script it left out is parsed again.
    const builds: [string, { cache: true; scripts?: string[] }, boolean, number][] = [
      ['with the script', withTool, true, 0],
      ['without it', { cache: true }, false, 0],
      ['with it again', withTool, true, 1],
      ['with a script that is not there', { cache: true, scripts: [path.join(root, 'bin/gone')] }, false, 0],
    ];
    for (const [what, opts, hasTool, parsed] of builds) {
      const g = await buildGraph(root, opts);
      expect(buildStats(g), what).toMatchObject({ fromSnapshot: true, parsed });
      expect(g.modules.has(tool), what).toBe(hasTool);
      expect(summary(g), what).toEqual(summary(await buildGraph(root, { scripts: opts.scripts })));
    }
    expect(edgeLines(await buildGraph(root, withTool))).toContain('bin/tool:2 -> src/a.ts (side-effect)');
  });

  it('options that find the same files share the snapshot, and a build with them does not rewrite the cache', async () => {
    const root = project();
    await cachedTwice(root);
    const written = statSync(defaultCachePath(root)).mtimeMs;
    for (const opts of [{ paths: [root] }, { paths: ['.'] }, { include: [], exclude: [] }, { exclude: [], globRoot: path.dirname(root) }]) {
      const g = await buildGraph(root, { cache: true, ...opts });
      expect(buildStats(g), JSON.stringify(opts)).toMatchObject({ fromSnapshot: true, parsed: 0 });
      expect(statSync(defaultCachePath(root)).mtimeMs, JSON.stringify(opts)).toBe(written);
    }
  });

  it('does not trust a folder changed just before it was listed, nor a snapshot taken with other options', async () => {
    const root = project();
    // A time in the future is as close as it gets: the snapshot marks it untrusted.
    const soon = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'src'), soon, soon);
    await buildGraph(root, { cache: true });
    expect(buildStats(await buildGraph(root, { cache: true }))?.fromSnapshot).toBe(false);
    backdate(path.dirname(root));
    await cachedTwice(root);
    const filtered = await buildGraph(root, { cache: true, exclude: ['src/lib2/**'] });
    expect(buildStats(filtered)?.fromSnapshot).toBe(false);
    expect(filtered.modules.has(path.join(root, 'src/lib2/b.ts'))).toBe(false);
  });

  // Faults found by stress-testing the snapshot: each change left a cached build with another graph than an uncached one.
  const cases: [string, Record<string, string>, (top: string) => void, string[]?][] = [
    [
      'a file named like the import without an extension appears beside the source it resolved to',
      { 'app/src/main.ts': "import './util';\n", 'app/src/util.ts': '' },
      (top) => writeFileSync(path.join(top, 'app/src/util'), ''),
    ],
    [
      "package.json's type changes the format a file is parsed with, and the condition its imports resolve with",
      {
        'app/src/main.ts': "import 'dual';\nexport const x = 1;\n",
        'app/node_modules/dual/package.json': JSON.stringify({ name: 'dual', version: '1.0.0', exports: { import: './esm.js', require: './cjs.js' } }),
        'app/node_modules/dual/esm.js': '',
        'app/node_modules/dual/cjs.js': '',
      },
      (top) => writeFileSync(path.join(top, 'app/package.json'), JSON.stringify({ name: 'app', type: 'commonjs' })),
    ],
    [
      'a relative import into a gitignored folder, whose target appears',
      { 'app/src/main.ts': "import '../build/gen';\n" },
      (top) => writeFileSync(path.join(top, 'app/build/gen.js'), ''),
    ],
    [
      'a relative import out of the project, whose target appears',
      { 'app/src/main.ts': "import '../../shared/util';\n" },
      (top) => writeFileSync(path.join(top, 'shared/util.ts'), ''),
    ],
    [
      "a package subpath its exports did not allow, until its package.json is fixed",
      {
        'app/src/main.ts': "import 'pkg/extra';\n",
        'app/node_modules/pkg/package.json': JSON.stringify({ name: 'pkg', version: '1.0.0', exports: { '.': './index.js' } }),
        'app/node_modules/pkg/index.js': '',
        'app/node_modules/pkg/extra.js': '',
      },
      (top) => writeFileSync(path.join(top, 'app/node_modules/pkg/package.json'), JSON.stringify({ name: 'pkg', version: '1.0.0', exports: { '.': './index.js', './extra': './extra.js' } })),
    ],
    [
      "a reached package gains a dependency in its own node_modules",
      {
        'app/node_modules/dep/package.json': JSON.stringify({ name: 'dep', version: '1.0.0', main: 'index.js', dependencies: { sub: '1', own: '1' } }),
        'app/node_modules/dep/node_modules/.keep': '',
      },
      (top) => writeTree(path.join(top, 'app/node_modules/dep/node_modules/own'), { 'package.json': JSON.stringify({ name: 'own', version: '5.0.0' }), 'index.js': '' }),
    ],
    [
      'the base tsconfig named after a commented-out extends',
      { 'app/tsconfig.json': '{\n  // "extends": "./old.json",\n  "extends": "../shared/tsconfig.base.json"\n}\n' },
      (top) => writeFileSync(path.join(top, 'shared/tsconfig.base.json'), JSON.stringify({ compilerOptions: { paths: { '@lib/*': ['../app/src/lib2/*'] } } })),
    ],
    [
      'a tsconfig between the root and the folders given as paths',
      { 'app/src/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@lib/*': ['./lib/*'] } } }) },
      (top) => writeFileSync(path.join(top, 'app/src/tsconfig.json'), JSON.stringify({ compilerOptions: { paths: { '@lib/*': ['./lib2/*'] } } })),
      ['src/lib', 'src/lib2', 'src/main.ts'],
    ],
    // Found by a second round.
    [
      'a tsconfig paths target in a gitignored folder appearing (generated code)',
      { 'app/.gitignore': 'build/\ngen/\n', 'app/gen/other.ts': '', 'app/src/main.ts': "import '@gen/api';\n", 'app/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@gen/*': ['./gen/*'] } } }) },
      (top) => writeTree(path.join(top, 'app/gen'), { 'api.ts': 'export {};\n' }),
    ],
    [
      'a file beside a folder outside the project whose index an import resolved to',
      { 'app/src/main.ts': "import '../../shared/lib';\n", 'shared/lib/index.ts': '' },
      (top) => writeFileSync(path.join(top, 'shared/lib.ts'), ''),
    ],
    [
      'a link on the way to a folder outside the project pointed elsewhere',
      { 'app/src/main.ts': "import './linked/x';\n", 'o1/x.ts': '', 'o2/x/index.ts': '' },
      (top) => {
        rmSync(path.join(top, 'app/src/linked'));
        link(path.join(top, 'o2'), path.join(top, 'app/src/linked'));
      },
    ],
  ];
  for (const [what, files, change, paths] of cases) {
    it(`sees ${what}`, async () => {
      const root = project();
      const top = path.dirname(root);
      writeTree(top, files);
      if (files['o1/x.ts'] !== undefined) link(path.join(top, 'o1'), path.join(top, 'app/src/linked'));
      backdate(top);
      const opts = { cache: true, paths: paths?.map((p) => path.join(root, p)) };
      await buildGraph(root, opts);
      expect(buildStats(await buildGraph(root, opts))?.fromSnapshot).toBe(true);
      const before = summary(await buildGraph(root, { paths: opts.paths }));
      change(top);
      const after = summary(await buildGraph(root, { paths: opts.paths }));
      // The change matters, and the cached build sees it.
      expect(after).not.toEqual(before);
      expect(summary(await buildGraph(root, opts))).toEqual(after);
      expect(summary(await buildGraph(root, opts))).toEqual(after);
    });
  }

  it('a project copied elsewhere with its cache starts again there', async () => {
    const root = project();
    await cachedTwice(root);
    // One folder deeper, under a node_modules that has the package the project misses.
    const deeper = makeTree({ 'node_modules/missing-pkg/package.json': JSON.stringify({ name: 'missing-pkg', version: '1.0.0' }), 'node_modules/missing-pkg/index.js': '' });
    dirs.push(deeper);
    cpSync(path.dirname(root), path.join(deeper, 'x'), { recursive: true, preserveTimestamps: true });
    const copy = path.join(deeper, 'x', 'app');
    const g = await buildGraph(copy, { cache: true });
    expect(buildStats(g)?.fromSnapshot).toBe(false);
    expect(edgeLines(g)).toContain('src/main.ts:4 -> ../../node_modules/missing-pkg/index.js [missing-pkg] (side-effect)');
  });

  it('takes no snapshot when the cache file is in a listed folder (writing it would change that folder)', async () => {
    const root = project();
    const file = path.join(root, 'src', 'graph-cache.bin');
    await buildGraph(root, { cache: file });
    backdate(path.dirname(root));
    const second = await buildGraph(root, { cache: file });
    expect(buildStats(second)).toMatchObject({ parsed: 0, fromSnapshot: false });
    expect(summary(second)).toEqual(summary(await buildGraph(root)));
  });
});
