/**
 * The probe that runs INSIDE the measured process, kept here as plain JavaScript text.
 *
 * Why strings: the child process must load plain JS with `--import`, both when perf-lint runs
 * from dist/ and when tests run the TypeScript sources directly (Node 20 cannot load .ts). Keeping
 * the probe as source text makes both paths identical: `probeFiles()` writes it once to a
 * content-addressed folder in the OS temp dir. Node builtins only; no perf-lint code.
 *
 * What it records (raw, cheap; all analysis happens in the parent, see analyze.ts and METHOD.md):
 * - ESM: the resolve/load hooks (module.register, off-thread on Node 20) time each resolve and
 *   load and inject `enter(url)` / `exit(url)` calls around each module body, which run on the
 *   main thread, so body evaluation is timed where it happens.
 * - CommonJS: Module._load frames (resolve + load + compile + evaluate, nested by a stack),
 *   with the file name taken from Module.prototype.load.
 * - After the entry finished evaluating: process.memoryUsage() and the GC entries so far.
 * Results go to the file named by PERF_LINT_PROBE_OUT (never to stdout or stderr).
 */

/** Shared by both flavours: records CommonJS frames, ESM body marks, memory and GC. */
const PROBE_BODY = String.raw`const OUT = process.env.PERF_LINT_PROBE_OUT;
const SCENARIO = process.env.PERF_LINT_SCENARIO;
delete process.env.PERF_LINT_SCENARIO;
// 'tree': hooks on (module tree, but Node 20's off-thread hooks slow ES module loading);
// 'plain': no hooks (honest import time and memory; CommonJS frames only).
const MODE = process.env.PERF_LINT_PROBE_MODE === 'plain' ? 'plain' : 'tree';
delete process.env.PERF_LINT_PROBE_MODE;

function isEsm(url) {
  const file = fileURLToPath(url);
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs') || !file.endsWith('.js')) return false;
  let dir = dirname(file);
  for (;;) {
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type === 'module';
    } catch {}
    const up = dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
}
// Children of the measured program must not report into our file.
delete process.env.PERF_LINT_PROBE_OUT;

if (OUT) {
  const now = () => performance.timeOrigin + performance.now();
  const E = []; // ESM bodies, flat triples: kind (1 enter, 2 exit), url, time
  const C = []; // CommonJS frames, flat: file, start, loadStart, end, esm(0/1), depth
  const G = []; // GC entries, flat: start (absolute ms), duration
  const stack = [];
  let done = false;
  let flushed = false;
  let result = null;
  let T0 = 0;

  let entryUrl = null;
  const main = process.argv[1];
  if (main) {
    for (const candidate of [main, main + '.js', main + '.mjs', main + '.cjs']) {
      try {
        if (existsSync(candidate)) { entryUrl = pathToFileURL(realpathSync(candidate)).href; break; }
      } catch {}
    }
  }

  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) G.push(performance.timeOrigin + e.startTime, e.duration);
  });
  try { obs.observe({ entryTypes: ['gc'] }); } catch {}
  // The observer gets GC entries on a later turn of the event loop, which a program that calls
  // process.exit() while it loads never gives it. V8's GC profiler counts them as they happen.
  let profiler = null;
  try { profiler = new GCProfiler(); profiler.start(); } catch {}

  // The hooks' message port (tree runs only: worker_threads costs a few ms to load).
  let port1 = null;
  let receiveMessageOnPort = null;

  const finish = (reason, t1) => {
    if (done) return;
    done = true;
    const mem = process.memoryUsage();
    result = { reason, t1, rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal };
    if (reason === 'exit') return;
    if (!SCENARIO) { setImmediate(flush); return; }
    // The scenario runs after the entry loaded; it receives the entry's namespace.
    setImmediate(async () => {
      const s = now();
      try {
        const ns = entryUrl ? await import(entryUrl) : {};
        const mod = await import(SCENARIO);
        if (typeof mod.default === 'function') await mod.default(ns);
      } catch (err) {
        result.scenarioError = String(err && err.stack ? err.stack : err);
      }
      result.scenarioMs = now() - s;
      const mem = process.memoryUsage();
      result.scenarioRss = mem.rss;
      result.scenarioHeapUsed = mem.heapUsed;
      flush();
    });
  };

  const flush = () => {
    if (flushed) return;
    flushed = true;
    const H = [];
    let m;
    if (port1 !== null) while ((m = receiveMessageOnPort(port1))) H.push(m.message);
    try { for (const e of obs.takeRecords()) G.push(performance.timeOrigin + e.startTime, e.duration); } catch {}
    try { obs.disconnect(); } catch {}
    let stats = null;
    try { stats = profiler ? profiler.stop().statistics : null; } catch {}
    // On the exit path, the collections the observer never received: the profiler has no start
    // times, so they are placed where the entry stopped (they happened while it loaded).
    if (stats && result && result.reason === 'exit') {
      for (let i = G.length / 2; i < stats.length; i++) G.push(result.t1, stats[i].cost / 1000);
    }
    const data = JSON.stringify({
      v: 1, mode: MODE, pid: process.pid, node: process.version, entryUrl, t0: T0, probeStart: PROBE_START,
      ...result, esm: E, cjs: C, hooks: H, gc: G,
    });
    writeFileSync(OUT + '.tmp', data);
    renameSync(OUT + '.tmp', OUT);
  };

  globalThis.__perfLintProbe = {
    e(u) { E.push(1, u, now()); },
    x(u) {
      const t = now();
      E.push(2, u, t);
      if (u === entryUrl) finish('loaded', t);
    },
  };

  const origLoad = Module._load;
  Module._load = function perfLintLoad(request, parent, isMain) {
    const fr = { f: null, s: now(), l: 0, esm: 0 };
    // A CommonJS entry's import time is its main require frame: with --import, Node first spends
    // a few ms in the ES loader to start it, which it would not do without the probe.
    if (isMain) T0 = fr.s;
    stack.push(fr);
    try {
      return origLoad.apply(this, arguments);
    } finally {
      const e = now();
      stack.pop();
      if (fr.f !== null) C.push(fr.f, fr.s, fr.l, e, fr.esm, stack.length);
      if (isMain) finish('loaded', e);
    }
  };
  const origProtoLoad = Module.prototype.load;
  Module.prototype.load = function perfLintProtoLoad(filename) {
    const fr = stack[stack.length - 1];
    const mine = fr !== undefined && fr.f === null;
    if (mine) { fr.f = filename; fr.l = now(); }
    const r = origProtoLoad.apply(this, arguments);
    // require(esm) leaves the module namespace in module.exports.
    if (mine && this.exports != null && this.exports[Symbol.toStringTag] === 'Module') fr.esm = 1;
    return r;
  };

  process.on('exit', () => {
    if (!done) finish('exit', now());
    flush();
  });

`;

