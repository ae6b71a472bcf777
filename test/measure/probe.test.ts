import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { flatten } from '../../src/measure/aggregate.js';
import { measure } from '../../src/measure/index.js';
import { probeFiles } from '../../src/measure/runner.js';
import type { Measurement, TreeNode } from '../../src/measure/types.js';

const FIX = resolve(__dirname, '../../fixtures/measure');
const ids = (m: Measurement): string[] => flatten(m.tree).map((n) => n.id).sort();

function checkSums(n: TreeNode): void {
  const sum = n.selfMs + n.children.reduce((a, c) => a + c.cumulativeMs, 0);
  expect(Math.abs(n.cumulativeMs - sum)).toBeLessThan(0.01);
  n.children.forEach(checkSums);
}

function topBySelf(m: Measurement): TreeNode {
  return flatten(m.tree).sort((a, b) => b.selfMs - a.selfMs)[0];
}

describe('probe: module lists equal the truth', () => {
  it('CommonJS: every file once (JSON included, cached require not repeated), busy-wait module on top', async () => {
    const m = await measure('index.cjs', { root: join(FIX, 'cjs'), runs: 3, warmup: 0 });
    expect(ids(m)).toEqual(['data.json', 'index.cjs', 'lib/a.cjs', 'lib/b.cjs', 'lib/busy.cjs']);
    expect(m.tree.id).toBe('index.cjs');
    expect(m.tree.children.map((c) => c.id)).toContain('lib/busy.cjs');
    expect(m.tree.children.find((c) => c.id === 'lib/a.cjs')!.children.map((c) => c.id).sort()).toEqual(['data.json', 'lib/b.cjs']);
    checkSums(m.tree);
    const busy = topBySelf(m);
    expect(busy.id).toBe('lib/busy.cjs');
    expect(busy.minSelfMs).toBeGreaterThanOrEqual(40);
    expect(busy.minSelfMs).toBeLessThanOrEqual(60);
    expect(m.coverage.total).toBeGreaterThanOrEqual(0.9);
    expect(m.modules.cjs).toBe(4);
    expect(m.endReasons).toEqual(['loaded', 'loaded', 'loaded']);
  });

  it('ESM: load/parse phases are attributed, the tree follows first importers, busy-wait on top', async () => {
    const m = await measure('index.mjs', { root: join(FIX, 'esm'), runs: 3, warmup: 0 });
    expect(ids(m)).toEqual(['index.mjs', 'lib/a.mjs', 'lib/b.mjs', 'lib/busy.mjs', 'lib/c.mjs']);
    const a = m.tree.children.find((c) => c.id === 'lib/a.mjs')!;
    expect(a.children.map((c) => c.id)).toEqual(['lib/b.mjs']);
    expect(a.children[0].children.map((c) => c.id)).toEqual(['lib/c.mjs']);
    checkSums(m.tree);
    const busy = topBySelf(m);
    expect(busy.id).toBe('lib/busy.mjs');
    expect(busy.phases.eval).toBeGreaterThan(busy.phases.load);
    expect(busy.minSelfMs).toBeGreaterThanOrEqual(40);
    expect(busy.minSelfMs).toBeLessThanOrEqual(60);
    // Loading is attributed to ES modules too, not only evaluation.
    const c = flatten(m.tree).find((n) => n.id === 'lib/c.mjs')!;
    expect(c.phases.resolve + c.phases.load + c.phases.parse).toBeGreaterThan(0);
    expect(c.bytes).toBe(readFileSync(join(FIX, 'esm/lib/c.mjs')).byteLength);
    expect(m.coverage.total).toBeGreaterThanOrEqual(0.9);
    expect(m.modules.esm).toBe(5);
  });

  it('mixed: ESM importing CJS, createRequire from ESM, and a real package with name@version', async () => {
    const m = await measure('index.mjs', { root: join(FIX, 'mixed'), runs: 3, warmup: 0 });
    const pc = JSON.parse(readFileSync(resolve(__dirname, '../../node_modules/picocolors/package.json'), 'utf8')) as { version: string; main: string };
    const list = ids(m);
    const pcFile = list.find((id) => id.includes('node_modules/picocolors/'));
    expect(list.filter((id) => id !== pcFile)).toEqual(['cjs-dep.cjs', 'cjs-leaf.cjs', 'esm-dep.mjs', 'index.mjs', 'required-by-esm.cjs']);
    expect(pcFile).toMatch(/node_modules\/picocolors\/picocolors\.js$/);
    const pcNode = flatten(m.tree).find((n) => n.id === pcFile)!;
    expect(pcNode.package).toBe(`picocolors@${pc.version}`);
    expect(m.modules.packages.map((p) => `${p.name}@${p.version}`)).toEqual([`picocolors@${pc.version}`]);
    const byId = new Map(flatten(m.tree).map((n) => [n.id, n]));
    expect(byId.get('esm-dep.mjs')!.children.map((c) => c.id)).toEqual(['required-by-esm.cjs']);
    expect(byId.get('cjs-dep.cjs')!.children.map((c) => c.id)).toEqual(['cjs-leaf.cjs']);
    expect(byId.get('cjs-dep.cjs')!.format).toBe('cjs');
    checkSums(m.tree);
    expect(m.coverage.total).toBeGreaterThanOrEqual(0.9);
  });

  it('require(esm): the required ES module and its static imports are listed', async () => {
    const m = await measure('index.cjs', { root: join(FIX, 'require-esm'), runs: 3, warmup: 0 });
    expect(ids(m)).toEqual(['esm-child.mjs', 'esm.mjs', 'index.cjs', 'plain.cjs']);
    const esm = m.tree.children.find((c) => c.id === 'esm.mjs')!;
    expect(esm.format).toBe('esm');
    expect(esm.children.map((c) => c.id)).toEqual(['esm-child.mjs']);
    expect(esm.children[0].inferred).toBe(true);
    checkSums(m.tree);
  });

  it('top-level await: the awaiting module carries its wait, modules complete', async () => {
    const m = await measure('index.mjs', { root: join(FIX, 'tla'), runs: 3, warmup: 0 });
    expect(ids(m)).toEqual(['fast.mjs', 'index.mjs', 'slow.mjs']);
    const byId = new Map(flatten(m.tree).map((n) => [n.id, n]));
    expect(byId.get('slow.mjs')!.phases.eval).toBeGreaterThan(byId.get('fast.mjs')!.phases.eval);
    expect(topBySelf(m).id).toBe('slow.mjs');
    checkSums(m.tree);
    expect(m.coverage.total).toBeGreaterThanOrEqual(0.9);
  });

  it('passes arguments to the entry and records a run that exits while loading', async () => {
    const m = await measure('cli.mjs', { root: join(FIX, 'exits'), runs: 2, warmup: 0, args: ['--version'] });
    expect(m.args).toEqual(['--version']);
    expect(m.endReasons).toEqual(['exit', 'exit']);
    expect(m.exitCodes).toEqual([0, 0]);
    expect(ids(m)).toEqual(['cli.mjs', 'version.mjs']);
  });

  it('counts the collections of a program that exits while it loads, as of one that does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perf-lint-gc-exit-'));
    try {
      // Allocates enough for several young-generation collections while it loads.
      writeFileSync(join(dir, 'alloc.js'), "let keep = [];\nfor (let i = 0; i < 1e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 1e5) keep = []; }\nmodule.exports = keep.length;\n");
      writeFileSync(join(dir, 'exits.js'), "require('./alloc.js');\nprocess.exit(0);\n");
      writeFileSync(join(dir, 'stays.js'), "require('./alloc.js');\n");
      const exits = await measure('exits.js', { root: dir, runs: 2, warmup: 0 });
      const stays = await measure('stays.js', { root: dir, runs: 2, warmup: 0 });
      expect(exits.endReasons).toEqual(['exit', 'exit']);
      expect(Math.min(...stays.gc.countSamples)).toBeGreaterThan(0);
      expect(Math.min(...exits.gc.countSamples)).toBeGreaterThan(0);
      expect(exits.gc.ms).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('memory and GC figures are present and plausible', async () => {
    const m = await measure('index.mjs', { root: join(FIX, 'esm'), runs: 2, warmup: 0 });
    expect(m.rssMb.median).toBeGreaterThan(10);
    expect(m.heapUsedMb.median).toBeGreaterThan(1);
    expect(m.heapUsedMb.median).toBeLessThan(m.rssMb.median);
    expect(m.gc.countSamples).toHaveLength(2);
    expect(m.gc.ms).toBeGreaterThanOrEqual(0);
  });

  it('leaves the program output alone: stdout is byte-identical with and without the probe', () => {
    const cwd = join(FIX, 'exits');
    const plain = spawnSync(process.execPath, ['cli.mjs', '--version'], { cwd, encoding: 'utf8' });
    const probed = spawnSync(process.execPath, ['--import', probeFiles(), 'cli.mjs', '--version'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, PERF_LINT_PROBE_OUT: join(tmpdir(), `probe-stdout-${process.pid}.json`) },
    });
    expect(plain.stdout).toBe('1.2.3\n');
    expect(probed.stdout).toBe(plain.stdout);
    expect(probed.stderr).toBe(plain.stderr);
    expect(probed.status).toBe(0);
  });

  it('a CommonJS entry stays require.main under both probe flavours (--require and --import)', () => {
    const cwd = join(FIX, 'cjs-main');
    const dir = dirname(probeFiles());
    const out = join(tmpdir(), `probe-main-${process.pid}.json`);
    for (const [flag, file, mode] of [['--require', 'probe.cjs', 'plain'], ['--import', 'probe.mjs', 'plain'], ['--import', 'probe.mjs', 'tree']]) {
      const r = spawnSync(process.execPath, [flag, join(dir, file), 'cli.cjs', 'a', 'b'], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, PERF_LINT_PROBE_OUT: out, PERF_LINT_PROBE_MODE: mode },
      });
      expect(r.stdout).toBe('main a b\n');
      const raw = JSON.parse(readFileSync(out, 'utf8')) as { mode: string; reason: string; cjs: unknown[] };
      expect(raw.mode).toBe(mode);
      expect(raw.reason).toBe('loaded');
      expect(raw.cjs[0]).toBe(join(cwd, 'cli.cjs'));
    }
  });

  it('a missing entry is a one-line InputError', async () => {
    await expect(measure('nope.js', { root: FIX })).rejects.toMatchObject({ name: 'InputError', exitCode: 2 });
  });
});

