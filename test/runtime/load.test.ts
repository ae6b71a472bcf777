/**
 * `perf-lint/runtime` is imported by fixed user code at startup: it must load only its own files.
 * A child process imports it by its package name with a loader hook recording every
 * module that gets loaded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRuntime, repoRoot } from './build-runtime.js';

const register = `import { register } from 'node:module';
register(new URL('./hooks.mjs', import.meta.url), { data: { out: process.env.LOAD_LOG } });
`;
const hooks = `import { appendFileSync } from 'node:fs';
let out;
export function initialize(d) { out = d.out; }
export async function load(url, context, next) { appendFileSync(out, url + '\\n'); return next(url, context); }
`;

describe('perf-lint/runtime weight', () => {
  beforeAll(() => buildRuntime(), 120_000);

  it('loads only its own files (the L2 codec and zlib wait for first use)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perf-lint-load-'));
    fs.writeFileSync(path.join(dir, 'register.mjs'), register);
    fs.writeFileSync(path.join(dir, 'hooks.mjs'), hooks);
    const log = path.join(dir, 'log.txt');
    fs.writeFileSync(log, '');
    // Resolved by the package's own name (self-reference through package.json "exports"), as users import it.
    execFileSync(process.execPath, ['--import', path.join(dir, 'register.mjs'), '--input-type=module', '-e', "const rt = await import('perf-lint/runtime'); if (typeof rt.cached !== 'function') process.exit(3);"], {
      cwd: repoRoot,
      env: { ...process.env, LOAD_LOG: log },
    });
    const rootUrl = `file://${repoRoot}/`;
    const loaded = fs.readFileSync(log, 'utf8').trim().split('\n').map((u) => (u.startsWith(rootUrl) ? u.slice(rootUrl.length) : u)).sort();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(loaded).toEqual([
      'dist/src/runtime/cached.js',
      'dist/src/runtime/duration.js',
      'dist/src/runtime/errors.js',
      'dist/src/runtime/index.js',
      'dist/src/runtime/key.js',
      'dist/src/runtime/lru.js',
      'dist/src/runtime/redis.js',
      'dist/src/runtime/store.js',
    ]);
  });

  it('has no import outside src/runtime except type-only ones', () => {
    const dir = path.join(repoRoot, 'src/runtime');
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)) {
        const [, typeOnly, spec] = m;
        if (typeOnly) continue;
        expect(/^\.\/[\w-]+\.js$/.test(spec), `${f} imports ${spec}`).toBe(true);
      }
    }
  });
});
