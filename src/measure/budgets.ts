import type { Comparison } from './compare.js';
import type { Measurement } from './types.js';

/** One budget or regression check. */
export interface BudgetCheck {
  name: string;
  limit: number;
  actual: number;
  ok: boolean;
  message: string;
}

/** All checks; ok is false when any failed (exit code 1). */
export interface BudgetResult {
  ok: boolean;
  checks: BudgetCheck[];
}

/** Defaults: the targets of the report perf-lint grew from. No module limit unless set. */
export const DEFAULT_BUDGETS = { importMs: 200, rssMb: 100 } as const;
export const DEFAULT_MAX_REGRESSION = 20;

/**
 * Checks the medians against the budgets and, with a comparison, each figure's change against
 * maxRegression (percent). A regression fails only when it is also significant (its CI excludes 0).
 */
export function checkBudgets(
  m: Measurement,
  opts: { budgets?: { importMs?: number; rssMb?: number; modules?: number }; maxRegression?: number; comparison?: Comparison } = {},
): BudgetResult {
  const b = { ...DEFAULT_BUDGETS, ...opts.budgets };
  const checks: BudgetCheck[] = [];
  const add = (name: string, limit: number, actual: number, unit: string): void => {
    const ok = actual <= limit;
    checks.push({
      name,
      limit,
      actual,
      ok,
      message: `${name} ${actual.toFixed(unit === '' ? 0 : 1)}${unit} ${ok ? 'within' : 'exceeds'} budget ${limit}${unit}`,
    });
  };
  add('importMs', b.importMs, m.importMs.median, ' ms');
  add('rssMb', b.rssMb, m.rssMb.median, ' MB');
  if (typeof opts.budgets?.modules === 'number') add('modules', opts.budgets.modules, m.modules.count, '');
  if (opts.comparison) {
    const max = opts.maxRegression ?? DEFAULT_MAX_REGRESSION;
    for (const f of opts.comparison.figures) {
      if (f.figure !== 'importMs' && f.figure !== 'rssMb' && f.figure !== 'modules') continue;
      const ok = !(f.deltaPct > max && f.significant);
      checks.push({
        name: `regression:${f.figure}`,
        limit: max,
        actual: f.deltaPct,
        ok,
        message: `${f.figure} changed ${f.deltaPct >= 0 ? '+' : ''}${f.deltaPct.toFixed(1)}%${f.significant ? '' : ' (not significant)'}; limit +${max}%`,
      });
    }
  }
  return { ok: checks.every((c) => c.ok), checks };
}
