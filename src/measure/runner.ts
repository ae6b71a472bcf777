import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RawRun } from './analyze.js';
import { HOOKS_SOURCE, PROBE_CJS_SOURCE, PROBE_SOURCE } from './probe-source.js';

let probeDir: string | null = null;

/** Writes the probe (once per content) to the OS temp dir and returns the path of its `--import` module. */
export function probeFiles(): string {
  if (probeDir && existsSync(join(probeDir, 'probe.mjs'))) return join(probeDir, 'probe.mjs');
  const hash = createHash('sha256').update(PROBE_SOURCE).update(PROBE_CJS_SOURCE).update(HOOKS_SOURCE).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `perf-lint-probe-${hash}`);
  const files: [string, string][] = [
    ['hooks.mjs', HOOKS_SOURCE],
    ['probe.cjs', PROBE_CJS_SOURCE],
    ['probe.mjs', PROBE_SOURCE],
  ];
  if (!files.every(([name]) => existsSync(join(dir, name)))) {
    mkdirSync(dir, { recursive: true });
    // Write-then-rename: concurrent perf-lint processes never see a half-written probe.
    const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}`;
    for (const [name, source] of files) {
      writeFileSync(join(dir, name) + suffix, source);
      renameSync(join(dir, name) + suffix, join(dir, name));
    }
  }
  probeDir = dir;
  return join(dir, 'probe.mjs');
}

/** Whether Node runs `file` as an ES module (extension, else the nearest package.json "type"). */
export function isEsmFile(file: string): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs') || !file.endsWith('.js')) return false;
  let dir = dirname(file);
  for (;;) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: string }).type === 'module';
    } catch {
      // no (readable) package.json here: look further up
    }
    const up = dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
}

/** One probed run of a program. */
export interface ProbedRun {
  raw: RawRun;
  exitCode: number | null;
  stderr: string;
}

export interface RunOnceOptions {
  cwd: string;
  args: string[];
  nodeArgs: string[];
  env: Record<string, string>;
  scenario: string | null;
  timeoutMs: number;
  killAfterLoad: boolean;
  /** 'tree' installs the loader hooks; 'plain' does not (see probe-source.ts). */
  mode: 'tree' | 'plain';
  /** Run without the probe (for overhead measurement); `raw` is then absent. */
  noProbe?: boolean;
}

/** Spawns `node --import probe entry args` once and returns the probe's record. */
export function runOnce(entry: string, opts: RunOnceOptions): Promise<ProbedRun> {
  const out = join(tmpdir(), `perf-lint-run-${process.pid}-${randomBytes(6).toString('hex')}.json`);
  const probe = probeFiles();
  // A CommonJS entry without hooks gets the CommonJS probe via --require: with --import, Node
  // would start even a CommonJS main through its ES loader, which it does not do normally.
  const preload =
    opts.mode === 'plain' && !isEsmFile(entry)
      ? ['--require', join(dirname(probe), 'probe.cjs')]
      : ['--import', pathToFileURL(probe).href];
  const flags = opts.noProbe ? opts.nodeArgs : [...opts.nodeArgs, ...preload];
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env, PERF_LINT_PROBE_OUT: out, PERF_LINT_PROBE_MODE: opts.mode };
  if (opts.scenario) env.PERF_LINT_SCENARIO = pathToFileURL(opts.scenario).href;
  else delete env.PERF_LINT_SCENARIO;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, entry, ...opts.args], {
      cwd: opts.cwd,
      env,
      // The program's stdout is its own business; stderr is kept (tail) to explain failures.
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    const poll = opts.killAfterLoad
      ? setInterval(() => {
          if (existsSync(out)) child.kill('SIGKILL');
        }, 20)
      : null;
    child.on('error', (err) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      if (opts.noProbe) {
        resolve({ raw: undefined as unknown as RawRun, exitCode: code, stderr });
        return;
      }
      let text: string;
      try {
        text = readFileSync(out, 'utf8');
      } catch {
        const why = killed ? `timed out after ${opts.timeoutMs} ms` : `exited with code ${code}`;
        reject(new Error(`the measured program ${why} before the probe reported${stderr ? `:\n${stderr.trim()}` : ''}`));
        return;
      }
      rmSync(out, { force: true });
      resolve({ raw: JSON.parse(text) as RawRun, exitCode: code, stderr });
    });
  });
}
