#!/usr/bin/env node
/**
 * One measured run of one tool on one directory, in its own process (so peak RSS is the tool's).
 * Prints one JSON line: { tool, ms, files, localEdges, maxRssMB, parsed? }.
 * Usage: node bench/graph-run.js <perf-lint|perf-lint-cached|perf-lint-usage|perf-lint-usage-cached|madge|depcruise> <dir> [cacheFile]
 * `ms` covers loading the tool and building the graph, up to the tool's result object (what a user
 * waits for, minus Node's own boot); counting the edges afterwards is not timed.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const t0 = performance.now();
const [tool, dirArg, cacheFile] = process.argv.slice(2);
const dir = path.resolve(dirArg);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXTS = ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx'];
const DTS = /\.d\.[cm]?ts$/;

/** An edge counts when both ends are source files inside the input directory. */
function isLocal(file) {
  const rel = path.relative(dir, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.split(path.sep).includes('node_modules') && /\.[cm]?[jt]sx?$/.test(file) && !DTS.test(file);
}

let files = 0;
const edges = new Set();
let extra = {};
// Set when the tool has handed back its graph: counting edges below is the bench's work, not the tool's.
let ms = 0;

if (tool.startsWith('perf-lint')) {
  // The V8 settings `perf-lint graph` and `perf-lint analyze` apply to their own process (see
  // src/cli/v8-tuning.ts; PERF_LINT_V8_TUNING=0 leaves them out).
  (await import(pathToFileURL(path.join(root, 'dist/src/cli/v8-tuning.js')).href)).tuneV8ForParsing();
  const { buildGraph, buildStats } = await import(pathToFileURL(path.join(root, 'dist/src/graph/build.js')).href);
  // perf-lint: what `perf-lint graph` does (imports only); perf-lint-usage: with binding usage (what
  // `perf-lint analyze` needs); -cached: the second run with --cache.
  const opts = { usage: tool.startsWith('perf-lint-usage'), ...(tool.endsWith('-cached') ? { cache: cacheFile } : {}) };
  const g = await buildGraph(dir, opts);
  ms = performance.now() - t0;
  files = g.modules.size;
  for (const m of g.modules.values()) for (const r of m.imports) if (r.resolved && isLocal(r.resolved)) edges.add(`${m.file}\0${r.resolved}`);
  extra = { parsed: buildStats(g).parsed, unresolved: g.unresolved.length, parseErrors: g.parseErrors.length };
} else if (tool === 'madge') {
  const { default: madge } = await import('madge');
  const tsConfig = path.join(dir, 'tsconfig.json');
  const { existsSync } = await import('node:fs');
  const res = await madge(dir, { baseDir: dir, fileExtensions: EXTS, excludeRegExp: [DTS], ...(existsSync(tsConfig) ? { tsConfig } : {}) });
  const obj = res.obj();
  ms = performance.now() - t0;
  files = Object.keys(obj).length;
  for (const [from, tos] of Object.entries(obj)) for (const to of tos) if (isLocal(path.join(dir, to))) edges.add(`${path.join(dir, from)}\0${path.join(dir, to)}`);
} else if (tool === 'depcruise') {
  const { cruise } = await import('dependency-cruiser');
  const cwd = process.cwd();
  // dependency-cruiser reports paths relative to the working directory.
  process.chdir(dir);
  // tsPreCompilationDeps: keep imports TypeScript would elide (type-only), as madge and perf-lint do.
  const result = await cruise(
    ['.'],
    { doNotFollow: { path: 'node_modules' }, exclude: { path: '\\.d\\.[cm]?ts$' }, tsPreCompilationDeps: true, outputType: 'json' },
    { extensions: EXTS.map((e) => `.${e}`) },
  );
  const out = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
  ms = performance.now() - t0;
  files = out.modules.filter((m) => !m.coreModule && !m.couldNotResolve && isLocal(path.join(dir, m.source))).length;
  for (const m of out.modules) {
    for (const d of m.dependencies) {
      if (d.resolved && !d.coreModule && !d.couldNotResolve && isLocal(path.join(dir, d.resolved))) edges.add(`${path.join(dir, m.source)}\0${path.join(dir, d.resolved)}`);
    }
  }
  process.chdir(cwd);
} else {
  console.error(`unknown tool ${tool}`);
  process.exit(2);
}

const maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ tool, ms: Math.round(ms), files, localEdges: edges.size, maxRssMB: Math.round(maxRssMB), ...extra })}\n`);
