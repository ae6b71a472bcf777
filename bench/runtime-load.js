#!/usr/bin/env node
// How long importing perf-lint/runtime takes in a fresh process, beside an empty ES module and
// lru-cache alone (what the L1 store used before src/runtime/lru.ts). Median of N alternating runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 25);
const empty = path.join(mkdtempSync(path.join(os.tmpdir(), 'perf-lint-bench-')), 'empty.mjs');
writeFileSync(empty, 'export const x = 1;\n');
const cases = [
  ['empty ES module', empty],
  ['perf-lint/runtime', path.join(repo, 'dist/src/runtime/index.js')],
  ['lru-cache (for reference)', path.join(repo, 'node_modules/lru-cache/dist/esm/index.js')],
].filter(([, f]) => existsSync(f));
const times = new Map(cases.map(([name]) => [name, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, file] of cases) {
    const r = spawnSync(process.execPath, ['-e', `const t=process.hrtime.bigint(); import(${JSON.stringify(file)}).then(()=>console.log(Number(process.hrtime.bigint()-t)/1e6))`], { encoding: 'utf8' });
    times.get(name).push(Number(r.stdout));
  }
}
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const base = med(times.get('empty ES module'));
console.log(`import time in a fresh process, median of ${runs} (node ${process.version})`);
for (const [name] of cases) {
  const m = med(times.get(name));
  console.log(`${name.padEnd(28)} ${m.toFixed(1).padStart(6)} ms   ${name === 'empty ES module' ? '' : `+${(m - base).toFixed(1)} ms over empty`}`);
}
