import { fileURLToPath } from 'node:url';
import type { PhaseTimes } from './types.js';

/** What the probe writes (see probe-source.ts). Times are absolute ms (timeOrigin + now). */
export interface RawRun {
  v: 1;
  mode: 'tree' | 'plain';
  pid: number;
  node: string;
  entryUrl: string | null;
  t0: number;
  probeStart: number;
  reason: 'loaded' | 'exit';
  t1: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  scenarioMs?: number;
  scenarioError?: string;
  scenarioRss?: number;
  scenarioHeapUsed?: number;
  /** Flat triples: kind (1 enter, 2 exit), url, time. */
  esm: (number | string)[];
  /** Flat sextuples: file, start, loadStart, end, esm (0/1), depth. */
  cjs: (number | string)[];
  /** ['r', specifier, parentURL, url, start, end] | ['l', url, format, bytes, start, end] */
  hooks: (string | number | null)[][];
  /** Flat pairs: start, duration. */
  gc: number[];
}

/** One module as seen in one run. Keys are absolute paths (or URLs for non-file modules). */
export interface RunModule {
  key: string;
  format: 'esm' | 'cjs' | 'json' | 'other';
  parent: string | null;
  phases: PhaseTimes;
  self: number;
  bytes: number | null;
  /** An ES module loaded by require(): its own imports are invisible to the hooks on Node 20. */
  requiredEsm: boolean;
}

/** One run, analysed. */
export interface RunResult {
  entryKey: string;
  importMs: number;
  rssMb: number;
  heapUsedMb: number;
  gcCount: number;
  gcMs: number;
  modules: Map<string, RunModule>;
  /** Time attributed to directly measured phases (bodies, frames, hooks). */
  measuredMs: number;
  /** All attributed time (measured + inferred loader gaps). */
  attributedMs: number;
  endReason: 'loaded' | 'exit';
  scenarioMs: number | null;
  scenarioError: string | null;
}

const MB = 1024 * 1024;

function keyOf(url: string | null): string | null {
  if (url === null) return null;
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url);
    } catch {
      return null;
    }
  }
  return null;
}

interface Interval {
  key: string;
  s: number;
  e: number;
  kind: 'esm' | 'cjs';
}

interface HookEvent {
  kind: 'resolve' | 'load';
  key: string | null;
  parentKey: string | null;
  s: number;
  e: number;
}

/**
 * Turns one probe record into per-module self times by sweeping the main-thread timeline:
 * a moment belongs to the innermost running module body / require frame; when none runs, the
 * main thread is doing loader work, which goes to the hook calls in flight (resolve, load) or,
 * between hook calls, to the module whose source arrived last (parse, link). See METHOD.md.
 */
