import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBudgets, compareMeasurements, measure, renderComparison, renderTrace, renderTree, renderJson } from '../../src/measure/index.js';
import { flatten } from '../../src/measure/aggregate.js';
import type { Measurement } from '../../src/measure/types.js';

const FIX = resolve(__dirname, '../../fixtures/measure');
let dir: string;
let withBusy: Measurement;
let withoutBusy: Measurement;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perf-lint-compare-'));
  cpSync(join(FIX, 'esm'), dir, { recursive: true });
  withBusy = await measure('index.mjs', { root: dir, runs: 5, warmup: 0 });
  // The "fix": stop importing the busy module.
  writeFileSync(join(dir, 'index.mjs'), "import { a } from './lib/a.mjs';\nexport const value = a;\n");
  withoutBusy = await measure('index.mjs', { root: dir, runs: 5, warmup: 0 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('compare and budgets', () => {
  it('a removed 50 ms module is a significant import-time drop and a module fewer', () => {
    const cmp = compareMeasurements(withBusy, withoutBusy);
    const ms = cmp.figures.find((f) => f.figure === 'importMs')!;
    expect(ms.delta).toBeLessThan(0);
    expect(ms.significant).toBe(true);
    expect(ms.ci![1]).toBeLessThan(0);
    const mods = cmp.figures.find((f) => f.figure === 'modules')!;
    expect(mods).toMatchObject({ before: 5, after: 4, delta: -1, significant: true, ci: null });
    expect(cmp.modulesRemoved).toEqual(['lib/busy.mjs']);
    expect(cmp.modulesAdded).toEqual([]);
    // Same inputs, same seed: the same intervals.
    expect(compareMeasurements(withBusy, withoutBusy)).toEqual(cmp);
  });

  it('two copies of a program measured from one folder are compared module by module from each copy', async () => {
    const two = mkdtempSync(join(tmpdir(), 'perf-lint-copies-'));
    try {
      cpSync(join(FIX, 'esm'), join(two, 'pristine'), { recursive: true });
      cpSync(join(FIX, 'esm'), join(two, 'fixed'), { recursive: true });
      writeFileSync(join(two, 'fixed', 'index.mjs'), "import { a } from './lib/a.mjs';\nexport const value = a;\n");
      const before = await measure('pristine/index.mjs', { root: two, runs: 1, warmup: 0 });
      const after = await measure('fixed/index.mjs', { root: two, runs: 1, warmup: 0 });
      const cmp = compareMeasurements(before, after);
      expect(cmp.modulesRemoved).toEqual(['lib/busy.mjs']);
      expect(cmp.modulesAdded).toEqual([]);
    } finally {
      rmSync(two, { recursive: true, force: true });
    }
  });

  it('the comparison table signs each end of an interval by its own value', () => {
    const cmp = compareMeasurements(withBusy, withoutBusy);
    const ms = cmp.figures.find((f) => f.figure === 'importMs')!;
    const rss = cmp.figures.find((f) => f.figure === 'rssMb')!;
    // A drop whose interval reaches just past zero, and a rise whose interval starts below it.
    const table = renderComparison({ ...cmp, figures: [{ ...ms, delta: -20, ci: [-58.74, 34.9] }, { ...rss, delta: 0.1, ci: [-0.04, 0.2] }] });
    expect(table).toContain('[-58.7, +34.9] ms');
    expect(table).toContain('[-0.0, +0.2] MB');
    expect(table).not.toContain('+-');
    expect(renderComparison(cmp)).toMatch(/importMs .* \[-\d+\.\d, -\d+\.\d\] ms/);
  });

  it('budgets: within defaults passes; a tight budget, a module limit and a regression fail', () => {
    expect(checkBudgets(withoutBusy, { budgets: { importMs: 10_000, rssMb: 10_000 } }).ok).toBe(true);
    const tight = checkBudgets(withoutBusy, { budgets: { importMs: 1, modules: 2 } });
    expect(tight.ok).toBe(false);
    expect(tight.checks.filter((c) => !c.ok).map((c) => c.name).sort()).toEqual(['importMs', 'modules']);
    // Going from without to with the busy module is a regression far over 20%.
    const regression = checkBudgets(withBusy, {
      budgets: { importMs: 10_000, rssMb: 10_000 },
      maxRegression: 20,
      comparison: compareMeasurements(withoutBusy, withBusy),
    });
    expect(regression.ok).toBe(false);
    expect(regression.checks.find((c) => c.name === 'regression:importMs')!.ok).toBe(false);
    // With an absurd threshold the same change passes.
    expect(checkBudgets(withBusy, { budgets: { importMs: 10_000, rssMb: 10_000 }, maxRegression: 1e6, comparison: compareMeasurements(withoutBusy, withBusy) }).ok).toBe(true);
  });

  it('renders the tree, JSON and a valid trace from the same measurement', () => {
    const text = renderTree(withBusy, { color: false }, compareMeasurements(withBusy, withoutBusy));
    expect(text).toContain('perf-lint measure: index.mjs');
    const lines = text.split('\n');
    const busyLine = lines.findIndex((l) => l.includes('lib/busy.mjs'));
    const aLine = lines.findIndex((l) => l.includes('└─ lib/a.mjs') || l.includes('├─ lib/a.mjs'));
    expect(busyLine).toBeGreaterThan(0);
    // Sorted by cumulative time: the 50 ms module comes before the light one.
    if (aLine > 0) expect(busyLine).toBeLessThan(aLine);
    expect(text).toMatch(/importMs .* yes/);

    const json = JSON.parse(renderJson(withBusy)) as Measurement;
    expect(json.importMs.median).toBe(withBusy.importMs.median);
    expect(json.modules.count).toBe(5);
    expect(typeof json.rssMb.median).toBe('number');
    expect(typeof json.heapUsedMb.median).toBe('number');
    expect(typeof json.gc.ms).toBe('number');
    expect(json.tree.id).toBe('index.mjs');

    const trace = JSON.parse(renderTrace(withBusy)) as { traceEvents: { ph: string; name: string; ts?: number; dur?: number }[] };
    const xs = trace.traceEvents.filter((e) => e.ph === 'X');
    expect(xs.map((e) => e.name).sort()).toEqual(flatten(withBusy.tree).map((n) => n.id).sort());
    // Children lie inside their parent's span.
    const root = xs.find((e) => e.name === 'index.mjs')!;
    for (const e of xs) {
      expect(e.ts!).toBeGreaterThanOrEqual(root.ts!);
      expect(e.ts! + e.dur!).toBeLessThanOrEqual(root.ts! + root.dur! + 1);
    }
  });
});