/** The `--import` module: installs the hooks (tree runs) and the CommonJS wrappers. */
export const PROBE_SOURCE = String.raw`// perf-lint probe (generated; Node builtins only)
import { register, Module } from 'node:module';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { GCProfiler } from 'node:v8';
import { writeFileSync, renameSync, realpathSync, existsSync, readFileSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

` + PROBE_BODY + String.raw`  const PROBE_START = now();
  if (MODE === 'tree') {
    const wt = await import('node:worker_threads');
    const channel = new wt.MessageChannel();
    port1 = channel.port1;
    port1.unref();
    receiveMessageOnPort = wt.receiveMessageOnPort;
    register(new URL('./hooks.mjs', import.meta.url), { data: { port: channel.port2 }, transferList: [channel.port2] });
  }
  // Everything before T0 (starting the hooks thread) is probe overhead, not the entry's import time.
  T0 = now();
  if (MODE === 'plain' && entryUrl !== null && isEsm(entryUrl)) {
    // Initialise the ES loader first (register() does so in 'tree' mode), so both modes start alike.
    await import('data:text/javascript,export{}');
    T0 = now();
    // Without hooks nothing marks the end of an ES entry's evaluation, so the probe imports it
    // itself (top-level await: Node runs the main module after this resolves, from its cache).
    try {
      await import(entryUrl);
    } finally {
      finish('loaded', now());
    }
  }
}
`;

/** The `--require` module for CommonJS entries in runs without hooks. */
export const PROBE_CJS_SOURCE = String.raw`// perf-lint probe, CommonJS flavour for --require (generated; Node builtins only)
'use strict';
const { Module } = require('node:module');
const { PerformanceObserver, performance } = require('node:perf_hooks');
const { GCProfiler } = require('node:v8');
const { writeFileSync, renameSync, realpathSync, existsSync, readFileSync } = require('node:fs');
const { pathToFileURL, fileURLToPath } = require('node:url');
const { dirname, join } = require('node:path');

` + PROBE_BODY + String.raw`  const PROBE_START = now();
  // Loaded with --require for a CommonJS entry in a run without hooks: Node then starts the main
  // module with the CommonJS loader, as it would without the probe. T0 is the main frame's start.
  T0 = now();
}
`;

/** The customization hooks module (runs on the loader thread on Node 20). */
export const HOOKS_SOURCE = String.raw`// perf-lint probe hooks (generated; Node builtins only)
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
let port = null;
const now = () => performance.timeOrigin + performance.now();

export function initialize(data) {
  port = data && data.port ? data.port : null;
}

export async function resolve(specifier, context, nextResolve) {
  const s = now();
  const r = await nextResolve(specifier, context);
  if (port) port.postMessage(['r', specifier, context.parentURL ?? null, r.url, s, now()]);
  return r;
}

export async function load(url, context, nextLoad) {
  const s = now();
  const r = await nextLoad(url, context);
  const e = now();
  let bytes = null;
  let out = r;
  if (r.format === 'module' && r.source != null) {
    bytes = typeof r.source === 'string' ? Buffer.byteLength(r.source) : r.source.byteLength;
    let src = typeof r.source === 'string' ? r.source : new TextDecoder().decode(r.source);
    const u = JSON.stringify(url);
    const enter = 'globalThis.__perfLintProbe?.e(' + u + ');';
    // Same line as the first statement so line numbers (stack traces, source maps) do not move.
    if (src.startsWith('#!')) {
      const nl = src.indexOf('\n');
      src = nl < 0 ? src + '\n' + enter : src.slice(0, nl + 1) + enter + src.slice(nl + 1);
    } else {
      src = enter + src;
    }
    src += '\n;globalThis.__perfLintProbe?.x(' + u + ');\n';
    out = { ...r, source: src };
  } else if (r.format === 'commonjs' && r.source == null && url.startsWith('file:')) {
    // Node reads a CommonJS source itself, after this hook: its size, for the analysis to share
    // the time spent lexing its exports (analyze.ts).
    try {
      bytes = statSync(fileURLToPath(url)).size;
    } catch {
      // gone, or not a file: no size
    }
  }
  if (port) port.postMessage(['l', url, r.format ?? null, bytes, s, e]);
  return out;
}
`;
