import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { buildGraph } from '../../src/graph/build.js';
import { runRules, resolveRules, UNUSED_SUPPRESSION } from '../../src/engine/run.js';
import { writeBaseline } from '../../src/engine/baseline.js';
import { ConfigError, InputError, UsageError } from '../../src/errors.js';
import { DEFAULT_TS, fixedCostModel, makeConfig, runCase, writeProject } from '../helpers/rule-tester.js';
import type { CaseInput } from '../helpers/rule-tester.js';

const ESM = { 'package.json': '{ "name": "app", "type": "module" }' };
const COSTS = { moment: { ms: 38, modules: 112 }, lodash: { ms: 24, modules: 1 } };
const project: CaseInput = {
  name: 'app',
  files: {
    ...ESM,
    'src/cli.ts': "import moment from 'moment';\nimport { get } from 'lodash';\nimport { helper } from './b.js';\nexport function when() { return moment(); }\nexport const v = get({}, 'a') ?? helper;\n",
    'src/b.ts': "import { unusedThing, other } from './c.js';\nexport const helper = other;\n",
    'src/c.ts': 'export const unusedThing = 1;\nexport const other = 2;\n',
  },
  link: ['moment', 'lodash'],
  entries: ['src/cli.ts'],
  costs: COSTS,
};

describe('runRules', () => {
  it('runs the recommended preset and returns sorted findings with relative POSIX paths', async () => {
    const { findings, rules } = await runCase(allRules, { ...project, config: { rules: {} } });
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.severity}`)).toEqual([
      'src/b.ts:1:1 no-unused-import warn',
      'src/cli.ts:1:1 prefer-lazy-import warn',
      'src/cli.ts:2:1 prefer-subpath-import warn',
    ]);
    expect(rules.map((r) => r.id)).toEqual(allRules.map((r) => r.id));
    for (const f of findings) expect(f.fingerprint).toMatch(/^[0-9a-f]{20}$/);
  });

  it('applies severities from config: off, error, [severity, options]', async () => {
    const { findings, rules } = await runCase(allRules, {
      ...project,
      config: { rules: { 'no-unused-import': 'off', 'prefer-lazy-import': ['error', { threshold: 100 }], 'prefer-subpath-import': 'error' } },
    });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.severity}`)).toEqual(['src/cli.ts:2 prefer-subpath-import error']);
    expect(rules.find((r) => r.id === 'prefer-lazy-import')?.severity).toBe('error');
    expect(rules.find((r) => r.id === 'no-unused-import')).toBeUndefined();
  });

  it('strict preset raises recommended rules to error', async () => {
    const { findings } = await runCase(allRules, { ...project, config: { preset: 'strict', rules: {} } });
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(['error']));
  });

  it('--rule runs only the named rules, even when config turns them off', async () => {
    const { findings } = await runCase(allRules, { ...project, config: { rules: { 'prefer-subpath-import': 'off' } } }, { only: ['prefer-subpath-import'] });
    expect(findings.map((f) => f.rule)).toEqual(['prefer-subpath-import']);
  });

  it('fingerprints do not depend on the line', async () => {
    const a = await runCase(allRules, { ...project, config: { rules: {} } });
    const moved = { ...project.files, 'src/cli.ts': `// a comment\n\n${project.files!['src/cli.ts']}` };
    const b = await runCase(allRules, { ...project, files: moved, config: { rules: {} } });
    expect(b.findings.map((f) => f.line)).not.toEqual(a.findings.map((f) => f.line));
    expect(b.findings.map((f) => f.fingerprint)).toEqual(a.findings.map((f) => f.fingerprint));
  });

  it('reports graph problems (unresolved imports) relative to the root', async () => {
    const { problems } = await runCase(allRules, { name: 'p', files: { ...ESM, 'src/a.ts': "import { x } from './missing.js';\nexport const y = x;\n" }, config: { rules: {} } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'src/a.ts', line: 1, column: 1 });
    expect(problems[0].message).toContain("'./missing.js'");
  });
});

describe('option and config validation', () => {
  const root = '/project';
  const config = (rules: Record<string, unknown>) => ({ ...makeConfig(root, []), configFile: '/project/perf-lint.config.json', rules: rules as never });
  it('rejects an unknown option key, naming the rule and the option', () => {
    expect(() => resolveRules(allRules, config({ 'prefer-lazy-import': ['warn', { treshold: 5 }] }))).toThrow(ConfigError);
    expect(() => resolveRules(allRules, config({ 'prefer-lazy-import': ['warn', { treshold: 5 }] }))).toThrow(
      "/project/perf-lint.config.json: rules.prefer-lazy-import: unknown option 'treshold' (known: threshold, modules, allowInTry)",
    );
  });
  it('rejects a badly typed option', () => {
    expect(() => resolveRules(allRules, config({ 'prefer-lazy-import': ['warn', { threshold: '10' }] }))).toThrow(
      'rules.prefer-lazy-import.threshold: expected a number of milliseconds >= 0, got "10"',
    );
  });
  it('rejects options on a rule without options', () => {
    expect(() => resolveRules(allRules, config({ 'prefer-type-import': ['warn', { x: 1 }] }))).toThrow("rules.prefer-type-import: unknown option 'x' (this rule takes no options)");
  });
  it('rejects an unknown rule and a bad severity', () => {
    expect(() => resolveRules(allRules, config({ 'no-such-rule': 'warn' }))).toThrow("rules.no-such-rule: unknown rule 'no-such-rule'");
    expect(() => resolveRules(allRules, config({ 'no-unused-import': 'warning' }))).toThrow("rules.no-unused-import: expected 'off', 'warn', 'error' or [severity, options], got \"warning\"");
  });
  it('rejects an unknown --rule as a usage error', () => {
    expect(() => resolveRules(allRules, config({}), ['prefer-lazy'])).toThrow(UsageError);
  });
  it('merges valid options over the defaults', () => {
    const { enabled } = resolveRules(allRules, config({ 'prefer-lazy-import': ['error', { threshold: 5 }] }));
    expect(enabled.find((e) => e.rule.id === 'prefer-lazy-import')).toMatchObject({ severity: 'error', options: { threshold: 5, modules: [], allowInTry: false } });
  });
});

