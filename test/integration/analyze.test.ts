import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perf-lint-api-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const pkg = (name: string, main: string): Record<string, string> => ({
  [`node_modules/${name}/package.json`]: JSON.stringify({ name, version: '1.0.0', main: 'index.js' }),
  [`node_modules/${name}/index.js`]: main,
});

describe('analyze() through the public API', () => {
  it('offers a lazy fix for a plain heavy package, but none for one that registers itself when it loads', async () => {
    const root = project({
      'package.json': JSON.stringify({ name: 'app', type: 'module', main: 'index.js', 'perf-lint': { heavy: ['plain-heavy', 'self-registering'] } }),
      'index.js': "import plain from 'plain-heavy';\nimport plugin from 'self-registering';\nexport function a() { return plain(); }\nexport function b() { return plugin(); }\n",
      ...pkg('plain-heavy', 'module.exports = function plain() { return 1; };\n'),
      ...pkg('registry', 'const list = [];\nexports.register = (x) => list.push(x);\nexports.list = () => list;\n'),
      ...pkg('self-registering', "const registry = require('registry');\nregistry.register('self');\nmodule.exports = function plugin() { return registry.list(); };\n"),
    });
    const { report } = await analyze({ root, measureCost: false, rules: ['prefer-lazy-import'] });
    const byPkg = Object.fromEntries(report.findings.map((f) => [f.message.slice(1, f.message.indexOf("'", 1)), f]));
    expect(Object.keys(byPkg).sort()).toEqual(['plain-heavy', 'self-registering']);
    expect(byPkg['plain-heavy'].fix).toMatchObject({ kind: 'lazy', specifier: 'plain-heavy', shape: 'require' });
    expect(byPkg['self-registering'].fix).toBeUndefined();
    expect(byPkg['self-registering'].unfixableReason).toBe(
      "loading 'self-registering' has effects the rest of the program may rely on: it calls into 'registry' when it loads, e.g. to register itself (self-registering/index.js)",
    );
    expect(report.summary).toMatchObject({ warnings: 2, fixable: 1, errors: 0 });

    // The verdicts are kept beside cost.json, by entry file, size and mtime: the next run reads
    // them, and an entry that changes is decided again.
    const cacheFile = path.join(root, 'node_modules/.cache/perf-lint/effects.json');
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, string | null> };
    const entryOf = (name: string): string => path.join(root, 'node_modules', name, 'index.js');
    expect(Object.entries(stored.entries).map(([k, v]) => [k.split('|')[0], v]).sort()).toEqual([
      [entryOf('plain-heavy'), null],
      [entryOf('self-registering'), "calls into 'registry' when it loads, e.g. to register itself (self-registering/index.js)"],
    ]);
    const again = await analyze({ root, measureCost: false, rules: ['prefer-lazy-import'] });
    expect(again.report.findings).toEqual(report.findings);
    writeFileSync(entryOf('self-registering'), "const registry = require('registry');\nmodule.exports = function plugin() { return registry.list(); };\n");
    const changed = await analyze({ root, measureCost: false, rules: ['prefer-lazy-import'] });
    expect(changed.report.findings.map((f) => [f.message.slice(1, f.message.indexOf("'", 1)), f.fix?.kind ?? null])).toEqual([
      ['plain-heavy', 'lazy'],
      ['self-registering', 'lazy'],
    ]);
    // Only the entries of this run are kept.
    expect(Object.keys((JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: object }).entries)).toHaveLength(2);
  });
});

