#!/usr/bin/env node
/**
 * Import-graph benchmark: perf-lint vs madge vs dependency-cruiser on the same inputs, in one run.
 * Each measurement is a fresh child process (bench/graph-run.js) so peak RSS belongs to one tool.
 * Prints, per input and tool: median time (tool load + graph build, as reported by the child; and
 * the parent's wall time of the whole process), files/s, peak RSS, local edges found, and ratios
 * to perf-lint. It asserts nothing. Needs the build (`npm run build`).
 *
 * Inputs (copied or generated into a temp dir, outside any node_modules, so every tool treats them
 * as a project):
 *   real      real sources installed from npm (devDependencies): rxjs/src (TypeScript), ajv/lib
 *             (TypeScript), moment/src (ESM), date-fns (ESM + CJS), lodash (CJS), @redis/* (CJS
 *             compiled TS), dependency-cruiser/src (ESM). About 5,000 files.
 *   realts    real TypeScript sources, fetched from the npm registry at pinned versions (`npm pack`,
 *             cached under the OS temp dir): the `src/` folders of effect, @theia/*, zod, @tiptap/core,
 *             @blueprintjs/*, @trpc/server, mobx and others. About 3,600 .ts/.tsx files: the kind of
 *             large TypeScript codebase the issue's reference figures were measured on.
 *   gen5k     a generated 5,000-file TypeScript project (the RSS goal is stated for 5,000 files)
 *   gen10k    a generated 10,000-file TypeScript project (bench/graph-gen.js)
 *
 * Usage: node bench/graph.js [--runs N] [--slow-runs N] [--inputs real,realts,gen5k,gen10k] [--tools perf-lint,madge,...]
 *                            [--work DIR]
 * --work keeps the inputs in DIR (made once, reused by later runs) instead of a temp dir removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './graph-gen.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(path.join(root, 'dist/src/graph/build.js'))) {
  console.error('bench/graph: dist/src/graph/build.js is missing; run "npm run build" first');
  process.exit(2);
}

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? def : args[i + 1];
};
const RUNS = Number(opt('runs', '5'));
// madge and dependency-cruiser take tens of seconds to minutes per run on these inputs.
const SLOW_RUNS = Number(opt('slow-runs', '1'));
const INPUTS = opt('inputs', 'real,realts,gen5k,gen10k').split(',');
const TOOLS = opt('tools', 'perf-lint,perf-lint-cached,perf-lint-usage,perf-lint-usage-cached,madge,depcruise').split(',');

const REAL = [
  ['rxjs/src', 'rxjs-src'],
  ['ajv/lib', 'ajv-lib'],
  ['moment/src', 'moment-src'],
  ['date-fns', 'date-fns'],
  ['lodash', 'lodash'],
  ['@redis', 'redis'],
  ['dependency-cruiser/src', 'dependency-cruiser-src'],
];

// Packages that ship their TypeScript sources (`src/`, .ts/.tsx), pinned so every run reads the same code.
const REAL_TS = [
  'effect@4.1.0',
  '@effect/platform@0.97.2',
  '@effect/cli@0.77.2',
  '@effect/sql-pg@4.0.5',
  '@theia/core@1.75.0',
  '@theia/plugin-ext@1.75.0',
  '@theia/filesystem@1.75.0',
  '@theia/ai-core@1.74.1',
  '@theia/debug@1.75.0',
  '@theia/monaco@1.75.0',
  '@theia/scm@1.75.0',
  '@theia/workspace@1.75.0',
  '@theia/terminal@1.75.0',
  '@theia/editor@1.75.0',
  '@theia/navigator@1.75.0',
  'zod@4.6.7',
  '@tiptap/core@3.34.0',
  '@blueprintjs/core@6.20.0',
  '@blueprintjs/table@6.2.6',
  '@blueprintjs/datetime@6.2.6',
  '@trpc/server@11.25.2',
  'mobx@7.1.3',
];

const KEEP = opt('work', '');
const work = KEEP ? path.resolve(KEEP) : mkdtempSync(path.join(os.tmpdir(), 'perf-lint-bench-graph-'));

function countSources(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) n += countSources(p);
    else if (/\.[cm]?[jt]sx?$/.test(e.name) && !/\.d\.[cm]?ts$/.test(e.name)) n += 1;
  }
  return n;
}

function prepare(input) {
  const final = path.join(work, input);
  if (KEEP && existsSync(final)) return final;
  // Made beside and renamed when complete, so an interrupted run leaves no half input to reuse.
  const dir = `${final}.part`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (input === 'real') {
    for (const [from, to] of REAL) {
      const src = path.join(root, 'node_modules', from);
      if (!existsSync(src)) {
        console.error(`bench/graph: node_modules/${from} is missing (npm install); skipped`);
        continue;
      }
      // Sources only: no nested node_modules, no declarations, no source maps.
      cpSync(src, path.join(dir, to), {
        recursive: true,
        filter: (p) => !p.includes(`${path.sep}node_modules${path.sep}`, src.length) && !/\.(d\.[cm]?ts|map)$/.test(p),
      });
    }
  } else if (input === 'realts') {
    // Tarballs are kept between runs; only a missing one is fetched.
    const store = path.join(os.tmpdir(), 'perf-lint-bench-npm');
    mkdirSync(store, { recursive: true });
    for (const spec of REAL_TS) {
      const base = spec.replace(/^@/, '').replace('/', '-').replace(/@[^@]*$/, '');
      const version = spec.slice(spec.lastIndexOf('@') + 1);
      const tgz = path.join(store, `${base}-${version}.tgz`);
      if (!existsSync(tgz)) {
        const res = spawnSync('npm', ['pack', spec, '--silent', '--pack-destination', store], { encoding: 'utf8' });
        if (res.status !== 0 || !existsSync(tgz)) {
          console.error(`bench/graph: npm pack ${spec} failed; skipped\n${(res.stderr ?? '').trim().split('\n').slice(-3).join('\n')}`);
          continue;
        }
      }
      // The package's src/ only: its TypeScript sources, without declarations or built output.
      const to = path.join(dir, `${base}-src`);
      mkdirSync(to, { recursive: true });
      const res = spawnSync('tar', ['-xzf', tgz, '-C', to, '--strip-components=2', '--wildcards', 'package/src/*', '--exclude=*.d.ts', '--exclude=*.map'], { encoding: 'utf8' });
      if (res.status !== 0) console.error(`bench/graph: cannot extract ${tgz}: ${res.stderr.trim()}`);
    }
  } else {
    const count = Number(/\d+/.exec(input)?.[0] ?? 0) * 1000;
    generateProject(dir, count);
  }
  renameSync(dir, final);
  return final;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function runOnce(tool, dir, cacheFile) {
  const t = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [path.join(root, 'bench/graph-run.js'), tool, dir, cacheFile ?? ''], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  if (res.status !== 0) throw new Error(`${tool} failed on ${dir}:\n${res.stderr.slice(-2000)}`);
  const line = res.stdout.trim().split('\n').pop();
  return { ...JSON.parse(line), wallMs };
}

function measure(tool, dir) {
  const runs = tool.startsWith('perf-lint') ? RUNS : SLOW_RUNS;
  let cacheFile;
  if (tool.endsWith('-cached')) {
    cacheFile = path.join(work, `${path.basename(dir)}-cache.json`);
    rmSync(cacheFile, { force: true });
    runOnce(tool, dir, cacheFile); // fills the cache; the measured runs are the unchanged second runs
  }
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(runOnce(tool, dir, cacheFile));
  const last = samples[samples.length - 1];
  return {
    tool,
    runs,
    ms: median(samples.map((s) => s.ms)),
    wallMs: median(samples.map((s) => s.wallMs)),
    rss: Math.max(...samples.map((s) => s.maxRssMB)),
    files: last.files,
    edges: last.localEdges,
    parsed: last.parsed,
  };
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

console.log(`bench/graph: node ${process.version}, ${os.cpus().length} cpus, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`runs: perf-lint ${RUNS}, madge/dependency-cruiser ${SLOW_RUNS}; time = tool load + build, median (wall = whole child process)`);
for (const input of INPUTS) {
  const dir = prepare(input);
  const sources = countSources(dir);
  console.log(`\n## ${input}: ${sources} source files (${dir})`);
  console.log(`${pad('tool', 24)}${lpad('time ms', 9)}${lpad('wall ms', 9)}${lpad('files/s', 9)}${lpad('RSS MB', 8)}${lpad('files', 7)}${lpad('edges', 8)}${lpad('x slower', 10)}`);
  let base = null;
  const results = new Map();
  for (const tool of TOOLS) {
    let r;
    try {
      r = measure(tool, dir);
    } catch (err) {
      console.log(`${pad(tool, 24)} failed: ${err.message.split('\n')[0]}`);
      continue;
    }
    if (tool === 'perf-lint') base = r;
    results.set(tool, r);
    const ratio = base && tool !== 'perf-lint' ? (r.ms / base.ms).toFixed(1) : '';
    const fps = Math.round((r.files / r.ms) * 1000);
    console.log(
      `${pad(tool, 24)}${lpad(r.ms, 9)}${lpad(Math.round(r.wallMs), 9)}${lpad(fps, 9)}${lpad(r.rss, 8)}${lpad(r.files, 7)}${lpad(r.edges, 8)}${lpad(ratio, 10)}${r.parsed !== undefined ? `  (parsed ${r.parsed})` : ''}`,
    );
  }
  // The issue's goals, as ratios of median times (what is missing is left out).
  const ratio = (a, b, goal, what) => {
    const x = results.get(a);
    const y = results.get(b);
    if (x && y) console.log(`  ${what}: ${(x.ms / y.ms).toFixed(1)}x (goal ${goal}x)`);
  };
  ratio('madge', 'perf-lint', 10, 'graph vs madge');
  ratio('depcruise', 'perf-lint', 20, 'graph vs dependency-cruiser');
  ratio('madge', 'perf-lint-usage', 5, 'analyze (usage) vs madge');
  ratio('perf-lint', 'perf-lint-cached', 5, 'graph, second run with --cache');
  ratio('perf-lint-usage', 'perf-lint-usage-cached', 5, 'analyze (usage), second run with --cache');
}
if (!KEEP) rmSync(work, { recursive: true, force: true });