export function analyzeRun(raw: RawRun): RunResult {
  const t0 = raw.t0;
  const t1 = raw.t1;
  const intervals: Interval[] = [];
  const modules = new Map<string, RunModule>();
  const firstResolveParent = new Map<string, string | null>();
  const formats = new Map<string, RunModule['format']>();
  const bytes = new Map<string, number>();
  const requiredEsm = new Set<string>();

  const ensure = (key: string): RunModule => {
    let m = modules.get(key);
    if (!m) {
      m = {
        key,
        format: 'other',
        parent: null,
        phases: { resolve: 0, load: 0, parse: 0, eval: 0 },
        self: 0,
        bytes: null,
        requiredEsm: false,
      };
      modules.set(key, m);
    }
    return m;
  };

  // ESM bodies.
  const open = new Map<string, number>();
  for (let i = 0; i + 2 < raw.esm.length; i += 3) {
    const kind = raw.esm[i] as number;
    const key = keyOf(raw.esm[i + 1] as string);
    const t = raw.esm[i + 2] as number;
    if (key === null) continue;
    if (kind === 1) open.set(key, t);
    else {
      const s = open.get(key);
      if (s !== undefined) {
        open.delete(key);
        if (s < t1) intervals.push({ key, s: Math.max(s, t0), e: Math.min(t, t1), kind: 'esm' });
      }
    }
  }
  // A body still running at t1 (the program exited from inside it, or awaits forever).
  for (const [key, s] of open) if (s < t1) intervals.push({ key, s: Math.max(s, t0), e: t1, kind: 'esm' });
  for (const iv of intervals) formats.set(iv.key, 'esm');

  // CommonJS frames.
  for (let i = 0; i + 5 < raw.cjs.length; i += 6) {
    const file = raw.cjs[i] as string;
    const s = raw.cjs[i + 1] as number;
    const e = raw.cjs[i + 3] as number;
    const esm = raw.cjs[i + 4] === 1;
    if (s >= t1 || e <= t0) continue;
    intervals.push({ key: file, s: Math.max(s, t0), e: Math.min(e, t1), kind: 'cjs' });
    if (esm) requiredEsm.add(file);
    formats.set(file, file.endsWith('.json') ? 'json' : esm ? 'esm' : formats.get(file) ?? 'cjs');
  }

  // Hook events.
  const hooks: HookEvent[] = [];
  for (const h of raw.hooks) {
    if (h[0] === 'r') {
      const key = keyOf(h[3] as string);
      const parentKey = keyOf(h[2] as string | null);
      hooks.push({ kind: 'resolve', key, parentKey, s: h[4] as number, e: h[5] as number });
    } else if (h[0] === 'l') {
      const key = keyOf(h[1] as string);
      hooks.push({ kind: 'load', key, parentKey: null, s: h[4] as number, e: h[5] as number });
      if (key !== null) {
        const f = h[2];
        if (f === 'module') formats.set(key, 'esm');
        else if (f === 'commonjs') formats.set(key, formats.get(key) ?? 'cjs');
        else if (f === 'json') formats.set(key, 'json');
        if (typeof h[3] === 'number') bytes.set(key, h[3]);
      }
    }
  }
  hooks.sort((a, b) => a.s - b.s);
  for (const h of hooks) {
    if (h.kind === 'resolve' && h.key !== null && !firstResolveParent.has(h.key)) firstResolveParent.set(h.key, h.parentKey);
  }

  const entryKey = keyOf(raw.entryUrl) ?? intervals.map((i) => i.key)[0] ?? 'unknown';

  // The module set: everything evaluated (or, for JSON via import, loaded) inside the window.
  for (const iv of intervals) ensure(iv.key);
  for (const h of hooks) if (h.kind === 'load' && h.key !== null && h.s < t1 && formats.get(h.key) === 'json') ensure(h.key);
  ensure(entryKey);

  const ownerOr = (key: string | null, fallback: string | null): string => {
    if (key !== null && modules.has(key)) return key;
    if (fallback !== null && modules.has(fallback)) return fallback;
    return entryKey;
  };

  // The sweep.
  type Boundary = { t: number; start: boolean; iv?: Interval; hook?: HookEvent };
  const bounds: Boundary[] = [];
  for (const iv of intervals) {
    bounds.push({ t: iv.s, start: true, iv }, { t: iv.e, start: false, iv });
  }
  for (const h of hooks) {
    if (h.e <= t0 || h.s >= t1) continue;
    bounds.push({ t: Math.max(h.s, t0), start: true, hook: h }, { t: Math.min(h.e, t1), start: false, hook: h });
  }
  bounds.sort((a, b) => a.t - b.t || Number(a.start) - Number(b.start));

  const active: Interval[] = [];
  const activeHooks = new Set<HookEvent>();
  const frameParent = new Map<string, string>();
  let lastLoaded: string | null = null;
  /** CommonJS modules whose source the load hook returned and whose body has not started, with their size. */
  const pendingCjs = new Map<string, number>();
  let measured = 0;
  let attributed = 0;
  let cur = t0;

  const credit = (from: number, to: number): void => {
    const d = to - from;
    if (d <= 0) return;
    attributed += d;
    if (active.length > 0) {
      const top = active[active.length - 1];
      ensure(top.key).phases.eval += d;
      measured += d;
      return;
    }
    if (activeHooks.size > 0) {
      const share = d / activeHooks.size;
      for (const h of activeHooks) {
        const owner = ownerOr(h.key, h.parentKey);
        ensure(owner).phases[h.kind] += share;
      }
      measured += d;
      return;
    }
    // CommonJS sources imported from ES modules are loaded concurrently and lexed for their exports
    // after they arrive, in no order the hooks show: while several wait for their body, the gap is
    // split between them by size (a 100 KB module loaded after a 9 MB one took the big one's
    // lexing otherwise). Else it goes to the module whose source arrived last.
    if (lastLoaded !== null && pendingCjs.has(lastLoaded) && pendingCjs.size > 1) {
      let total = 0;
      for (const b of pendingCjs.values()) total += b;
      for (const [key, b] of pendingCjs) ensure(key).phases.parse += (d * b) / total;
      return;
    }
    ensure(ownerOr(lastLoaded, null)).phases.parse += d;
  };

  for (const b of bounds) {
    const t = Math.min(Math.max(b.t, cur), t1);
    credit(cur, t);
    cur = t;
    if (b.iv) {
      if (b.start) {
        if (b.iv.kind === 'cjs' && !frameParent.has(b.iv.key)) {
          const enclosing = active.length > 0 ? active[active.length - 1].key : null;
          if (enclosing !== null && enclosing !== b.iv.key) frameParent.set(b.iv.key, enclosing);
        }
        active.push(b.iv);
        pendingCjs.delete(b.iv.key);
      } else {
        const i = active.lastIndexOf(b.iv);
        if (i >= 0) active.splice(i, 1);
      }
    } else if (b.hook) {
      if (b.start) activeHooks.add(b.hook);
      else {
        activeHooks.delete(b.hook);
        if (b.hook.kind === 'load' && b.hook.key !== null && modules.has(b.hook.key)) {
          lastLoaded = b.hook.key;
          if (formats.get(b.hook.key) === 'cjs') pendingCjs.set(b.hook.key, Math.max(1, bytes.get(b.hook.key) ?? 1));
        }
      }
    }
  }
  credit(cur, t1);

  // Parents: the enclosing body for require() calls, else the first importer seen by the resolve hook.
  for (const m of modules.values()) {
    m.format = formats.get(m.key) ?? 'other';
    m.bytes = bytes.get(m.key) ?? null;
    m.requiredEsm = requiredEsm.has(m.key);
    m.self = m.phases.resolve + m.phases.load + m.phases.parse + m.phases.eval;
    if (m.key === entryKey) continue;
    const p = frameParent.get(m.key) ?? firstResolveParent.get(m.key) ?? null;
    m.parent = p !== null && modules.has(p) && p !== m.key ? p : entryKey;
  }
  // Break any cycle in the parent links by hanging the module off the entry.
  for (const m of modules.values()) {
    const seen = new Set<string>([m.key]);
    let p = m.parent;
    while (p !== null) {
      if (seen.has(p)) {
        m.parent = entryKey;
        break;
      }
      seen.add(p);
      p = modules.get(p)?.parent ?? null;
    }
  }

  let gcCount = 0;
  let gcMs = 0;
  for (let i = 0; i + 1 < raw.gc.length; i += 2) {
    if (raw.gc[i] >= t0 && raw.gc[i] <= t1) {
      gcCount++;
      gcMs += raw.gc[i + 1];
    }
  }

  return {
    entryKey,
    importMs: t1 - t0,
    rssMb: raw.rss / MB,
    heapUsedMb: raw.heapUsed / MB,
    gcCount,
    gcMs,
    modules,
    measuredMs: measured,
    attributedMs: attributed,
    endReason: raw.reason,
    scenarioMs: typeof raw.scenarioMs === 'number' ? raw.scenarioMs : null,
    scenarioError: raw.scenarioError ?? null,
  };
}
