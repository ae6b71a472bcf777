import { bootstrapDiffCi, median } from './stats.js';
import type { Measurement } from './types.js';
import { flatten } from './aggregate.js';

/** One figure before and after. */
export interface FigureChange {
  figure: 'importMs' | 'rssMb' | 'heapUsedMb' | 'gcMs' | 'modules';
  unit: 'ms' | 'MB' | 'modules';
  before: number;
  after: number;
  delta: number;
  /** Change relative to before, in percent (0 when before is 0). */
  deltaPct: number;
  /** 95% bootstrap CI of the change of the median; null for exact counts. */
  ci: [number, number] | null;
  /** The CI excludes zero (or, for exact counts, the count changed). */
  significant: boolean;
}

/** A before/after comparison. */
export interface Comparison {
  before: { entry: string; createdAt: string; runs: number };
  after: { entry: string; createdAt: string; runs: number };
  figures: FigureChange[];
  modulesAdded: string[];
  modulesRemoved: string[];
}

const r3 = (n: number): number => Math.round(n * 1000) / 1000;

function change(
  figure: FigureChange['figure'],
  unit: FigureChange['unit'],
  before: number[],
  after: number[],
  seed: number,
): FigureChange {
  const b = median(before);
  const a = median(after);
  const ci = bootstrapDiffCi(before, after, seed);
  return {
    figure,
    unit,
    before: r3(b),
    after: r3(a),
    delta: r3(a - b),
    deltaPct: b !== 0 ? r3(((a - b) / b) * 100) : 0,
    ci: [r3(ci[0]), r3(ci[1])],
    significant: ci[0] > 0 || ci[1] < 0,
  };
}

/** Each figure's change from `before` to `after`, with a bootstrap CI and whether it is significant. */
export function compareMeasurements(before: Measurement, after: Measurement, seed = 1): Comparison {
  const figures: FigureChange[] = [
    change('importMs', 'ms', before.importMs.samples, after.importMs.samples, seed),
    change('rssMb', 'MB', before.rssMb.samples, after.rssMb.samples, seed),
    change('heapUsedMb', 'MB', before.heapUsedMb.samples, after.heapUsedMb.samples, seed),
    change('gcMs', 'ms', before.gc.msSamples, after.gc.msSamples, seed),
  ];
  const mb = before.modules.count;
  const ma = after.modules.count;
  figures.push({
    figure: 'modules',
    unit: 'modules',
    before: mb,
    after: ma,
    delta: ma - mb,
    deltaPct: mb !== 0 ? r3(((ma - mb) / mb) * 100) : 0,
    ci: null,
    significant: ma !== mb,
  });
  // Two copies of a program (pristine and fixed) measured from one folder name the same module by
  // different paths: each side's modules are compared from its own copy, the part of its entry's
  // path that differs (`nodemon-pristine/` against `nodemon-fixed/` for `…/bin/nodemon.js`).
  const [pb, pa] = copyPrefixes(before.entry, after.entry);
  const ids = (m: Measurement, prefix: string): Set<string> => new Set(flatten(m.tree).map((n) => (prefix && n.id.startsWith(prefix) ? n.id.slice(prefix.length) : n.id)));
  const bi = ids(before, pb);
  const ai = ids(after, pa);
  return {
    before: { entry: before.entry, createdAt: before.createdAt, runs: before.runs },
    after: { entry: after.entry, createdAt: after.createdAt, runs: after.runs },
    figures,
    modulesAdded: [...ai].filter((id) => !bi.has(id)).sort(),
    modulesRemoved: [...bi].filter((id) => !ai.has(id)).sort(),
  };
}

/** The leading folders of two entry paths (POSIX, relative) before the path segments they end with in common. */
export function copyPrefixes(a: string, b: string): [string, string] {
  if (a === b) return ['', ''];
  const sa = a.split('/');
  const sb = b.split('/');
  let k = 0;
  while (k < sa.length && k < sb.length && sa[sa.length - 1 - k] === sb[sb.length - 1 - k]) k++;
  // Not even the file name in common: not two copies of one program.
  if (sa[sa.length - 1] !== sb[sb.length - 1]) return ['', ''];
  const prefix = (s: string[]): string => (s.length - k > 0 ? `${s.slice(0, s.length - k).join('/')}/` : '');
  return [prefix(sa), prefix(sb)];
}