describe('inline suppressions', () => {
  const files = {
    ...ESM,
    'src/cli.ts': [
      '// perf-lint-disable-next-line prefer-lazy-import -- loaded on every command anyway',
      "import moment from 'moment';",
      "import { get } from 'lodash'; // perf-lint-disable-line prefer-subpath-import, prefer-lazy-import",
      "import { helper } from './b.js'; // perf-lint-disable-line no-import-cycle -- nothing here",
      '/* perf-lint-disable-next-line */',
      "import { other } from './c.js';",
      'export function when() { return moment(); }',
      "export const v = get({}, 'a') ?? helper ?? other;",
      '',
    ].join('\n'),
    'src/b.ts': "export const helper = 1;\n",
    'src/c.ts': "export const other = 2;\n",
  };
  it('drops suppressed findings and reports the directives (or rule ids) that suppressed nothing', async () => {
    const { findings, suppressed } = await runCase(allRules, { ...project, files, config: { rules: {} } });
    expect(suppressed).toBe(2);
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}: ${f.message}`)).toEqual([
      "src/cli.ts:3:31 unused-suppression: This perf-lint-disable-line comment suppresses nothing for 'prefer-lazy-import' on line 3; remove it.",
      "src/cli.ts:4:34 unused-suppression: This perf-lint-disable-line comment suppresses nothing for 'no-import-cycle' on line 4; remove it.",
      'src/cli.ts:5:1 unused-suppression: This perf-lint-disable-next-line comment suppresses nothing for any rule on line 6; remove it.',
    ]);
    expect(findings.every((f) => f.severity === 'warn')).toBe(true);
  });
  it('unused-suppression can be turned off in config, and is skipped under --rule', async () => {
    const off = await runCase(allRules, { ...project, files, config: { rules: { [UNUSED_SUPPRESSION]: 'off' } } });
    expect(off.findings).toEqual([]);
    const only = await runCase(allRules, { ...project, files }, { only: ['prefer-lazy-import'] });
    expect(only.findings).toEqual([]);
  });
  it('names unknown rule ids in directives', async () => {
    const { findings } = await runCase(allRules, {
      name: 'unknown', files: { ...ESM, 'src/a.ts': '// perf-lint-disable-next-line prefer-lazy-imports\nexport const a = 1;\n' }, config: { rules: {} },
    });
    expect(findings.map((f) => f.message)).toEqual(["This perf-lint-disable-next-line comment suppresses nothing for unknown rule 'prefer-lazy-imports' on line 2; remove it."]);
  });
});

describe('baseline', () => {
  it('drops findings already in the baseline and keeps new ones', async () => {
    const first = await runCase(allRules, { ...project, config: { rules: {} } });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'perf-lint-baseline-')), 'baseline.json');
    writeBaseline(file, first.findings);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion: number; findings: { fingerprint: string }[] };
    expect(saved.schemaVersion).toBe(1);
    expect(saved.findings.map((f) => f.fingerprint)).toEqual(first.findings.map((f) => f.fingerprint));

    // Move everything down two lines and add a new heavy import: only the new finding is left.
    const changed = {
      ...project.files,
      'src/cli.ts': `import { DateTime } from 'luxon';\nexport function later() { return DateTime.now(); }\n${project.files!['src/cli.ts']}`,
    };
    const second = await runCase(allRules, { ...project, files: changed, link: ['moment', 'lodash', 'luxon'], costs: { ...COSTS, luxon: { ms: 15, modules: 1 } }, config: { rules: {} } }, { baseline: file });
    expect(second.baselined).toBe(3);
    expect(second.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message.split(' ')[0]}`)).toEqual(["src/cli.ts:1 prefer-lazy-import 'luxon'"]);
  });

  it('accepts a full saved JSON report and rejects a missing or malformed file', async () => {
    const root = writeProject({ name: 'b', ...project });
    const graph = await buildGraph(root);
    const base = { graph, cost: fixedCostModel(COSTS), config: makeConfig(root, ['src/cli.ts']), rules: allRules, ts: DEFAULT_TS };
    const report = path.join(root, 'report.json');
    const full = await runRules(base);
    writeFileSync(report, JSON.stringify({ schemaVersion: 1, tool: { name: 'perf-lint', version: '0' }, root, entries: [], findings: full.findings, summary: {}, problems: [] }));
    expect((await runRules({ ...base, baseline: report })).findings).toEqual([]);
    await expect(runRules({ ...base, baseline: path.join(root, 'nope.json') })).rejects.toThrow(InputError);
    writeFileSync(report, '{ nope');
    await expect(runRules({ ...base, baseline: report })).rejects.toThrow('the baseline is not valid JSON');
  });
});
