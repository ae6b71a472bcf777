/**
 * `@cached` in both TypeScript decorator modes: the source is type-checked and compiled by the real
 * TypeScript compiler, then run in a child process against the built package.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRuntime, repoRoot } from './build-runtime.js';

const source = `import { cached, cacheStats, type CacheStats } from 'perf-lint/runtime';

const calls: string[] = [];

export class UserService {
  constructor(private readonly prefix: string) {}

  @cached({ ttl: '5m', max: 100 })
  async getUser(id: number): Promise<{ id: number; name: string }> {
    calls.push('getUser:' + id);
    await new Promise((r) => setTimeout(r, 5));
    return { id, name: this.prefix + id };
  }

  @cached
  total(a: number, b: number): number {
    calls.push('total:' + a + ',' + b);
    return a + b;
  }

  @cached({ namespace: 'UserService.square', key: (x) => Math.abs(x) })
  static square(x: number): number {
    calls.push('square:' + x);
    return x * x;
  }
}

const s = new UserService('user-');
const users = await Promise.all([s.getUser(1), s.getUser(1), s.getUser(2)]);
const again = await s.getUser(1);
const totals = [s.total(1, 2), s.total(1, 2), s.total(2, 2)];
const squares = [UserService.square(3), UserService.square(-3)];
const st: CacheStats | undefined = cacheStats(UserService.prototype.getUser);
console.log(JSON.stringify({
  users, again, totals, squares, calls,
  name: UserService.prototype.getUser.name, length: UserService.prototype.getUser.length,
  stats: st && { hits: st.hits, misses: st.misses, coalesced: st.coalesced, namespace: st.namespace },
}));
`;

async function compileAndRun(experimentalDecorators: boolean): Promise<{ diagnostics: string[]; output: unknown }> {
  const ts = (await import('typescript')).default;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `perf-lint-deco-${experimentalDecorators ? 'legacy' : 'std'}-`));
  // The package is reached as users reach it: by name, through node_modules.
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(repoRoot, path.join(dir, 'node_modules/perf-lint'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
  const file = path.join(dir, 'main.ts');
  fs.writeFileSync(file, source);
  const options = {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true, experimentalDecorators, skipLibCheck: true, types: ['node'], typeRoots: [path.join(repoRoot, 'node_modules/@types')], outDir: dir, lib: ['lib.es2023.d.ts'],
  };
  const program = ts.createProgram([file], options);
  const emit = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emit.diagnostics].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  const out = execFileSync(process.execPath, [path.join(dir, 'main.js')], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { diagnostics, output: JSON.parse(out) };
}

describe('@cached decorator', () => {
  beforeAll(() => buildRuntime(), 120_000);

  it.each([
    ['standard (TC39) decorators', false],
    ['legacy experimentalDecorators', true],
  ])('caches methods with %s', async (_mode, legacy) => {
    const { diagnostics, output } = await compileAndRun(legacy);
    expect(diagnostics).toEqual([]);
    expect(output).toEqual({
      users: [{ id: 1, name: 'user-1' }, { id: 1, name: 'user-1' }, { id: 2, name: 'user-2' }],
      again: { id: 1, name: 'user-1' },
      totals: [3, 3, 4],
      squares: [9, 9],
      calls: ['getUser:1', 'getUser:2', 'total:1,2', 'total:2,2', 'square:3'],
      name: 'getUser',
      length: 1,
      stats: { hits: 2, misses: 2, coalesced: 1, namespace: 'UserService.getUser' },
    });
  }, 180_000); // a full TypeScript program per mode: slow on a busy machine
});
