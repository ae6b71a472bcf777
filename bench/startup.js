#!/usr/bin/env node
// Startup of `perf-lint --help` against `node -e 0` and the tools users would pick instead.
// Runs each command alternately in fresh processes and prints the median, p90 and ratio to node.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 20);
const nm = (p) => path.join(repo, 'node_modules', p);
const commands = [
  ['node -e 0', ['-e', '0']],
  ['perf-lint --help', [path.join(repo, 'bin', 'perf-lint.js'), '--help']],
  ['perf-lint --version', [path.join(repo, 'bin', 'perf-lint.js'), '--version']],
  ['madge --help', [nm('madge/bin/cli.js'), '--help']],
  ['depcruise --help', [nm('dependency-cruiser/bin/dependency-cruise.mjs'), '--help']],
].filter(([, args]) => args[0] === '-e' || existsSync(args[0]));

const times = new Map(commands.map(([name]) => [name, []]));
for (let i = 0; i < runs + 2; i++) {
  for (const [name, args] of commands) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}`);
    if (i >= 2) times.get(name).push(ms); // two warm-up rounds (file cache)
  }
}
const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))];
};
const base = q(times.get('node -e 0'), 0.5);
console.log(`startup, ${runs} runs each, alternating (node ${process.version})`);
console.log(`${'command'.padEnd(22)} ${'median'.padStart(9)} ${'p90'.padStart(9)} ${'vs node'.padStart(8)}`);
for (const [name] of commands) {
  const xs = times.get(name);
  console.log(`${name.padEnd(22)} ${q(xs, 0.5).toFixed(1).padStart(6)} ms ${q(xs, 0.9).toFixed(1).padStart(6)} ms ${(q(xs, 0.5) / base).toFixed(2).padStart(7)}x`);
}
