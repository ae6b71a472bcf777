/**
 * RuleTester-style tables (typescript-eslint's shape) on real inputs: each case's files are written
 * into a temp project, the graph is built with the real buildGraph + parseModule, and the rule runs
 * through the real engine (runRules). Package costs are given per case as fixed figures: a small
 * in-memory CostModel is input data, like the files.
 */
import { existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import type { CostModel, PackageCost } from '../../src/cost/types.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { AnyRule, RunResult } from '../../src/engine/run.js';
import { runRules, specifierSetKey } from '../../src/engine/run.js';
import type { RuleContext } from '../../src/engine/rule.js';
import type { Finding, FixPlan } from '../../src/engine/types.js';

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export type Ts = RuleContext<unknown>['ts'];
export const DEFAULT_TS: Ts = { emitDecoratorMetadata: false, verbatimModuleSyntax: false, esModuleInterop: true, experimentalDecorators: false };

/**
 * The files of an installed ES module package (`type: module`) under node_modules: its
 * package.json with `exports` as given, and its index.js.
 */
export function esmPackage(name: string, exports: unknown, index = 'export const run = () => 1;\n'): Record<string, string> {
  return {
    [`node_modules/${name}/package.json`]: JSON.stringify({ name, version: '1.0.0', type: 'module', exports }),
    [`node_modules/${name}/index.js`]: index,
  };
}

export interface CaseInput {
  /** Shown as the test name. */
  name: string;
  /** Root-relative path -> content. Files under node_modules/ make fake packages. */
  files?: Record<string, string>;
  /** Copy a committed fixture folder (relative to the repo) into the temp project first. */
  fixture?: string;
  /** Real installed packages to symlink into the temp project's node_modules (lodash, date-fns...). */
  link?: string[];
  /** false: no @types/node in the project (linked by default, as a Node project in TypeScript has it). */
  nodeTypes?: false;
  /** Root-relative entries (default: the graph's roots). */
  entries?: string[];
  options?: Record<string, unknown>;
  /** Fixed package costs (name or subpath specifier -> figures). */
  costs?: Record<string, { ms: number | null; modules: number; heapMb?: number | null; source?: 'measured' | 'static'; packages?: PackageCost['packages'] }>;
  /**
   * Fixed costs of a package loaded by some of its specifiers alone, which the engine prices when a
   * rule asks (RunInput priceSpecifiers): `'lodash lodash/chunk.js'` (package, then the specifiers).
   */
  alone?: CaseInput['costs'];
  ts?: Partial<Ts>;
  config?: Partial<Pick<ResolvedConfig, 'heavy' | 'eager' | 'budgets' | 'rules' | 'preset'>>;
  measurements?: Record<string, { importMs: number; rssMb: number; modules: number }>;
}

export interface ExpectedFinding {
  /** Root-relative file (default: the case's first file). */
  file?: string;
  line: number;
  column: number;
  message: string;
  /** When given: the fix plan (its `file` relative to the root), or null for "no fix". */
  fix?: Omit<FixPlan, 'file'> | null;
  unfixableReason?: string | null;
  related?: Finding['related'];
  cost?: Finding['cost'];
}

export interface InvalidCase extends CaseInput {
  errors: ExpectedFinding[];
}

/** An in-memory CostModel from fixed figures (input data, not a mock: the interface is two lookups). */
export function fixedCostModel(costs: CaseInput['costs'] = {}): CostModel {
  const all: PackageCost[] = Object.entries(costs).map(([name, c]) => ({
    name,
    version: null,
    ms: c.ms,
    modules: c.modules,
    heapMb: c.heapMb ?? null,
    source: c.source ?? (c.ms === null ? 'static' : 'measured'),
    ...(c.packages ? { packages: c.packages } : {}),
  }));
  return { get: (name) => all.find((c) => c.name === name), all: () => all };
}

/** A resolved config for a temp project, with the given overrides. */
export function makeConfig(root: string, entries: string[], over: CaseInput['config'] = {}): ResolvedConfig {
  return {
    root,
    configFile: null,
    entries: entries.map((e) => path.resolve(root, e)),
    include: [],
    exclude: [],
    heavy: over.heavy ?? [],
    eager: over.eager ?? [],
    preset: over.preset ?? 'recommended',
    rules: over.rules ?? {},
    budgets: { importMs: 200, rssMb: 100, modules: Number.POSITIVE_INFINITY, ...over.budgets },
    cache: [],
    build: null,
    verify: null,
    measure: { runs: 5, maxRegression: 0.1, args: [] },
  };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes a case into a fresh temp project and returns its root. */
export function writeProject(c: CaseInput): string {
  const root = mkdtempSync(path.join(tmpdir(), 'perf-lint-rule-'));
  made.push(root);
  if (c.fixture) cpSync(path.join(REPO, c.fixture), root, { recursive: true });
  for (const [rel, text] of Object.entries(c.files ?? {})) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  // Node's types, as a Node project in TypeScript has them (a lazy require() needs them), unless the case says not.
  for (const name of [...(c.link ?? []), ...(c.nodeTypes === false ? [] : ['@types/node'])]) {
    const dest = path.join(root, 'node_modules', name);
    if (existsSync(dest)) continue;
    mkdirSync(path.dirname(dest), { recursive: true });
    symlinkSync(path.join(REPO, 'node_modules', name), dest, 'dir');
  }
  return root;
}

/** Builds the graph of a case and runs the given rules through the engine. */
export async function runCase(rules: AnyRule[], c: CaseInput, extra: { only?: string[]; baseline?: string } = {}): Promise<RunResult & { root: string }> {
  const root = writeProject(c);
  const graph = await buildGraph(root);
  const config = makeConfig(root, c.entries ?? [], c.config);
  if (c.options && rules.length === 1) config.rules = { ...config.rules, [rules[0].id]: ['warn', c.options] };
  const only = extra.only ?? (c.config?.rules ? undefined : rules.map((r) => r.id));
  const result = await runRules({
    graph,
    cost: fixedCostModel(c.costs),
    config,
    rules,
    only,
    ts: { ...DEFAULT_TS, ...c.ts },
    measurements: c.measurements,
    baseline: extra.baseline,
    priceSpecifiers: async (sets) => {
      const alone = fixedCostModel(c.alone);
      return new Map(sets.map((set) => [specifierSetKey(set), alone.get([set.pkg, ...set.specifiers].join(' ')) ?? null]));
    },
  });
  return { ...result, root };
}

function comparable(f: Finding, root: string, expected: ExpectedFinding, defaultFile: string): Record<string, unknown> {
  const out: Record<string, unknown> = { file: f.file, line: f.line, column: f.column, message: f.message };
  if ('fix' in expected) {
    if (f.fix) {
      const { file, ...rest } = f.fix;
      out.fix = rest;
      expect(file).toBe(expected.file ?? defaultFile);
    } else out.fix = null;
  }
  if ('unfixableReason' in expected) out.unfixableReason = f.unfixableReason ?? null;
  if ('related' in expected) out.related = f.related;
  if ('cost' in expected) out.cost = f.cost;
  return out;
}

/** Registers vitest cases: every valid case yields no finding of the rule; every invalid case yields exactly its errors. */
export function ruleTester(rule: AnyRule, tables: { valid: CaseInput[]; invalid: InvalidCase[] }): void {
  describe(rule.id, () => {
    describe('valid', () => {
      for (const c of tables.valid) {
        it(c.name, async () => {
          const { findings } = await runCase([rule], c);
          expect(findings.filter((f) => f.rule === rule.id).map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of tables.invalid) {
        it(c.name, async () => {
          const { findings, root } = await runCase([rule], c);
          const defaultFile = Object.keys(c.files ?? {})[0] ?? '';
          const mine = findings.filter((f) => f.rule === rule.id);
          expect(mine.length, mine.map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`).join('\n')).toBe(c.errors.length);
          mine.forEach((f, i) => {
            const e = c.errors[i];
            const want: Record<string, unknown> = { file: e.file ?? defaultFile, line: e.line, column: e.column, message: e.message };
            if ('fix' in e) want.fix = e.fix;
            if ('unfixableReason' in e) want.unfixableReason = e.unfixableReason ?? null;
            if ('related' in e) want.related = e.related;
            if ('cost' in e) want.cost = e.cost;
            expect(comparable(f, root, e, defaultFile)).toEqual(want);
          });
        });
      }
    });
  });
}
