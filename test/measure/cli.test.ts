import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { measureCommand } from '../../src/cli/commands/measure.js';
import type { Measurement } from '../../src/measure/types.js';
import { CHROMIUM, dumpDom } from '../helpers/chromium.js';

const FIX = resolve(__dirname, '../../fixtures/measure');
let lastHtml: { file: string; m: Measurement } | null = null;
let out: string;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'perf-lint-measure-cli-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function captureStderr(): () => string {
  let text = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  return () => text;
}

describe('perf-lint measure (command)', () => {
  it('writes JSON, trace, HTML and a saved measurement; --compare then reports the change', async () => {
    const root = join(FIX, 'cjs');
    const json = join(out, 'm.json');
    const saved = join(out, 'saved.json');
    const trace = join(out, 'trace.json');
    const html = join(out, 'report.html');
    captureStderr();
    const code = await measureCommand('index.cjs', [], {
      root, runs: 3, warmup: 0, format: 'json', output: json, save: saved, trace, budgets: { importMs: 10_000, rssMb: 10_000 },
    });
    expect(code).toBe(0);
    const m = JSON.parse(readFileSync(json, 'utf8')) as Measurement;
    expect(m.modules.count).toBe(5);
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toMatchObject({ schemaVersion: 1, entry: 'index.cjs' });
    expect((JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: unknown[] }).traceEvents.length).toBeGreaterThan(5);

    const code2 = await measureCommand('index.cjs', [], {
      root, runs: 3, warmup: 0, format: 'json', output: json, compare: saved, html, maxRegression: 1e6, budgets: { importMs: 10_000, rssMb: 10_000 },
    });
    expect(code2).toBe(0);
    const m2 = JSON.parse(readFileSync(json, 'utf8')) as Measurement & { comparison: { figures: { figure: string }[] } };
    expect(m2.comparison.figures.map((f) => f.figure)).toEqual(['importMs', 'rssMb', 'heapUsedMb', 'gcMs', 'modules']);

    lastHtml = { file: html, m: m2 };
  });

  it.skipIf(!CHROMIUM && !process.env.CI)('the HTML report shows the figures in a real browser (headless chromium; skipped only when /usr/bin/chromium is absent and CI is not set)', () => {
    expect(lastHtml, 'the previous test writes the report').not.toBeNull();
    const { file: html, m: m2 } = lastHtml!;
    const dom = dumpDom(html);
    const text = (id: string): string => dom.match(new RegExp(`id="${id}"[^>]*>([^<]*)<`))?.[1] ?? '';
    expect(text('import-median')).toBe(`${m2.importMs.median.toFixed(1)} ms`);
    expect(text('modules-count')).toBe(String(m2.modules.count));
    expect(text('rss-median')).toBe(`${m2.rssMb.median.toFixed(1)} MB`);
    // Rendered by the page's script: one icicle cell per module, the busy module first in the table.
    expect((dom.match(/<div class="(project|package|inferred)"/g) ?? []).length).toBe(5);
    const rows = [...dom.matchAll(/<tr><td>([^<]*)<\/td>/g)].map((r) => r[1]);
    expect(rows[0]).toBe('lib/busy.cjs');
    expect(rows.sort()).toEqual(['data.json', 'index.cjs', 'lib/a.cjs', 'lib/b.cjs', 'lib/busy.cjs']);
    expect(dom).toContain('data-figure="importMs"');
  });

  it('exits 1 when a budget is exceeded and says which', async () => {
    const err = captureStderr();
    const code = await measureCommand('index.cjs', [], {
      root: join(FIX, 'cjs'), runs: 1, warmup: 0, format: 'json', output: join(out, 'b.json'), budgets: { importMs: 1, rssMb: 10_000 },
    });
    expect(code).toBe(1);
    expect(err()).toMatch(/importMs .* exceeds budget 1 ms/);
  });

  it('a missing entry or saved file is one line and exit 2; a bad format is a usage error', async () => {
    let err = captureStderr();
    expect(await measureCommand('missing.js', [], { root: FIX })).toBe(2);
    expect(err().trim().split('\n')).toHaveLength(1);
    expect(err()).toMatch(/^perf-lint: missing\.js: entry not found/);
    vi.restoreAllMocks();
    err = captureStderr();
    expect(await measureCommand('index.cjs', [], { root: join(FIX, 'cjs'), compare: join(out, 'none.json') })).toBe(2);
    expect(err()).toMatch(/saved measurement not found/);
    expect(await measureCommand('index.cjs', [], { root: join(FIX, 'cjs'), format: 'xml' })).toBe(2);
    expect(err()).toMatch(/unknown --format "xml"/);
  });
});
