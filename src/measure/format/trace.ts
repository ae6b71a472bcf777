import type { Measurement, TreeNode } from '../types.js';

interface TraceEvent {
  name: string;
  cat: string;
  ph: 'X' | 'M';
  ts?: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

/**
 * Chrome trace-event JSON (Chrome DevTools, Perfetto, speedscope). The timeline is laid out from
 * the median tree: each module spans its cumulative time, its imports first, then its own work,
 * the order in which ES modules evaluate.
 */
export function renderTrace(m: Measurement): string {
  const events: TraceEvent[] = [
    { name: 'process_name', cat: '__metadata', ph: 'M', pid: 1, tid: 1, args: { name: `perf-lint measure ${m.entry}` } },
    { name: 'thread_name', cat: '__metadata', ph: 'M', pid: 1, tid: 1, args: { name: 'import (median of runs)' } },
  ];
  const us = (ms: number): number => Math.round(ms * 1000);
  const place = (n: TreeNode, start: number): void => {
    events.push({
      name: n.id,
      cat: n.package ? 'package' : 'project',
      ph: 'X',
      ts: us(start),
      dur: Math.max(1, us(n.cumulativeMs)),
      pid: 1,
      tid: 1,
      args: { selfMs: n.selfMs, cumulativeMs: n.cumulativeMs, package: n.package, format: n.format, ...n.phases },
    });
    let t = start;
    for (const c of n.children) {
      place(c, t);
      t += c.cumulativeMs;
    }
  };
  place(m.tree, 0);
  return `${JSON.stringify({ traceEvents: events, displayTimeUnit: 'ms', otherData: { entry: m.entry, runs: m.runs, importMsMedian: m.importMs.median, node: m.node } })}\n`;
}
