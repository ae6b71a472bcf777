import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin', 'perf-lint.js');
const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');

function run(cmd: string, args: string[], cwd: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A copy of the demo app whose dependencies are perf-lint's own devDependencies (as npm run demo does). */
function demoCopy(): string {
  const app = path.join(mkdtempSync(path.join(os.tmpdir(), 'perf-lint-e2e-')), 'demo-app');
  cpSync(path.join(repo, 'fixtures', 'demo-app'), app, { recursive: true });
  mkdirSync(path.join(app, 'node_modules'));
  for (const name of ['date-fns', 'rxjs', 'ajv', 'lodash', 'luxon', '@types']) symlinkSync(path.join(repo, 'node_modules', name), path.join(app, 'node_modules', name));
  symlinkSync(repo, path.join(app, 'node_modules', 'perf-lint'));
  // Measuring package costs takes a while; naming the heavy packages in config gives the same
  // findings from static costs (--no-measure-cost), which is what this test is about.
  const configFile = path.join(app, 'perf-lint.config.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as { heavy: string[] };
  config.heavy = ['rxjs', 'date-fns', 'ajv', 'lodash', 'luxon'];
  writeFileSync(configFile, JSON.stringify(config));
  return app;
}

const scenarios = [['help'], ['report', '3'], ['validate', '{"id":1,"items":["a"]}'], ['validate', '{"id":"x"}'], ['stream', '5'], ['checksum', 'abc'], ['nope']];

describe('analyze --fix on a copy of the demo app', () => {
  it('fixes every fixable finding, keeps each command output and exit code, and defers the heavy packages', () => {
    const app = demoCopy();
    expect(run('node', [tsc, '-p', 'tsconfig.json'], app).code).toBe(0);
    const before = scenarios.map((args) => run('node', ['dist/cli.js', ...args], app));
    const sources = ['src/cli.ts', 'src/commands/report.ts', 'src/commands/stream.ts', 'src/commands/validate.ts', 'src/util/checksum.ts'];
    const original = Object.fromEntries(sources.map((f) => [f, readFileSync(path.join(app, f), 'utf8')]));

    const analyzed = run('node', [bin, 'analyze', '--format', 'json', '--no-measure-cost'], app);
    expect(analyzed.code).toBe(0);
    const fixed = run('node', [bin, 'analyze', '--fix', '--no-measure-cost'], app);
    expect(fixed.code).toBe(0);
    expect(fixed.err).toMatch(/^fixed 5 files, 0 unchanged, /);

    // Every rewritten file changed and still compiles under the app's strict tsconfig.
    for (const f of sources) expect(readFileSync(path.join(app, f), 'utf8')).not.toBe(original[f]);
    const build = run('node', [tsc, '-p', 'tsconfig.json'], app);
    expect(build.out + build.err).toBe('');
    expect(build.code).toBe(0);

    const after = scenarios.map((args) => run('node', ['dist/cli.js', ...args], app));
    const norm = (s: string): string => s.replace(/\(computed \d+ times? for/, '(computed N for').replace(/file:\/\/\S+/g, '');
    for (let i = 0; i < scenarios.length; i++) {
      expect({ args: scenarios[i], code: after[i].code, out: norm(after[i].out) }).toEqual({ args: scenarios[i], code: before[i].code, out: norm(before[i].out) });
    }
    // The cached checksum: before the fix both calls compute; after it the second is a cache hit.
    expect(before[5].out).toContain('(computed 2 times for 2 calls, same=true)');
    expect(after[5].out).toContain('(computed 1 time for 2 calls, same=true)');

    // A second --fix changes nothing.
    const snapshot = Object.fromEntries(sources.map((f) => [f, readFileSync(path.join(app, f), 'utf8')]));
    const again = run('node', [bin, 'analyze', '--fix', '--no-measure-cost'], app);
    expect(again.code).toBe(0);
    for (const f of sources) expect(readFileSync(path.join(app, f), 'utf8')).toBe(snapshot[f]);

    // `help` (the startup path) no longer evaluates the heavy packages.
    const probe = run('node', ['--input-type=module', '-e', "await import('./dist/cli.js'); const { createRequire } = await import('node:module'); const r = createRequire(import.meta.url); console.error(JSON.stringify(Object.keys(r.cache).filter((k) => k.includes('node_modules'))));"], app);
    expect(JSON.parse(probe.err.trim().split('\n').pop() ?? '[]')).toEqual([]);
  }, 240_000);
});
