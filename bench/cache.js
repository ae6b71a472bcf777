#!/usr/bin/env node
/**
 * Hit and miss overhead of perf-lint/runtime's cached() against p-memoize, memoizee and
 * cache-manager, in one run. Prints ns/op (median of several rounds) and ratios to perf-lint;
 * it asserts nothing. Needs the build: `npm run build` (or tsc on src/runtime) first.
 * Also prints how long importing perf-lint/runtime takes in a fresh process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'dist/src/runtime/index.js');
if (!existsSync(entry)) {
  console.error(`bench/cache: ${path.relative(root, entry)} is missing; run "npm run build" first`);
  process.exit(2);
}
const { cached } = await import(pathToFileURL(entry).href);
const { default: pMemoize } = await import('p-memoize');
const { default: memoizee } = await import('memoizee');
const { createCache } = await import('cache-manager');

const ROUNDS = 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** ns per call of fn(i) over n calls, median of ROUNDS after a warm-up. */
function timeSync(fn, n, arg = (i) => i % 100) {
  for (let i = 0; i < n; i++) fn(arg(i));
  const out = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(arg(i));
    out.push(Number(process.hrtime.bigint() - t) / n);
  }
  return median(out);
}

async function timeAsync(fn, n, arg = (i) => i % 100) {
  for (let i = 0; i < n; i++) await fn(arg(i));
  const out = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn(arg(i));
    out.push(Number(process.hrtime.bigint() - t) / n);
  }
  return median(out);
}

/** Misses: every round uses fresh keys, so each call computes and stores. */
function missSync(make, n) {
  const out = [];
  for (let r = 0; r < ROUNDS + 1; r++) {
    const f = make();
    const base = r * n;
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f(base + i);
    if (r > 0) out.push(Number(process.hrtime.bigint() - t) / n);
  }
  return median(out);
}

async function missAsync(make, n) {
  const out = [];
  for (let r = 0; r < ROUNDS + 1; r++) {
    const f = make();
    const base = r * n;
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await f(base + i);
    if (r > 0) out.push(Number(process.hrtime.bigint() - t) / n);
  }
  return median(out);
}

const square = (x) => x * x;
const asyncSquare = async (x) => x * x;
const N = 1_000_000;
const NA = 200_000;
const NM = 50_000;

const rows = [];
const add = (group, name, ns) => rows.push({ group, name, ns });

// Baselines: the bare function, so the overhead is visible.
add('sync hit', 'no cache (baseline)', timeSync(square, N));
add('sync hit', 'perf-lint cached', timeSync(cached(square, { max: 1000 }), N));
add('sync hit', 'perf-lint cached (ttl 5m)', timeSync(cached(square, { max: 1000, ttl: '5m' }), N));
add('sync hit', 'memoizee (primitive)', timeSync(memoizee(square, { primitive: true, max: 1000 }), N));
add('sync hit', 'memoizee', timeSync(memoizee(square, { max: 1000 }), N));

add('sync miss', 'no cache (baseline)', timeSync(square, NM, (i) => i));
add('sync miss', 'perf-lint cached', missSync(() => cached(square, { max: NM * 2 }), NM));
add('sync miss', 'memoizee (primitive)', missSync(() => memoizee(square, { primitive: true, max: NM * 2 }), NM));

add('async hit', 'no cache (baseline)', await timeAsync(asyncSquare, NA));
add('async hit', 'perf-lint cached', await timeAsync(cached(asyncSquare, { max: 1000 }), NA));
add('async hit', 'p-memoize', await timeAsync(pMemoize(asyncSquare), NA));
add('async hit', 'memoizee (promise)', await timeAsync(memoizee(asyncSquare, { promise: true, primitive: true, max: 1000 }), NA));
const cm = createCache();
add('async hit', 'cache-manager wrap', await timeAsync((x) => cm.wrap(String(x), () => asyncSquare(x)), NA / 10));

add('async miss', 'no cache (baseline)', await timeAsync(asyncSquare, NM, (i) => i));
add('async miss', 'perf-lint cached', await missAsync(() => cached(asyncSquare, { max: NM * 2 }), NM));
add('async miss', 'p-memoize', await missAsync(() => pMemoize(asyncSquare), NM));
add('async miss', 'memoizee (promise)', await missAsync(() => memoizee(asyncSquare, { promise: true, primitive: true, max: NM * 2 }), NM));
add('async miss', 'cache-manager wrap', await missAsync(() => {
  const c = createCache();
  return (x) => c.wrap(String(x), () => asyncSquare(x));
}, NM / 10));

console.log(`perf-lint/runtime cache benchmark (Node ${process.version}, median of ${ROUNDS} rounds)`);
let group = '';
for (const r of rows) {
  if (r.group !== group) {
    group = r.group;
    console.log(`\n${group}`);
  }
  const ours = rows.find((x) => x.group === group && x.name === 'perf-lint cached').ns;
  const ratio = r.name.startsWith('perf-lint') || r.name.startsWith('no cache') ? '' : `  ${(r.ns / ours).toFixed(1)}x perf-lint`;
  console.log(`  ${r.name.padEnd(28)} ${r.ns.toFixed(1).padStart(9)} ns/op${ratio}`);
}

// Load time of the runtime in fresh processes, against importing an empty module the same way.
const probe = (spec) => `const t=performance.now(); await import(${JSON.stringify(spec)}); process.stdout.write(String(performance.now()-t));`;
const load = (spec) => median(Array.from({ length: 9 }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', probe(spec)], { cwd: root, encoding: 'utf8' }))));
// The baseline is a one-line file, so file resolution and the ESM loader start-up are subtracted too.
const empty = path.join(mkdtempSync(path.join(tmpdir(), 'perf-lint-bench-')), 'empty.mjs');
writeFileSync(empty, 'export default 1;\n');
const baseline = load(pathToFileURL(empty).href);
const runtime = load('perf-lint/runtime');
console.log(`\nimport('perf-lint/runtime') in a fresh process: ${runtime.toFixed(1)} ms (a one-line module: ${baseline.toFixed(1)} ms, so ${(runtime - baseline).toFixed(1)} ms of its own)`);