describe('probe: scenarios and long-running programs', () => {
  it('runs a scenario after the entry loads and times it apart from the import', async () => {
    const m = await measure('app.mjs', { root: join(FIX, 'scenario'), scenario: 'scenario.mjs', runs: 2, warmup: 0 });
    expect(m.scenario).toBe('scenario.mjs');
    expect(m.scenarioMs!.samples).toHaveLength(2);
    expect(m.scenarioMs!.median).toBeGreaterThan(0);
    expect(m.warnings.filter((w) => w.includes('scenario failed'))).toEqual([]);
    // The import tree is the entry's; the scenario's lazy import is not part of it.
    expect(ids(m)).toEqual(['app.mjs']);
  });

  it("warns that a child process the entry forks is not in the figures (typedoc's bin forks its CLI)", async () => {
    const root = mkdtempSync(join(tmpdir(), 'perf-lint-fork-'));
    try {
      writeFileSync(join(root, 'bin.cjs'), "const { fork } = require('child_process');\nfork(__dirname + '/cli.cjs').on('exit', (c) => process.exit(c));\n");
      writeFileSync(join(root, 'cli.cjs'), "require('./heavy.cjs');\n");
      writeFileSync(join(root, 'heavy.cjs'), 'module.exports = 1;\n');
      const m = await measure('bin.cjs', { root, runs: 1, treeRuns: 1, warmup: 0 });
      // The tree is the bin's alone: the forked program runs in another process.
      expect(ids(m)).toEqual(['bin.cjs']);
      expect(m.warnings).toContain("bin.cjs starts cli.cjs in another process or thread (fork, spawn or Worker): that program's startup is not in these figures; measure cli.cjs itself");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a scenario that throws is reported, not swallowed', async () => {
    const m = await measure('app.mjs', { root: join(FIX, 'scenario'), scenario: 'failing.mjs', runs: 1, warmup: 0 });
    expect(m.warnings.find((w) => w.includes('scenario failed'))).toMatch(/scenario failed in 1 run\(s\): Error: scenario broke on purpose/);
  });

  it('killAfterLoad stops a server once the probe has reported', async () => {
    const m = await measure('server.mjs', { root: join(FIX, 'server'), runs: 2, warmup: 0, killAfterLoad: true, timeoutMs: 20_000 });
    expect(ids(m)).toEqual(['routes.mjs', 'server.mjs']);
    expect(m.endReasons).toEqual(['loaded', 'loaded']);
    expect(m.exitCodes).toEqual([null, null]);
  });

  it('the tree distributes the measured import time: root = importMs median', async () => {
    const m = await measure('index.mjs', { root: join(FIX, 'esm'), runs: 3, warmup: 0 });
    expect(Math.abs(m.tree.cumulativeMs - m.importMs.median)).toBeLessThan(0.01 * m.importMs.median + 0.01);
    expect(m.coverage.total).toBeGreaterThanOrEqual(0.9);
    expect(m.coverage.measured).toBeGreaterThan(0);
    expect(m.coverage.measured).toBeLessThanOrEqual(m.coverage.total);
  });
});
