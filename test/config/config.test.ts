import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectEntries, loadConfig } from '../../src/config/load.js';
import { runnableEntry } from '../../src/config/tsconfig.js';
import { ConfigError, InputError } from '../../src/errors.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perf-lint-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const PKG = JSON.stringify({ name: 'x', version: '1.0.0' });

describe('config discovery', () => {
  const places: [string, string][] = [
    ['package.json', JSON.stringify({ name: 'x', 'perf-lint': { heavy: ['from-package-json'] } })],
    ['.perf-lintrc', JSON.stringify({ heavy: ['from-rc'] })],
    ['.perf-lintrc.json', JSON.stringify({ heavy: ['from-rc-json'] })],
    ['perf-lint.config.js', 'export default { heavy: ["from-js"] };'],
    ['perf-lint.config.mjs', 'export default { heavy: ["from-mjs"] };'],
    ['perf-lint.config.cjs', 'module.exports = { heavy: ["from-cjs"] };'],
    ['perf-lint.config.json', JSON.stringify({ heavy: ['from-json'] })],
  ];
  for (const [file, text] of places) {
    it(`finds ${file}`, async () => {
      const files: Record<string, string> = { [file]: text };
      if (file !== 'package.json') files['package.json'] = JSON.stringify({ name: 'x', type: 'module' });
      const dir = project(files);
      const cfg = await loadConfig({ cwd: dir });
      expect(cfg.configFile).toBe(path.join(dir, file));
      expect(cfg.heavy).toHaveLength(1);
      expect(cfg.heavy[0]).toMatch(/^from-/);
      expect(cfg.root).toBe(dir);
    });
  }

  it('searches up from a sub-folder to the project root', async () => {
    const dir = project({ 'package.json': PKG, 'perf-lint.config.json': '{"heavy":["a"]}', 'src/deep/x.ts': '' });
    const cfg = await loadConfig({ cwd: path.join(dir, 'src', 'deep') });
    expect(cfg.configFile).toBe(path.join(dir, 'perf-lint.config.json'));
  });

  it('searches up to the first folder with a package.json, as cosmiconfig does, and no further', async () => {
    const dir = project({ 'perf-lint.config.json': '{"heavy":["top"]}', 'lib/deep/x.ts': '', 'app/package.json': PKG, 'app/src/x.ts': '', 'pkg/package.json': JSON.stringify({ name: 'pkg', 'perf-lint': { heavy: ['pkg'] } }) });
    expect((await loadConfig({ cwd: path.join(dir, 'lib', 'deep') })).configFile).toBe(path.join(dir, 'perf-lint.config.json'));
    expect((await loadConfig({ cwd: path.join(dir, 'app', 'src') })).configFile).toBeNull();
    expect((await loadConfig({ cwd: path.join(dir, 'pkg') })).heavy).toEqual(['pkg']);
  });

  it('--config wins over discovery', async () => {
    const dir = project({ 'package.json': PKG, 'perf-lint.config.json': '{"heavy":["found"]}', 'other.json': '{"heavy":["explicit"]}' });
    const cfg = await loadConfig({ cwd: dir, configFile: 'other.json' });
    expect(cfg.heavy).toEqual(['explicit']);
  });

  it('applies defaults when there is no config', async () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'x', main: 'index.js' }), 'index.js': '' });
    const cfg = await loadConfig({ cwd: dir });
    expect(cfg).toMatchObject({ configFile: null, preset: 'recommended', budgets: { importMs: 200, rssMb: 100 }, measure: { runs: 10, maxRegression: 20, args: [] }, entries: [path.join(dir, 'index.js')] });
  });
});

