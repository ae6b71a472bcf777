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
const { probeFiles, isEsmFile } = await import(pathToFileURL(join(dist, 'src/measure/runner.js')).href);
const { spawnSync } = await import('node:child_process');
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
// One process, timed by bash: wall (real) and CPU (user + sys, all threads). CPU time is far less
// disturbed than wall time when other work shares the machine.
const probe = probeFiles();
const timed = (file, mode) => {
  const flags =
    mode === undefined ? [] : mode === 'plain' && !isEsmFile(file) ? ['--require', join(dirname(probe), 'probe.cjs')] : ['--import', pathToFileURL(probe).href];
  const out = join(tmp, 'probe-out.json');
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%3R %3U %3S"; time "$0" "$@" >/dev/null 2>/dev/null', process.execPath, ...flags, file], {
    cwd: dirname(file),
    encoding: 'utf8',
    env: { ...process.env, PERF_LINT_PROBE_OUT: out, PERF_LINT_PROBE_MODE: mode ?? 'plain' },
  });
  const [real, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall: real * 1000, cpu: (user + sys) * 1000 };
};

const empty = driver('empty.mjs', 'export {};\n');
let emptyWall = null;
let emptyCpu = null;
console.log(`perf-lint measure: probe overhead and tree coverage (${runs} interleaved runs each, node ${process.version}, ${(await import('node:os')).cpus().length} cores)`);
console.log('per process, median ms: no probe | plain probe (figures) | tree probe (hooks); then measure() figures\n');
for (const e of [{ label: 'empty module (node startup)', file: empty }, ...entries]) {
  const t = { none: [], plain: [], tree: [] };
  timed(e.file); // warm the file cache
  for (let i = 0; i < runs; i++) {
    t.none.push(timed(e.file));
    t.plain.push(timed(e.file, 'plain'));
    t.tree.push(timed(e.file, 'tree'));
  }
  const w = (k) => med(t[k].map((x) => x.wall));
  const c = (k) => med(t[k].map((x) => x.cpu));
  const n = w('none');
  const p = w('plain');
  const tr = w('tree');
  const m = await measure(e.file, { root: dirname(e.file), runs: Math.min(runs, 7), warmup: 1 });
  if (emptyWall === null) emptyWall = n;
  const cpuNone = c('none');
  if (emptyCpu === null) emptyCpu = cpuNone;
  console.log(e.label);
  const row = (label, a, b, d) => `  ${label}: ${a.toFixed(0)} | ${b.toFixed(0)} (${b - a >= 0 ? '+' : ''}${(b - a).toFixed(0)} ms, ${(((b - a) / a) * 100).toFixed(0)}%) | ${d.toFixed(0)} (+${(d - a).toFixed(0)} ms, ${(((d - a) / a) * 100).toFixed(0)}%)`;
  console.log(row('wall', n, p, tr));
  console.log(row('cpu ', c('none'), c('plain'), c('tree')));
  console.log(`  independent estimate of import time without any probe: wall − empty-module wall = ${(n - emptyWall).toFixed(1)} ms (cpu: ${(cpuNone - emptyCpu).toFixed(1)} ms)`);
  console.log(`  importMs median ${m.importMs.median.toFixed(1)} (hooked runs ${m.treeImportMs.median.toFixed(1)}, loader scale ×${m.treeScale.toFixed(2)}); tree sum ${m.tree.cumulativeMs.toFixed(1)}; modules ${m.modules.count}; coverage ${(m.coverage.total * 100).toFixed(0)}% (timed directly ${(m.coverage.measured * 100).toFixed(0)}%)`);
}
rmSync(tmp, { recursive: true, force: true });
