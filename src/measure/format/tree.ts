import { createColors } from 'picocolors';
import type { Comparison } from '../compare.js';
import type { Measurement, Summary, TreeNode } from '../types.js';

export interface TreeRenderOptions {
  color?: boolean;
  /** Subtrees whose cumulative time is below this many ms are collapsed. Default: max(0.5 ms, 1% of the total). */
  minMs?: number;
  /** How many packages to list. Default 10. */
  topPackages?: number;
}

const f1 = (n: number): string => n.toFixed(1);

function summaryLine(s: Summary, unit: string): string {
  return `${f1(s.median)} ${unit} median (p95 ${f1(s.p95)}, min ${f1(s.min)}, max ${f1(s.max)}; 95% CI ${f1(s.ci[0])}–${f1(s.ci[1])})`;
}

/** A terminal import-time tree like Python's `-X importtime`, sorted by cumulative time, small subtrees collapsed. */
export function renderTree(m: Measurement, opts: TreeRenderOptions = {}, comparison?: Comparison | null): string {
  const c = createColors(opts.color ?? false);
  const total = m.tree.cumulativeMs;
  const minMs = opts.minMs ?? Math.max(0.5, total * 0.01);
  const lines: string[] = [];
  const args = m.args.length ? ` ${m.args.join(' ')}` : '';
  lines.push(c.bold(`perf-lint measure: ${m.entry}${args}`) + c.dim(` (${m.runs} runs, node ${m.node})`));
  lines.push(`import time  ${summaryLine(m.importMs, 'ms')}`);
  lines.push(
    `modules      ${m.modules.count} (${m.modules.esm} ESM, ${m.modules.cjs} CommonJS)   rss ${f1(m.rssMb.median)} MB   heapUsed ${f1(m.heapUsedMb.median)} MB   gc ${m.gc.count}× ${f1(m.gc.ms)} ms`,
  );
  if (m.scenarioMs) lines.push(`scenario     ${summaryLine(m.scenarioMs, 'ms')}`);
  lines.push('');
  lines.push(c.dim(' self [ms] | cumulative | module'));
  const row = (n: TreeNode, prefix: string): string => {
    const pkg = n.package ? c.dim(`  ${n.package}`) : '';
    const inferred = n.inferred ? c.dim('  (inside require(esm), found statically)') : '';
    return `${f1(n.selfMs).padStart(10)} | ${f1(n.cumulativeMs).padStart(10)} | ${prefix}${n.id}${pkg}${inferred}`;
  };
  lines.push(row(m.tree, ''));
  const walk = (n: TreeNode, indent: string): void => {
    const shown = n.children.filter((k) => k.cumulativeMs >= minMs);
    const hidden = n.children.filter((k) => k.cumulativeMs < minMs);
    const count = (k: TreeNode): number => 1 + k.children.reduce((a, b) => a + count(b), 0);
    shown.forEach((k, i) => {
      const last = i === shown.length - 1 && hidden.length === 0;
      lines.push(row(k, `${indent}${last ? '└─ ' : '├─ '}`));
      walk(k, `${indent}${last ? '   ' : '│  '}`);
    });
    if (hidden.length) {
      const ms = hidden.reduce((a, k) => a + k.cumulativeMs, 0);
      const mods = hidden.reduce((a, k) => a + count(k), 0);
      lines.push(c.dim(`${''.padStart(10)} | ${f1(ms).padStart(10)} | ${indent}└─ … ${mods} more module${mods === 1 ? '' : 's'} under ${f1(minMs)} ms each`));
    }
  };
  walk(m.tree, '');
  const pk = m.modules.packages.slice(0, opts.topPackages ?? 10);
  if (pk.length) {
    lines.push('');
    lines.push(c.dim('packages by self time:'));
    for (const p of pk) lines.push(`${f1(p.selfMs).padStart(10)} ms  ${p.name}${p.version ? `@${p.version}` : ''} (${p.modules} modules)`);
  }
  if (comparison) {
    lines.push('');
    lines.push(renderComparison(comparison, opts));
  }
  lines.push('');
  lines.push(
    c.dim(
      `tree covers ${(m.coverage.total * 100).toFixed(0)}% of the import time (${(m.coverage.measured * 100).toFixed(0)}% timed directly, the rest loader gaps); ${m.treeScaled === 'all' ? 'all phases' : 'loader phases'} scaled ×${m.treeScale.toFixed(2)} to the runs without hooks (see docs/measuring.md)`,
    ),
  );
  for (const w of m.warnings) lines.push(c.yellow(`warning: ${w}`));
  return `${lines.join('\n')}\n`;
}

/** A change with its own sign: `+0.2`, `-0.0` (a small negative value keeps its minus). */
function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${f1(x)}`;
}

/** A before/after table of each figure, its change, CI and significance. */
export function renderComparison(cmp: Comparison, opts: { color?: boolean } = {}): string {
  const c = createColors(opts.color ?? false);
  const lines = [c.bold(`before → after (${cmp.before.runs} → ${cmp.after.runs} runs)`)];
  lines.push(c.dim(`${'figure'.padEnd(12)}${'before'.padStart(10)}${'after'.padStart(10)}${'change'.padStart(12)}  95% CI of change        significant`));
  for (const f of cmp.figures) {
    const unit = f.unit === 'modules' ? '' : ` ${f.unit}`;
    const ci = f.ci ? `[${signed(f.ci[0])}, ${signed(f.ci[1])}]${unit}` : 'exact';
    const pct = `${f.deltaPct >= 0 ? '+' : ''}${f.deltaPct.toFixed(1)}%`;
    const line = `${f.figure.padEnd(12)}${f1(f.before).padStart(10)}${f1(f.after).padStart(10)}${pct.padStart(12)}  ${ci.padEnd(24)}${f.significant ? 'yes' : 'no'}`;
    lines.push(f.significant ? (f.delta > 0 ? c.red(line) : c.green(line)) : line);
  }
  if (cmp.modulesRemoved.length) lines.push(c.dim(`no longer loaded: ${cmp.modulesRemoved.slice(0, 10).join(', ')}${cmp.modulesRemoved.length > 10 ? ', …' : ''}`));
  if (cmp.modulesAdded.length) lines.push(c.dim(`newly loaded: ${cmp.modulesAdded.slice(0, 10).join(', ')}${cmp.modulesAdded.length > 10 ? ', …' : ''}`));
  return lines.join('\n');
}

