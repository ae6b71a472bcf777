#!/usr/bin/env node
// Probe overhead and tree coverage: each entry runs without the probe, with the hook-free probe
// ('plain', which gives importMs/memory) and with the hooked probe ('tree'), interleaved, in
// fresh processes. Prints medians and ratios; asserts nothing (timings belong in benchmarks).
// Usage: npm run build && node bench/measure.js [runs]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.env.PERF_LINT_DIST ?? join(here, '..', 'dist'));
const { runOnce } = await import(pathToFileURL(join(dist, 'src/measure/runner.js')).href);
const { measure } = await import(pathToFileURL(join(dist, 'src/measure/index.js')).href);

const runs = Number(process.argv[2] ?? 15);
const root = resolve(here, '..');
const tmp = mkdtempSync(join(tmpdir(), 'perf-lint-bench-'));
const driver = (name, source) => {
  const file = join(tmp, name);
  writeFileSync(file, source);
  return file;
};
const nm = (p) => JSON.stringify(pathToFileURL(join(root, 'node_modules', p)).href);
const entries = [
  { label: 'fixture esm (5 modules, 50 ms busy)', file: join(root, 'fixtures/measure/esm/index.mjs') },
  { label: 'fixture cjs (5 modules, 50 ms busy)', file: join(root, 'fixtures/measure/cjs/index.cjs') },
  { label: 'import date-fns (ESM, ~300 modules)', file: driver('date-fns.mjs', `import ${nm('date-fns/index.js')};\n`) },
  { label: 'require moment + lodash (CJS)', file: driver('cjs-heavy.cjs', "require('moment'); require('lodash');\n") },
  { label: 'import rxjs (ESM)', file: driver('rxjs.mjs', "import 'rxjs';\n") },
];
// Drivers in tmp must resolve perf-lint's node_modules.
const { symlinkSync } = await import('node:fs');
symlinkSync(join(root, 'node_modules'), join(tmp, 'node_modules'));

const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const wall = async (file, mode) => {
  const t = performance.now();
  await runOnce(file, { cwd: dirname(file), args: [], nodeArgs: [], env: {}, scenario: null, timeoutMs: 60_000, killAfterLoad: false, mode: mode ?? 'plain', noProbe: mode === undefined });
  return performance.now() - t;
};

const empty = driver('empty.mjs', 'export {};\n');
let emptyWall = null;
console.log(`perf-lint measure: probe overhead and tree coverage (${runs} interleaved runs each, node ${process.version}, ${(await import('node:os')).cpus().length} cores)`);
console.log('process wall time, median ms: none | plain probe | tree probe; importMs (plain probe); tree sum; coverage\n');
for (const e of [{ label: 'empty module (node startup)', file: empty }, ...entries]) {
  const t = { none: [], plain: [], tree: [] };
  await wall(e.file); // warm the file cache
  for (let i = 0; i < runs; i++) {
    t.none.push(await wall(e.file));
    t.plain.push(await wall(e.file, 'plain'));
    t.tree.push(await wall(e.file, 'tree'));
  }
  const n = med(t.none);
  const p = med(t.plain);
  const tr = med(t.tree);
  const m = await measure(e.file, { root: dirname(e.file), runs: Math.min(runs, 7), warmup: 1 });
  if (emptyWall === null) emptyWall = n;
  console.log(e.label);
  console.log(`  wall: ${n.toFixed(1)} | ${p.toFixed(1)} (+${(p - n).toFixed(1)} ms, ${(((p - n) / n) * 100).toFixed(0)}%) | ${tr.toFixed(1)} (+${(tr - n).toFixed(1)} ms, ${(((tr - n) / n) * 100).toFixed(0)}%)`);
  console.log(`  independent estimate of import time without any probe: wall − empty-module wall = ${(n - emptyWall).toFixed(1)} ms`);
  console.log(`  importMs median ${m.importMs.median.toFixed(1)} (hooked runs ${m.treeImportMs.median.toFixed(1)}, loader scale ×${m.treeScale.toFixed(2)}); tree sum ${m.tree.cumulativeMs.toFixed(1)}; modules ${m.modules.count}; coverage ${(m.coverage.total * 100).toFixed(0)}% (timed directly ${(m.coverage.measured * 100).toFixed(0)}%)`);
}
rmSync(tmp, { recursive: true, force: true });