describe('entries', () => {
  const cli = {
    'lib/cli.js': "const plain = require('plain-heavy');\nexports.run = () => plain();\n",
    ...pkg('plain-heavy', 'module.exports = function plain() { return 1; };\n'),
  };

  it("traces from a CLI's extensionless bin script, and leaves out a shell script named in bin", async () => {
    const root = project({
      'package.json': JSON.stringify({ name: 'tool', bin: { tool: 'bin/tool', 'tool-sh': 'bin/tool-sh' }, 'perf-lint': { heavy: ['plain-heavy'] } }),
      'bin/tool': "#!/usr/bin/env node\nrequire('../lib/cli.js').run();\n",
      'bin/tool-sh': '#!/bin/sh\nexec node "$(dirname "$0")/tool" "$@"\n',
      ...cli,
    });
    const { report, config, graph } = await analyze({ root, measureCost: false, rules: ['prefer-lazy-import'] });
    expect(config.entries).toEqual([path.join(root, 'bin/tool')]);
    expect(graph.modules.get(path.join(root, 'bin/tool'))?.imports.map((r) => r.resolved)).toEqual([path.join(root, 'lib/cli.js')]);
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual(['lib/cli.js:1 prefer-lazy-import']);
    expect(report.problems).toEqual([]);
  });

  it('reports an entry the graph does not hold instead of a clean run', async () => {
    const root = project({
      'package.json': JSON.stringify({ name: 'tool', 'perf-lint': { entries: ['bin/tool.sh'], heavy: ['plain-heavy'] } }),
      'bin/tool.sh': '#!/bin/sh\nexec node lib/cli.js\n',
      ...cli,
    });
    const { report } = await analyze({ root, measureCost: false });
    expect(report.findings).toEqual([]);
    expect(report.problems).toEqual([
      { file: 'bin/tool.sh', line: 1, column: 1, message: 'entry is not among the analysed files (not a JavaScript or TypeScript source, or left out by include/exclude or .gitignore), so nothing is traced from it' },
    ]);
  });
});

describe('analyze({ measureStartup }) feeds measured startup to startup-budget', () => {
  const files = (importMs: number): Record<string, string> => ({
    'package.json': JSON.stringify({ name: 'slow', type: 'module', main: 'index.js', 'perf-lint': { budgets: { importMs }, measure: { runs: 3 } } }),
    // Busy-waits 300 ms while the module evaluates: a startup nobody can miss.
    'index.js': 'const end = performance.now() + 300;\nwhile (performance.now() < end) {}\nexport const ready = true;\n',
  });

  it('reports an entry over its import-time budget, with the measured figure', async () => {
    const root = project(files(200));
    const { report } = await analyze({ root, measureCost: false, rules: ['startup-budget'], measureStartup: true });
    expect(report.findings).toHaveLength(1);
    const [f] = report.findings;
    expect(f).toMatchObject({ rule: 'startup-budget', file: 'index.js', severity: 'error' });
    const ms = Number(/takes (\d+) ms at startup/.exec(f.message)?.[1]);
    expect(ms).toBeGreaterThanOrEqual(300);
    expect(f.message).toContain('over the budget of 200 ms (measured)');
  });

  it('runs the entries with config measure.args', async () => {
    const cli = (args?: string[]): Record<string, string> => ({
      'package.json': JSON.stringify({ name: 'cli', type: 'module', main: 'index.js', 'perf-lint': { budgets: { importMs: 200 }, measure: { runs: 3, ...(args ? { args } : {}) } } }),
      // Without arguments it prints its usage and exits at once; `report` does the slow start.
      'index.js': "if (!process.argv.includes('report')) { console.log('usage: cli report'); process.exit(0); }\nconst end = performance.now() + 300;\nwhile (performance.now() < end) {}\n",
    });
    const slow = await analyze({ root: project(cli(['report'])), measureCost: false, rules: ['startup-budget'], measureStartup: true });
    expect(slow.report.findings.map((f) => f.rule)).toEqual(['startup-budget']);
    const quick = await analyze({ root: project(cli()), measureCost: false, rules: ['startup-budget'], measureStartup: true });
    expect(quick.report.findings).toEqual([]);
  });

  it('is quiet when the budget allows it', async () => {
    const root = project(files(60_000));
    const { report } = await analyze({ root, measureCost: false, rules: ['startup-budget'], measureStartup: true });
    expect(report.findings).toEqual([]);
  });
});
