import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCostModel, costKey } from '../../src/cost/index.js';
import { staticClosure } from '../../src/cost/static.js';
import { measure } from '../../src/measure/index.js';

const ROOT = resolve(__dirname, '../..');
const NM = join(ROOT, 'node_modules');
const version = (name: string): string => (JSON.parse(readFileSync(join(NM, name, 'package.json'), 'utf8')) as { version: string }).version;
const ref = (name: string, v: string | null = version(name)) => ({ name, version: v, root: join(NM, name) });

let cacheDir: string;
beforeAll(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'perf-lint-cost-'));
});
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('cost model', () => {
  it('measures each package once; a second build measures nothing new; a version change invalidates', async () => {
    const pkgs = [ref('picocolors'), ref('p-memoize')];
    const progress: string[] = [];
    const first = await buildCostModel(ROOT, pkgs, { measure: true, cacheDir, onProgress: (d, t, n) => progress.push(`${d}/${t} ${n}`) });
    expect(first.stats).toEqual({ measured: 2, cached: 0, static: 0, failed: 0 });
    expect(progress).toEqual(['1/2 picocolors', '2/2 p-memoize']);
    const pc = first.get('picocolors')!;
    expect(pc).toMatchObject({ name: 'picocolors', version: version('picocolors'), source: 'measured', modules: 1 });
    expect(pc.ms).not.toBeNull();
    // p-memoize is ESM-only: measured through import, with its own dependencies.
    const pm = first.get('p-memoize')!;
    expect(pm.source).toBe('measured');
    expect(pm.modules).toBeGreaterThan(1);
    // What it loads, by package: itself and its dependencies, their modules adding up to its own.
    const names = (pm.packages ?? []).map((p) => p.name).sort();
    expect(names).toContain('p-memoize');
    expect(names.length).toBeGreaterThan(1);
    expect((pm.packages ?? []).reduce((a, p) => a + p.modules, 0)).toBe(pm.modules);
    expect(pc.packages?.map((p) => p.name)).toEqual(['picocolors']);
    const cache = JSON.parse(readFileSync(join(cacheDir, 'cost.json'), 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(cache.entries)).toContain(costKey('picocolors', version('picocolors'), join(NM, 'picocolors/picocolors.js'), 'import'));
    // picocolors is CommonJS, imported from an ES driver: net of an ES module importing an empty
    // CommonJS file (Node's CommonJS interop set up); p-memoize is ESM: net of an empty ES module.
    expect(Object.keys(cache.entries).filter((k) => k.startsWith('<baseline')).sort()).toEqual([`<baseline:esm-cjs>|node ${process.version}`, `<baseline:esm>|node ${process.version}`]);
    expect(cache.entries[`<baseline:esm-cjs>|node ${process.version}`]).toMatchObject({ modules: 2 });
    // The measuring drivers are not left behind: the figures are in cost.json.
    expect(readdirSync(cacheDir).filter((f) => /^driver-[0-9a-f]+\./.test(f))).toEqual([]);
    // perf-lint's own package.json says "type": "module": packages are resolved with the import conditions.

    const written = statSync(join(cacheDir, 'cost.json')).mtimeMs;
    const second = await buildCostModel(ROOT, pkgs, { measure: true, cacheDir });
    // Nothing measured, nothing new to write.
    expect(statSync(join(cacheDir, 'cost.json')).mtimeMs).toBe(written);
    expect(second.stats).toEqual({ measured: 0, cached: 2, static: 0, failed: 0 });
    expect(second.get('picocolors')).toEqual(pc);

    const bumped = await buildCostModel(ROOT, [ref('picocolors', '0.0.0-other'), ref('p-memoize')], { measure: true, cacheDir });
    expect(bumped.stats).toEqual({ measured: 1, cached: 1, static: 0, failed: 0 });
    expect(bumped.get('picocolors')!.version).toBe('0.0.0-other');
  });

  it('static fallback: the eager closure of a real package matches the modules Node loads', async () => {
    const model = await buildCostModel(ROOT, [ref('date-fns')], { measure: false, cacheDir: mkdtempSync(join(tmpdir(), 'perf-lint-cost-static-')) });
    const df = model.get('date-fns')!;
    expect(df.source).toBe('static');
    expect(df.ms).toBeNull();
    expect(model.stats).toEqual({ measured: 0, cached: 0, static: 1, failed: 0 });
    // Truth: the modules Node loads when the (ESM) project imports date-fns.
    const entry = join(NM, 'date-fns', 'index.js');
    const closure = await staticClosure(entry, 'import');
    expect(closure.bytes).toBe(closure.paths.reduce((a, p) => a + statSync(p).size, 0));
    expect(df.files).toBe(closure.files);
    expect(df.bytes).toBe(closure.bytes);
    const driverDir = mkdtempSync(join(tmpdir(), 'perf-lint-truth-'));
    writeFileSync(join(driverDir, 'd.mjs'), `import ${JSON.stringify(pathToFileURL(entry).href)};\n`);
    const m = await measure('d.mjs', { root: driverDir, runs: 1, warmup: 0 });
    expect(closure.files).toBe(m.modules.count - 1);
    expect(df.files).toBeGreaterThan(100);
    expect(df.bytes).toBeGreaterThan(100_000);
    rmSync(driverDir, { recursive: true, force: true });
  });

  it('falls back to static figures when importing the package fails', async () => {
    const project = mkdtempSync(join(tmpdir(), 'perf-lint-cost-broken-'));
    const pkgDir = join(project, 'node_modules', 'broken-pkg');
    mkdirSync(pkgDir, { recursive: true });
    writeFileSync(join(project, 'package.json'), '{"name":"p","version":"1.0.0"}');
    writeFileSync(join(pkgDir, 'package.json'), '{"name":"broken-pkg","version":"1.0.0","main":"index.js"}');
    writeFileSync(join(pkgDir, 'index.js'), "require('./helper.js');\nthrow new Error('cannot load in isolation');\n");
    writeFileSync(join(pkgDir, 'helper.js'), 'module.exports = 1;\n');
    const model = await buildCostModel(project, [{ name: 'broken-pkg', version: '1.0.0', root: pkgDir }], { measure: true, runs: 1 });
    expect(model.stats).toMatchObject({ measured: 0, static: 1, failed: 1 });
    expect(model.get('broken-pkg')).toMatchObject({ source: 'static', ms: null, files: 2, modules: 2 });
    expect(model.errors.get('broken-pkg')).toMatch(/exits with code 1 \(Error: cannot load in isolation\)/);
    // The failure is cached too: a second build does not try (and spawn) again.
    const again = await buildCostModel(project, [{ name: 'broken-pkg', version: '1.0.0', root: pkgDir }], { measure: true, runs: 1 });
    expect(again.stats).toEqual({ measured: 0, cached: 1, static: 0, failed: 0 });
    expect(again.get('broken-pkg')).toEqual(model.get('broken-pkg'));
    expect(again.errors.get('broken-pkg')).toBe(model.errors.get('broken-pkg'));
    rmSync(project, { recursive: true, force: true });
  });
});

describe('resolutions kept in cost.json', () => {
  it("are used while the package's package.json is the same, and made again when it is written", async () => {
    const project = mkdtempSync(join(tmpdir(), 'perf-lint-cost-resolved-'));
    try {
      const pkgRoot = join(project, 'node_modules', 'tiny');
      mkdirSync(pkgRoot, { recursive: true });
      writeFileSync(join(project, 'package.json'), '{"name":"app","version":"1.0.0"}');
      writeFileSync(join(pkgRoot, 'package.json'), '{"name":"tiny","version":"1.0.0","main":"index.js"}');
      writeFileSync(join(pkgRoot, 'index.js'), 'module.exports = 1;\n');
      writeFileSync(join(pkgRoot, 'other.js'), "require('./a.js');\nrequire('./b.js');\n");
      writeFileSync(join(pkgRoot, 'a.js'), '');
      writeFileSync(join(pkgRoot, 'b.js'), '');
      const dir = join(project, 'node_modules', '.cache', 'perf-lint');
      const tiny = { name: 'tiny', version: '1.0.0', root: pkgRoot };
      const first = await buildCostModel(project, [tiny], { measure: false, cacheDir: dir });
      expect(first.get('tiny')).toMatchObject({ source: 'static', files: 1 });
      type Stored = { resolved: Record<string, { stamp: string; sets: Record<string, { paths: string[] }> }> };
      const read = (): Stored => JSON.parse(readFileSync(join(dir, 'cost.json'), 'utf8')) as Stored;
      const stored = read();
      expect(stored.resolved[`${project}|${pkgRoot}`].sets['require|tiny'].paths).toEqual([join(pkgRoot, 'index.js')]);
      // The stored resolution stands in for resolving: pointed at other.js, the package is priced by it.
      stored.resolved[`${project}|${pkgRoot}`].sets['require|tiny'].paths = [join(pkgRoot, 'other.js')];
      writeFileSync(join(dir, 'cost.json'), JSON.stringify(stored));
      const second = await buildCostModel(project, [tiny], { measure: false, cacheDir: dir });
      expect(second.get('tiny')).toMatchObject({ files: 3 });
      // A package.json written again (a reinstall) is resolved again: index.js, priced before.
      const later = new Date(Date.now() + 60_000);
      utimesSync(join(pkgRoot, 'package.json'), later, later);
      const third = await buildCostModel(project, [tiny], { measure: false, cacheDir: dir });
      expect(third.stats).toEqual({ measured: 0, cached: 1, static: 0, failed: 0 });
      expect(third.get('tiny')).toMatchObject({ files: 1 });
      expect(read().resolved[`${project}|${pkgRoot}`].sets['require|tiny'].paths).toEqual([join(pkgRoot, 'index.js')]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe('a package loaded by subpaths', () => {
  it('is priced by the subpaths it is loaded by, together, not by its main entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-lint-cost-sub-'));
    try {
      const main = await buildCostModel(ROOT, [ref('lodash')], { measure: true, cacheDir: dir });
      const sub = await buildCostModel(ROOT, [{ ...ref('lodash'), specifiers: ['lodash/chunk'] }], { measure: true, cacheDir: dir });
      const both = await buildCostModel(ROOT, [{ ...ref('lodash'), specifiers: ['lodash/chunk', 'lodash/slice.js', 'lodash/chunk.js'] }], { measure: true, cacheDir: dir });
      expect(main.stats.measured + sub.stats.measured + both.stats.measured).toBe(3);
      // lodash's main entry is one 540 kB file; lodash/chunk.js requires its own small modules.
      expect(main.get('lodash')).toMatchObject({ source: 'measured', modules: 1 });
      expect(main.get('lodash')!.specifiers).toBeUndefined();
      const chunk = sub.get('lodash')!;
      expect(chunk).toMatchObject({ source: 'measured', specifiers: ['lodash/chunk'] });
      // Truth: the files Node loads for require('lodash/chunk').
      const closure = await staticClosure(join(NM, 'lodash', 'chunk.js'), 'require');
      expect(chunk.modules).toBe(closure.files);
      expect(chunk.modules).toBeGreaterThan(1);
      expect(chunk.files).toBe(closure.files);
      // Two subpaths (one written twice) load together: more than either, less than their sum.
      const slice = await staticClosure(join(NM, 'lodash', 'slice.js'), 'require');
      const together = both.get('lodash')!;
      expect(together.specifiers).toEqual(['lodash/chunk', 'lodash/chunk.js', 'lodash/slice.js']);
      expect(together.modules).toBe(new Set([...closure.paths, ...slice.paths]).size);
      expect(together.modules).toBeGreaterThan(closure.files);
      expect(together.modules).toBeLessThan(closure.files + slice.files);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('which packages analyze prices', () => {
  it("the packages the project's files import, not their dependencies (each is measured with its own)", async () => {
    const { analyze } = await import('../../src/index.js');
    const project = mkdtempSync(join(tmpdir(), 'perf-lint-cost-direct-'));
    const files: Record<string, string> = {
      'package.json': '{"name":"app","version":"1.0.0","main":"index.js","dependencies":{"outer":"1.0.0"}}',
      'index.js': "const outer = require('outer');\nmodule.exports = () => outer();\n",
      'node_modules/outer/package.json': '{"name":"outer","version":"1.0.0","main":"index.js","dependencies":{"inner":"1.0.0"}}',
      'node_modules/outer/index.js': "const inner = require('inner');\nmodule.exports = () => inner + 1;\n",
      'node_modules/inner/package.json': '{"name":"inner","version":"1.0.0","main":"index.js"}',
      'node_modules/inner/index.js': 'module.exports = 41;\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(project, rel, '..'), { recursive: true });
      writeFileSync(join(project, rel), text);
    }
    try {
      const { graph, cost } = await analyze({ cwd: project, measureCost: true });
      // The graph knows both packages; only the imported one is priced (measured: it loads alone).
      expect([...graph.packages.keys()].sort()).toEqual(['inner', 'outer']);
      expect(cost.all().map((c) => c.name)).toEqual(['outer']);
      expect(cost.get('outer')).toMatchObject({ source: 'measured', modules: 2 });
      expect(cost.get('inner')).toBeUndefined();
      // A CommonJS project's packages are required by a CommonJS driver: net of an empty one.
      const cache = JSON.parse(readFileSync(join(project, 'node_modules/.cache/perf-lint/cost.json'), 'utf8')) as { entries: Record<string, unknown> };
      expect(Object.keys(cache.entries).filter((k) => k.startsWith('<baseline'))).toEqual([`<baseline:cjs>|node ${process.version}`]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('a package loaded at startup by a subpath is priced and named by it', async () => {
    const { analyze } = await import('../../src/index.js');
    const project = mkdtempSync(join(tmpdir(), 'perf-lint-cost-subpath-'));
    try {
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', main: 'index.js', 'perf-lint': { heavy: ['lodash'] } }));
      // lodash/chunk at startup; lodash itself only inside a function (loaded later).
      writeFileSync(join(project, 'index.js'), "const chunk = require('lodash/chunk');\nexports.pairs = (xs) => chunk(xs, 2);\nexports.all = () => require('lodash');\n");
      mkdirSync(join(project, 'node_modules'));
      symlinkSync(join(NM, 'lodash'), join(project, 'node_modules', 'lodash'), 'dir');
      const { cost, report } = await analyze({ cwd: project, measureCost: true, rules: ['prefer-lazy-import'] });
      const c = cost.get('lodash')!;
      expect(c).toMatchObject({ source: 'measured', specifiers: ['lodash/chunk'], modules: (await staticClosure(join(NM, 'lodash', 'chunk.js'), 'require')).files });
      expect(report.findings).toHaveLength(1);
      expect(report.findings[0].message).toMatch(new RegExp(`^'lodash/chunk' costs [0-9.]+ ms and ${c.modules} modules at startup but is used only inside pairs\\(\\); load it lazily\\.$`));
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('a subpath used at load does not keep the main entry used only in a function: that is priced without it', async () => {
    const { analyze } = await import('../../src/index.js');
    const project = mkdtempSync(join(tmpdir(), 'perf-lint-cost-kept-'));
    try {
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', main: 'index.js', 'perf-lint': { rules: { 'prefer-lazy-import': ['warn', { threshold: 0 }] } } }));
      writeFileSync(join(project, 'index.js'), "const chunk = require('lodash/chunk');\nconst _ = require('lodash');\nconsole.log(chunk([1, 2], 1).length);\nexports.later = (xs) => _.uniq(xs);\n");
      mkdirSync(join(project, 'node_modules'));
      symlinkSync(join(NM, 'lodash'), join(project, 'node_modules', 'lodash'), 'dir');
      const { cost, report } = await analyze({ cwd: project, measureCost: true, rules: ['prefer-lazy-import'] });
      // Priced together, as the program loads them: lodash.js plus chunk's own modules.
      const chunk = await staticClosure(join(NM, 'lodash', 'chunk.js'), 'require');
      expect(cost.get('lodash')).toMatchObject({ source: 'measured', specifiers: ['lodash', 'lodash/chunk'], modules: chunk.files + 1 });
      expect(report.findings).toHaveLength(1);
      const [f] = report.findings;
      expect(f).toMatchObject({ line: 2, fix: { kind: 'lazy', specifier: 'lodash', importIndexes: [1], shape: 'require' } });
      // What deferring lodash saves is what lodash/chunk alone does not load: lodash.js, one module.
      expect(f.cost).toMatchObject({ source: 'measured', modules: 1 });
      expect(f.message).toMatch(/^'lodash' costs [0-9.]+ ms and 1 module at startup but is used only inside later\(\); load it lazily\. 'lodash\/chunk' stays at startup \(index\.js:1: 'chunk' is used while the module loads \(line 3\)\): the cost is what it does not load\.$/);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
