#!/usr/bin/env node
// `npm run demo`: copy the bundled demo app to a temp dir and run perf-lint's main job on it:
// analyze, fix, measure before and after, and check the app still prints the same.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repo, 'bin', 'perf-lint.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'perf-lint-demo-'));
const app = path.join(work, 'demo-app');

const say = (s) => process.stdout.write(`\n\x1b[1m== ${s}\x1b[0m\n`);
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: app, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' }, ...opts });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}
function show(r) {
  // stderr first: it carries the one-line summaries that come before the results.
  if (r.err) process.stdout.write(r.err);
  if (r.out) process.stdout.write(r.out);
}

// The app's dependencies are perf-lint's devDependencies: link them (and perf-lint itself, for perf-lint/runtime).
cpSync(path.join(repo, 'fixtures', 'demo-app'), app, { recursive: true });
mkdirSync(path.join(app, 'node_modules', '.bin'), { recursive: true });
for (const name of ['date-fns', 'rxjs', 'ajv', 'lodash', 'luxon', 'typescript', '@types']) {
  symlinkSync(path.join(repo, 'node_modules', name), path.join(app, 'node_modules', name));
}
symlinkSync(repo, path.join(app, 'node_modules', 'perf-lint'));
symlinkSync(path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), path.join(app, 'node_modules', '.bin', 'tsc'));
const envPath = { env: { ...process.env, PATH: `${path.join(app, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` } };

say(`demo app copied to ${app}; building it with tsc`);
const build = run('node', [path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
if (build.code !== 0) {
  show(build);
  process.exit(1);
}

const scenarios = [['help'], ['report', '3'], ['validate', '{"id":1,"items":["a"]}'], ['stream', '5'], ['checksum', 'abc']];
const outputs = (label) => {
  const res = scenarios.map((args) => ({ args, ...run('node', ['dist/cli.js', ...args]) }));
  for (const r of res) process.stdout.write(`$ demo-app ${r.args.join(' ')}   [${label}, exit ${r.code}]\n${r.out}${r.err}`);
  return res;
};
say('the app, before');
const before = outputs('before');

say('perf-lint analyze');
show(run('node', [bin, 'analyze']));

const steps = readdirSync(path.join(repo, 'dist', 'src', 'fix')).length > 0 && existsSync(path.join(repo, 'dist', 'src', 'fix', 'index.js'));
if (!steps) {
  process.stdout.write('\n(--fix is not built yet: stopping after analyze)\n');
  process.exit(0);
}

say('perf-lint analyze --fix --dry-run (the diff it would apply)');
show(run('node', [bin, 'analyze', '--fix', '--dry-run'], envPath));

say('perf-lint analyze --fix --measure (fix, rebuild, measure before and after)');
const fixed = run('node', [bin, 'analyze', '--fix', '--measure'], envPath);
show(fixed);

say('the app, after: same output?');
const after = outputs('after');
let same = true;
for (let i = 0; i < scenarios.length; i++) {
  const a = before[i];
  const b = after[i];
  // The checksum command prints how many calls really computed: the cache is meant to change that.
  const norm = (s) => s.replace(/\(computed \d+ times? for/, '(computed N for');
  if (a.code !== b.code || norm(a.out) !== norm(b.out)) {
    same = false;
    process.stdout.write(`DIFFERENT: demo-app ${scenarios[i].join(' ')}\n`);
  }
}
process.stdout.write(same ? 'same output and exit code for every command\n' : 'outputs differ!\n');
const cachedLine = after.find((r) => r.args[0] === 'checksum')?.out ?? '';
if (/computed 1 time for 2 calls/.test(cachedLine)) process.stdout.write('checksum(): the second call was served from perf-lint/runtime\'s cache (config "cache" target, injected by --fix)\n');
process.exitCode = same && fixed.code === 0 ? 0 : 1;