describe('config validation: one line naming the file, the key path and what was expected', () => {
  const cases: [string, unknown, string][] = [
    ['unknown key', { heavvy: [] }, 'perf-lint.config.json: "heavvy": unknown key (allowed: $schema, entries, include, exclude, heavy, eager, extends, rules, budgets, cache, build, verify, measure)'],
    ['wrong type', { heavy: 'moment' }, 'perf-lint.config.json: "heavy": expected an array of strings, got "moment"'],
    ['array item', { include: ['src', 3] }, 'perf-lint.config.json: "include[1]": expected a non-empty string, got 3'],
    ['rule severity', { rules: { 'prefer-lazy-import': 'warning' } }, 'perf-lint.config.json: "rules.prefer-lazy-import": expected "off" | "warn" | "error", got "warning"'],
    ['rule tuple options', { rules: { 'no-import-cycle': ['error', 5] } }, 'perf-lint.config.json: "rules.no-import-cycle[1]": expected an options object, got 5'],
    ['budget', { budgets: { importMs: -1 } }, 'perf-lint.config.json: "budgets.importMs": expected a number > 0, got -1'],
    ['measure args', { measure: { args: '--version' } }, 'perf-lint.config.json: "measure.args": expected an array of strings, got "--version"'],
    ['unknown budget', { budgets: { cpu: 1 } }, 'perf-lint.config.json: "budgets.cpu": unknown key (allowed: importMs, rssMb, modules)'],
    ['cache target', { cache: [{ target: 'src/a.ts' }] }, 'perf-lint.config.json: "cache[0].target": expected "<file glob>#<function>" or "<file glob>#<Class>.<method>", got "src/a.ts"'],
    ['cache ttl', { cache: [{ target: 'src/a.ts#f', ttl: '5 minutes' }] }, 'perf-lint.config.json: "cache[0].ttl": expected milliseconds > 0 or a duration such as "5m", got "5 minutes"'],
    ['cache tier', { cache: [{ target: 'src/a.ts#f', tier: 'disk' }] }, 'perf-lint.config.json: "cache[0].tier": expected "memory" | "redis", got "disk"'],
    ['extends', { extends: 'all' }, 'perf-lint.config.json: "extends": expected "recommended" | "strict", got "all"'],
    ['not an object', [1, 2], 'perf-lint.config.json: expected an object, got [1,2]'],
  ];
  for (const [name, value, message] of cases) {
    it(name, async () => {
      const dir = project({ 'package.json': PKG, 'perf-lint.config.json': JSON.stringify(value) });
      const err = await loadConfig({ cwd: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toBe(message);
      expect((err as Error).message.split('\n')).toHaveLength(1);
    });
  }

  it('a config that does not parse names the file', async () => {
    const dir = project({ 'package.json': PKG, '.perf-lintrc.json': '{ "heavy": [ }' });
    const err = (await loadConfig({ cwd: dir }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/^\.perf-lintrc\.json: cannot load config: [A-Z]/);
    // The parser's words, not a line of cosmiconfig's code frame ("1 | {...").
    expect(err.message).not.toMatch(/: \d+ \|/);
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('a package.json that is not valid JSON is one line naming it, with the reason JSON.parse gives and line:column', async () => {
    const dir = project({ 'package.json': '{"name": "x", "type": "module",\n' });
    const err = (await loadConfig({ cwd: dir }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/^package\.json: cannot load config: [A-Z][^|]* at 2:1$/);
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('a JS config that throws names the file', async () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'x', type: 'module' }), 'perf-lint.config.js': 'throw new Error("boom");' });
    const err = (await loadConfig({ cwd: dir }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('perf-lint.config.js: cannot load config: boom');
  });

  it('a JS config with a syntax error names the place and the reason', async () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'x', type: 'module' }), 'perf-lint.config.mjs': 'export default {\n  heavy: [\n' });
    const err = (await loadConfig({ cwd: dir }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe('perf-lint.config.mjs: cannot load config: syntax error at 3:1: Expected `]` but found `EOF`');
  });

  it('a missing --config file', async () => {
    const dir = project({ 'package.json': PKG });
    const err = (await loadConfig({ cwd: dir, configFile: 'nope.json' }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`${path.join(dir, 'nope.json')}: config file not found`);
  });

  it('an entry that does not exist', async () => {
    const dir = project({ 'package.json': PKG, 'perf-lint.config.json': '{"entries":["src/missing.ts"]}' });
    await expect(loadConfig({ cwd: dir })).rejects.toThrow('perf-lint.config.json: "entries": "src/missing.ts" does not exist');
  });

  it('a missing project folder is an input error', async () => {
    await expect(loadConfig({ cwd: os.tmpdir(), root: 'definitely-not-here-perf-lint' })).rejects.toBeInstanceOf(InputError);
  });
});

describe('entry detection from package.json', () => {
  it('reads bin, main and exports, mapping build output back to sources', () => {
    const dir = project({
      'package.json': JSON.stringify({ bin: { tool: 'dist/cli.js' }, main: 'dist/index.js', exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './extra': './lib/extra.mjs' } }),
      'src/cli.ts': '',
      'src/index.ts': '',
      'lib/extra.mjs': '',
    });
    expect(detectEntries(dir)).toEqual([path.join(dir, 'src/cli.ts'), path.join(dir, 'src/index.ts'), path.join(dir, 'lib/extra.mjs')]);
  });

  it('adds the scripts an entry starts with fork(), spawn(process.execPath) or new Worker(), one level deep', () => {
    const dir = project({
      'package.json': JSON.stringify({ bin: { tool: 'bin/tool', other: 'bin/other.mjs' } }),
      'bin/tool': '#!/usr/bin/env node\nconst { fork } = require("child_process");\nfork(__dirname + "/../dist/cli.js", process.argv.slice(2));\n',
      'bin/other.mjs': "import { Worker } from 'node:worker_threads';\nimport { spawn } from 'node:child_process';\nnew Worker(new URL('../lib/worker.mjs', import.meta.url));\nspawn(process.execPath, ['--no-warnings', path.join(__dirname, '..', 'lib', 'child.js')]);\n",
      'tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }',
      'src/cli.ts': "import './more.js';\nfork(__dirname + '/deeper.js');\n",
      'lib/worker.mjs': '',
      'lib/child.js': '',
      'src/deeper.ts': '',
    });
    expect(detectEntries(dir)).toEqual([
      path.join(dir, 'bin/tool'),
      path.join(dir, 'bin/other.mjs'),
      path.join(dir, 'src/cli.ts'),
      path.join(dir, 'lib/worker.mjs'),
      path.join(dir, 'lib/child.js'),
    ]);
  });

  it("maps a built output to its source through the tsconfig's outDir and rootDir, built or not", () => {
    const dir = project({
      'package.json': JSON.stringify({ main: 'build/main.js', bin: { a: 'build/tools/a.mjs' }, exports: { './plain': './lib/plain.js' } }),
      'tsconfig.json': '{ "compilerOptions": { "outDir": "build", "rootDir": "app" } }',
      'app/main.ts': '',
      'app/tools/a.mts': '',
      // Built: the outputs exist (and a project keeps them out of git), yet the sources are what perf-lint reads.
      'build/main.js': '',
      'build/tools/a.mjs': '',
      // Not under outDir: a JavaScript file that exists stays as it is.
      'lib/plain.js': '',
    });
    expect(detectEntries(dir)).toEqual([path.join(dir, 'app/tools/a.mts'), path.join(dir, 'app/main.ts'), path.join(dir, 'lib/plain.js')]);
  });

  it('maps a built output to a JavaScript source under allowJs', () => {
    const dir = project({
      'package.json': JSON.stringify({ main: 'dist/index.js' }),
      'tsconfig.json': '{ "compilerOptions": { "allowJs": true, "outDir": "dist", "rootDir": "src" } }',
      'src/index.js': '',
      'dist/index.js': '',
    });
    expect(detectEntries(dir)).toEqual([path.join(dir, 'src/index.js')]);
    // Without allowJs, tsc emits no JavaScript source: the built file stays the entry.
    writeFileSync(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }');
    expect(detectEntries(dir)).toEqual([path.join(dir, 'dist/index.js')]);
  });

  it('runnableEntry: the compiled output Node runs for a source entry', () => {
    const dir = project({
      'tsconfig.json': '{ "compilerOptions": { "allowJs": true, "outDir": "dist", "rootDir": "src" } }',
      'src/a.ts': '',
      'src/b.js': '',
      'src/c.js': '',
      'dist/b.js': '',
      'dist/d.js': '',
    });
    const at = (f: string) => path.join(dir, f);
    // A TypeScript entry runs as its output, built or not yet.
    expect(runnableEntry(dir, at('src/a.ts'))).toBe(at('dist/a.js'));
    // Under allowJs, a JavaScript source runs as its output when there is one, else as it is.
    expect(runnableEntry(dir, at('src/b.js'))).toBe(at('dist/b.js'));
    expect(runnableEntry(dir, at('src/c.js'))).toBe(at('src/c.js'));
    // An output is run as it is.
    expect(runnableEntry(dir, at('dist/d.js'))).toBe(at('dist/d.js'));
    writeFileSync(at('tsconfig.json'), '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }');
    expect(runnableEntry(dir, at('src/b.js'))).toBe(at('src/b.js'));
  });

  it('falls back to conventional names', () => {
    const dir = project({ 'package.json': PKG, 'src/index.ts': '' });
    expect(detectEntries(dir)).toEqual([path.join(dir, 'src/index.ts')]);
  });
});
