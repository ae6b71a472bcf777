/**
 * From an ES module, a lazy require() of an ES module is require(esm), which Node runs unflagged
 * only from 20.19 (and 22.12). A program whose package.json `engines.node` admits older versions
 * keeps its imports of ES modules, or gets await import() where every use is async. Checked by
 * running the program before and after `perf-lint analyze --fix` with
 * `--no-experimental-require-module`, which gives this Node the ERR_REQUIRE_ESM of older ones.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeSupportResolver } from '../../src/config/engines.js';
import { REPO, removeDir, tempProject } from './helpers.js';

describe('nodeSupportResolver', () => {
  it("reads the nearest package.json's engines.node, up to the root", () => {
    const dir = tempProject(
      {
        'package.json': '{ "name": "mono", "engines": { "node": ">=18" } }',
        'a.js': '',
        'packages/new/package.json': '{ "name": "new", "engines": { "node": "^20.19 || >=22.12" } }',
        'packages/new/src/b.js': '',
        'packages/plain/package.json': '{ "name": "plain" }',
        'packages/plain/c.js': '',
        'packages/odd/package.json': '{ "name": "odd", "engines": { "node": ">=20.19" } }',
        'packages/odd/d.js': '',
        'packages/bad/package.json': '{ "name": "bad", "engines": { "node": "latest" } }',
        'packages/bad/e.js': '',
        'free/package.json': '{ "name": "free" }',
      },
      { packages: false },
    );
    const free = tempProject({ 'package.json': '{ "name": "x" }', 'f.js': '' }, { packages: false });
    try {
      const of = nodeSupportResolver(dir);
      expect(of(join(dir, 'a.js'))).toEqual({
        ok: false,
        file: 'package.json',
        range: '>=18',
        reason: "package.json declares engines.node '>=18', which admits Node versions where require() of an ES module fails (before 20.19, and 21.0 to 22.11)",
      });
      expect(of(join(dir, 'packages/new/src/b.js'))).toEqual({ ok: true, file: 'packages/new/package.json', range: '^20.19 || >=22.12' });
      // No engines field: the workspace package takes its root's.
      expect(of(join(dir, 'packages/plain/c.js')).ok).toBe(false);
      // >=20.19 admits Node 21 and 22.0 to 22.11, where require(esm) needs a flag.
      expect(of(join(dir, 'packages/odd/d.js')).ok).toBe(false);
      expect(of(join(dir, 'packages/bad/e.js'))).toMatchObject({ ok: false, reason: "packages/bad/package.json declares engines.node 'latest', which is not a semver range" });
      // No engines anywhere: the Node that runs perf-lint (20.19 or later).
      expect(nodeSupportResolver(free)(join(free, 'f.js'))).toEqual({ ok: true });
    } finally {
      removeDir(dir);
      removeDir(free);
    }
  });
});

describe('lazy fixes of ES modules under engines.node', () => {
  const files = (engines: string): Record<string, string> => ({
    'package.json': JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', main: 'src/main.js', engines: { node: engines } }),
    // The calls sit in a branch, as a CLI's command handlers do: a call made on every start would keep the packages at startup anyway.
    'src/main.js': "import { fmt } from './fmt.js';\nimport { later } from './later.js';\nif (process.argv[2] !== '--quiet') console.log(fmt('a'), await later('b'));\n",
    'src/fmt.js': "import { parse } from 'esm-heavy';\nexport function fmt(s) {\n  return parse(s);\n}\n",
    'src/later.js': "import { parse } from 'esm-heavy-2';\nexport async function later(s) {\n  return parse(s);\n}\n",
    // ESM-only packages whose `default` export condition is what require() would load: require(esm).
    'node_modules/esm-heavy/package.json': '{ "name": "esm-heavy", "version": "1.0.0", "type": "module", "exports": { ".": { "default": "./index.js" } } }',
    'node_modules/esm-heavy/index.js': "export const parse = (s) => `heavy:${s}`;\n",
    'node_modules/esm-heavy-2/package.json': '{ "name": "esm-heavy-2", "version": "1.0.0", "type": "module", "exports": "./index.js" }',
    'node_modules/esm-heavy-2/index.js': "export const parse = (s) => `heavy2:${s}`;\n",
    'perf-lint.config.json': JSON.stringify({ heavy: ['esm-heavy', 'esm-heavy-2'] }),
  });
  const run = (dir: string, args: string[]): { code: number | null; out: string; err: string } => {
    const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const fix = (dir: string) => run(dir, [join(REPO, 'bin', 'perf-lint.js'), 'analyze', '--fix', '--no-measure-cost', '--rule', 'prefer-lazy-import', 'prefer-dynamic-import']);
  // What Node before 20.19 does with require() of an ES module.
  const program = (dir: string) => run(dir, ['--no-experimental-require-module', 'src/main.js']);

  it('admitting Node 18: the synchronous use keeps its import, the async one gets await import(), and the program still runs there', () => {
    const dir = tempProject(files('>=18.18'), { packages: false });
    try {
      const before = program(dir);
      expect(before).toMatchObject({ code: 0, out: 'heavy:a heavy2:b\n' });
      const fmt = readFileSync(join(dir, 'src/fmt.js'), 'utf8');
      expect(fix(dir).err).toContain('fixed 1 file, 0 unchanged, 0 skipped, 0 errors');
      expect(readFileSync(join(dir, 'src/fmt.js'), 'utf8')).toBe(fmt);
      const later = readFileSync(join(dir, 'src/later.js'), 'utf8');
      expect(later).toContain("import('esm-heavy-2')");
      expect(later).not.toContain('require');
      expect(program(dir)).toEqual(before);
    } finally {
      removeDir(dir);
    }
  });

  it('only Node versions with require(esm): the synchronous use gets createRequire', () => {
    const dir = tempProject(files('^20.19 || >=22.12'), { packages: false });
    try {
      const before = run(dir, ['src/main.js']);
      expect(before).toMatchObject({ code: 0, out: 'heavy:a heavy2:b\n' });
      expect(fix(dir).err).toContain('fixed 2 files, 0 unchanged, 0 skipped, 0 errors');
      expect(readFileSync(join(dir, 'src/fmt.js'), 'utf8')).toContain("require('esm-heavy')");
      expect(run(dir, ['src/main.js'])).toEqual(before);
    } finally {
      removeDir(dir);
    }
  });
});

describe('a package require() cannot resolve', () => {
  it('an exports map with only an import target: no require(), await import() where every use is async', async () => {
    const { applyFixes } = await import('../../src/fix/index.js');
    const sync = "import { run } from 'import-only';\nexport function f() {\n  return run();\n}\n";
    const dir = tempProject(
      {
        'package.json': '{ "name": "app", "type": "module" }',
        'src/a.js': sync,
        'src/b.js': "import { run } from 'import-only';\nexport async function g() {\n  return run();\n}\n",
        'node_modules/import-only/package.json': '{ "name": "import-only", "version": "1.0.0", "type": "module", "exports": { ".": { "import": "./index.js" } } }',
        'node_modules/import-only/index.js': 'export const run = () => 1;\n',
      },
      { packages: false },
    );
    try {
      const plans = (['a', 'b'] as const).map((n) => ({ kind: 'lazy' as const, file: join(dir, `src/${n}.js`), specifier: 'import-only', importIndexes: [0], shape: 'require' as const }));
      const r = await applyFixes(plans, { root: dir, dryRun: false });
      expect(r.errors).toEqual([]);
      expect(r.skipped).toEqual([{ file: 'src/a.js', reason: "require() cannot resolve 'import-only', which import finds (its exports map has no target for require)" }]);
      expect(r.fixed).toEqual(['src/b.js']);
      expect(readFileSync(join(dir, 'src/a.js'), 'utf8')).toBe(sync);
      expect(readFileSync(join(dir, 'src/b.js'), 'utf8')).toContain("import('import-only')");
      // The fixed module still works.
      const out = spawnSync(process.execPath, ['--input-type=module', '-e', "import { g } from './src/b.js'; console.log(await g());"], { cwd: dir, encoding: 'utf8' });
      expect(out.stdout).toBe('1\n');
    } finally {
      removeDir(dir);
    }
  });
});

describe('programs that still run on Node before 15', () => {
  it("memoise the loader with || where engines.node admits Node 14, which cannot parse ??=", async () => {
    const { applyFixes } = await import('../../src/fix/index.js');
    const { parse } = await import('acorn');
    const project = (engines: string) =>
      tempProject(
        {
          'package.json': JSON.stringify({ name: 'app', version: '1.0.0', engines: { node: engines } }),
          'lib/a.js': "'use strict';\nconst heavy = require('heavy');\nfunction f(s) {\n  return heavy.parse(s);\n}\nmodule.exports = { f };\n",
          'node_modules/heavy/package.json': '{ "name": "heavy", "version": "1.0.0", "main": "index.js" }',
          'node_modules/heavy/index.js': 'exports.parse = (s) => `parsed:${s}`;\n',
        },
        { packages: false },
      );
    const old = project('>=14.0.0');
    const current = project('>=16');
    try {
      for (const dir of [old, current]) {
        const r = await applyFixes([{ kind: 'lazy', file: join(dir, 'lib/a.js'), specifier: 'heavy', importIndexes: [0], shape: 'require' }], { root: dir, dryRun: false });
        expect(r.fixed).toEqual(['lib/a.js']);
        const out = spawnSync(process.execPath, ['-e', "console.log(require('./lib/a.js').f('x'))"], { cwd: dir, encoding: 'utf8' });
        expect(out.stdout).toBe('parsed:x\n');
      }
      const oldText = readFileSync(join(old, 'lib/a.js'), 'utf8');
      expect(oldText).toContain("const $heavy = () => (_heavy || (_heavy = require('heavy')));");
      // What Node 14 parses: ES2020, without logical assignment (ES2021).
      expect(() => parse(oldText, { ecmaVersion: 2020, sourceType: 'script' })).not.toThrow();
      const currentText = readFileSync(join(current, 'lib/a.js'), 'utf8');
      expect(currentText).toContain("(_heavy ??= require('heavy'))");
      expect(() => parse(currentText, { ecmaVersion: 2020, sourceType: 'script' })).toThrow();
    } finally {
      removeDir(old);
      removeDir(current);
    }
  });
});

