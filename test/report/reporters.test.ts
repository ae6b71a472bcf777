import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { loadReporter, REPORTER_NAMES } from '../../src/report/index.js';

const require = createRequire(import.meta.url);
const saved = JSON.parse(readFileSync(new URL('../../fixtures/report/result.json', import.meta.url), 'utf8')) as Report;

describe('reporters fed a saved result', () => {
  it('stylish groups by file, counts problems and has no colour when colour is off', async () => {
    const out = (await loadReporter('stylish'))(saved, { color: false });
    expect(out).toMatchSnapshot();
    expect(out).not.toMatch(/\x1b\[/);
    expect(out.indexOf('src/commands/report.ts')).toBeLessThan(out.indexOf('src/a.ts'));
    expect(out).toContain('✖ 3 problems (1 error, 2 warnings), and 1 input problem above');
  });

  it('stylish lists three related sites under a finding, counts the rest and names the --explain number', async () => {
    const related = (n: number) => Array.from({ length: n }, (_, i) => ({ file: `src/m${i}.ts`, line: i + 1, column: 1, message: 'also imports it eagerly' }));
    const report: Report = { ...saved, findings: [{ ...saved.findings[0], related: related(4) }, { ...saved.findings[1], related: related(10) }, ...saved.findings.slice(2)] };
    const out = (await loadReporter('stylish'))(report, { color: false });
    // Four fit (the fourth instead of a line saying "1 more").
    expect(out).toContain('also src/m3.ts:4:1 also imports it eagerly');
    expect(out).toContain('also src/m2.ts:3:1');
    expect(out.match(/also src\/m[0-9]\.ts/g)).toHaveLength(4 + 3);
    expect(out).toContain('and 7 more sites (perf-lint analyze --explain 2)');
  });

  it('stylish says under a finding without a fix why --fix leaves it', async () => {
    const why = "its exports map has separate import and require builds, so require() from this ES module would load a second copy";
    const report: Report = { ...saved, findings: [{ ...saved.findings[0], fixable: false, fix: undefined, unfixableReason: why }, ...saved.findings.slice(1)] };
    const lines = (await loadReporter('stylish'))(report, { color: false }).split('\n');
    const at = lines.findIndex((l) => l.includes(saved.findings[0].message));
    expect(lines[at]).not.toContain('(fixable)');
    expect(lines[at + 1].trim()).toBe(`no automatic fix: ${why}`);
    // A fixable finding gets no such line.
    expect(lines.filter((l) => l.includes('no automatic fix'))).toHaveLength(1);
  });

  it('stylish counts input problems apart from findings in its last line', async () => {
    const out = (await loadReporter('stylish'))({ ...saved, problems: [] }, { color: false });
    expect(out.trimEnd().split('\n').at(-2)).toBe('✖ 3 problems (1 error, 2 warnings)');
  });

  it('stylish uses colour when asked', async () => {
    expect((await loadReporter('stylish'))(saved, { color: true })).toMatch(/\x1b\[31m/);
  });

  it('--quiet keeps errors only', async () => {
    const out = JSON.parse((await loadReporter('json'))(saved, { color: false, quiet: true })) as Report;
    expect(out.findings.map((f) => f.rule)).toEqual(['no-import-cycle']);
  });

  it('json round-trips the result object', async () => {
    const out = JSON.parse((await loadReporter('json'))(saved, { color: false })) as Report;
    expect(out).toEqual(saved);
  });

  it('markdown is a PR comment with a table and escaped pipes', async () => {
    const out = (await loadReporter('markdown'))(saved, { color: false });
    expect(out).toMatchSnapshot();
    expect(out).toContain('break it, or \\| import lazily.');
  });

  it('github emits one workflow command per finding, escaped', async () => {
    const out = (await loadReporter('github'))(saved, { color: false });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      "::warning file=src/commands/report.ts,line=1,col=1,title=perf-lint(prefer-lazy-import)::'date-fns' costs 125.2 ms and 249 modules at startup but is used only inside runReport(); load it lazily.",
    );
    expect(lines[1].startsWith('::error file=src/a.ts,line=3,col=1,')).toBe(true);
    expect(lines[2]).toContain('100%25 sure');
  });

  it('compact is one line per problem that VS Code\'s $eslint-compact problem matcher reads', async () => {
    const report: Report = { ...saved, findings: [...saved.findings, { ...saved.findings[0], message: 'two\nlines (and parentheses)' }] };
    const out = (await loadReporter('compact'))(report, { color: false });
    // The matcher's pattern, as VS Code defines it (src/vs/workbench/contrib/tasks/common/problemMatcher.ts).
    const matcher = /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/;
    const [body, summary] = out.split('\n\n');
    const parsed = body.split('\n').map((l) => matcher.exec(l)?.slice(1));
    const expected = [
      ...report.problems.map((p) => [p.file, String(p.line), String(p.column), 'Warning', p.message, 'input']),
      ...report.findings.map((f) => [f.file, String(f.line), String(f.column), f.severity === 'error' ? 'Error' : 'Warning', f.message.replace(/\n/g, ' '), f.rule]),
    ];
    expect(parsed).toEqual(expected);
    expect(summary).toBe(`${expected.length} problems\n`);
    expect((await loadReporter('compact'))({ ...saved, findings: [], problems: [] }, { color: false })).toBe('');
  });

  it('sarif validates against the official SARIF 2.1.0 schema', async () => {
    const out = JSON.parse((await loadReporter('sarif'))(saved, { color: false }));
    const Ajv = require('ajv-draft-04');
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const ok = validate(out);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const run = out.runs[0];
    expect(run.results).toHaveLength(3);
    expect(run.results[0]).toMatchObject({
      ruleId: 'prefer-lazy-import',
      level: 'warning',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/commands/report.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 1 } } }],
    });
    expect(run.tool.driver.rules[run.results[1].ruleIndex].id).toBe('no-import-cycle');
  });

  it('a SARIF log that breaks the schema is rejected by the same validator', () => {
    const Ajv = require('ajv-draft-04');
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const validate = new Ajv({ strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] })).toBe(false);
  });

  it('an unknown format is a usage error naming the choices', async () => {
    await expect(loadReporter('xml')).rejects.toThrow(`unknown format "xml" (available: ${REPORTER_NAMES.join(', ')})`);
  });
});
