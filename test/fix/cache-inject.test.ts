/**
 * Cache injection: input/output fixture pairs under fixtures/cache/<case>/, idempotency, the
 * reported (untouched) targets, and a behaviour check: the input program and the injected one,
 * type-checked and compiled by the real TypeScript compiler (JS cases run as they are), print the
 * same results while the injected one calls the slow functions once per key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { injectCaching, type CacheInjectTarget } from '../../src/fix/cache-inject.js';
import { buildRuntime, repoRoot } from '../runtime/build-runtime.js';

const fixtures = path.join(repoRoot, 'fixtures/cache');
const cases = ['method-standard', 'method-legacy', 'function-declaration', 'arrow', 'js-class', 'cjs', 'cjs-double-quotes', 'esm-double-quotes'];

interface Case {
  dir: string;
  ext: string;
  targets: CacheInjectTarget[];
  legacy: boolean;
  cjs: boolean;
}

function load(name: string): Case {
  const dir = path.join(fixtures, name);
  const ext = fs.existsSync(path.join(dir, 'input.ts')) ? '.ts' : '.js';
  const tsconfig = path.join(dir, 'tsconfig.json');
  const legacy = fs.existsSync(tsconfig) && /"experimentalDecorators":\s*true/.test(fs.readFileSync(tsconfig, 'utf8'));
  const cjs = ext === '.js' && /\brequire\(/.test(fs.readFileSync(path.join(dir, `input${ext}`), 'utf8'));
  return { dir, ext, targets: JSON.parse(fs.readFileSync(path.join(dir, 'targets.json'), 'utf8')), legacy, cjs };
}

/** A temp copy of the fixture's input (and tsconfig): committed fixtures are never touched. */
function copyInput(c: Case): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'perf-lint-cache-inject-'));
  for (const f of fs.readdirSync(c.dir)) if (f.startsWith('input.') || f === 'tsconfig.json') fs.copyFileSync(path.join(c.dir, f), path.join(tmp, f));
  return tmp;
}

/** A program written into its own temp project that reaches perf-lint/runtime by name. */
interface Prepared {
  dir: string;
  diagnostics: string[];
}

const prepared = new Map<string, Prepared>();

/**
 * Writes every case's input and output program, then type-checks and compiles all TypeScript ones
 * with one program per decorator mode (a program per file would load the libs twelve times).
 */
async function prepareAll(): Promise<void> {
  const ts = (await import('typescript')).default;
  const byMode = new Map<boolean, { key: string; file: string }[]>([[false, []], [true, []]]);
  for (const name of cases) {
    const c = load(name);
    for (const which of ['input', 'output'] as const) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `perf-lint-cache-run-${name}-${which}-`));
      fs.mkdirSync(path.join(dir, 'node_modules'));
      fs.symlinkSync(repoRoot, path.join(dir, 'node_modules/perf-lint'));
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: c.cjs ? 'commonjs' : 'module' }));
      const source = fs.readFileSync(path.join(c.dir, `${which}${c.ext}`), 'utf8');
      const file = path.join(dir, `main${c.ext}`);
      fs.writeFileSync(file, source);
      prepared.set(`${name}:${which}`, { dir, diagnostics: [] });
      if (c.ext === '.ts') byMode.get(c.legacy)!.push({ key: `${name}:${which}`, file });
    }
  }
  for (const [legacy, files] of byMode) {
    if (files.length === 0) continue;
    const program = ts.createProgram(files.map((f) => f.file), {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true, experimentalDecorators: legacy, skipLibCheck: true, lib: ['lib.es2023.d.ts'],
      types: ['node'], typeRoots: [path.join(repoRoot, 'node_modules/@types')],
    });
    const text = (d: import('typescript').Diagnostic) => ts.flattenDiagnosticMessageText(d.messageText, ' ');
    const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map(text);
    for (const f of files) {
      const sf = program.getSourceFile(f.file)!;
      // Emitted beside its source: main.js in the case's own temp project.
      const emitted = program.emit(sf);
      prepared.get(f.key)!.diagnostics = [...global, ...ts.getPreEmitDiagnostics(program, sf), ...emitted.diagnostics].map((d) => (typeof d === 'string' ? d : text(d)));
    }
  }
}

/** Runs a prepared program and parses what it prints. */
function run(name: string, which: 'input' | 'output'): { diagnostics: string[]; output: { results: unknown[]; calls: string[] } } {
  const p = prepared.get(`${name}:${which}`)!;
  const out = execFileSync(process.execPath, ['--no-warnings', path.join(p.dir, 'main.js')], { encoding: 'utf8' });
  return { diagnostics: p.diagnostics, output: JSON.parse(out) };
}

describe('injectCaching', () => {
  beforeAll(async () => {
    buildRuntime();
    await prepareAll();
  }, 240_000); // two full TypeScript programs: slow when the machine is busy running every suite
  afterAll(() => {
    for (const p of prepared.values()) fs.rmSync(p.dir, { recursive: true, force: true });
  });

  describe.each(cases)('%s', (name) => {
    const c = load(name);

    it('produces the expected output and nothing more on a second run', async () => {
      const tmp = copyInput(c);
      const file = path.join(tmp, `input${c.ext}`);
      const before = fs.readFileSync(file, 'utf8');
      const first = await injectCaching(tmp, c.targets, { dryRun: true });
      expect(first.reports).toEqual([]);
      expect(first.changed.map((x) => x.file)).toEqual([file]);
      expect(first.changed[0].before).toBe(before);
      expect(first.changed[0].after).toBe(fs.readFileSync(path.join(c.dir, `output${c.ext}`), 'utf8'));
      expect(fs.readFileSync(file, 'utf8')).toBe(before); // computes, never writes
      fs.writeFileSync(file, first.changed[0].after);
      const second = await injectCaching(tmp, c.targets, { dryRun: false });
      expect(second).toEqual({ changed: [], reports: [] });
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('keeps the results and calls the slow functions once per key', async () => {
      const expected = JSON.parse(fs.readFileSync(path.join(c.dir, 'expect.json'), 'utf8')) as { callsBefore: number; callsAfter: number };
      const before = run(name, 'input');
      const after = run(name, 'output');
      expect(before.diagnostics).toEqual([]);
      expect(after.diagnostics).toEqual([]);
      expect(after.output.results).toEqual(before.output.results);
      expect(before.output.calls).toHaveLength(expected.callsBefore);
      expect(after.output.calls).toHaveLength(expected.callsAfter);
      // Once per distinct key: no call repeats after injection.
      expect(new Set(after.output.calls).size).toBe(after.output.calls.length);
      expect(new Set(before.output.calls)).toEqual(new Set(after.output.calls));
    });
  });

  it('reports what it will not touch, and changes nothing', async () => {
    const c = load('reports');
    const tmp = copyInput(c);
    const r = await injectCaching(tmp, c.targets, { dryRun: true });
    expect(r.changed).toEqual([]);
    expect(r.reports).toEqual(JSON.parse(fs.readFileSync(path.join(c.dir, 'reports.json'), 'utf8')));
    expect(r.reports.map((x) => x.reason.split(' ').slice(0, 3).join(' '))).toEqual([
      'a generator cannot',
      'a caller mutates',
      'a caller mutates',
      'a caller mutates',
      'tier "redis" needs',
      'function missing not',
      'method Repo.missing not',
      'no source file',
      'key "id =>"',
      'expected "<file glob>#<function>"',
    ]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('adds the import once for several targets in one file and skips node_modules', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'perf-lint-cache-multi-'));
    fs.mkdirSync(path.join(tmp, 'src'));
    fs.mkdirSync(path.join(tmp, 'node_modules/dep'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'node_modules/dep/a.ts'), 'export function a(x: number) { return x; }\n');
    fs.writeFileSync(path.join(tmp, 'src/a.ts'), 'export function a(x: number) { return x; }\nexport const b = (x: number) => x * 2;\n');
    const r = await injectCaching(tmp, [{ target: '**/a.ts#a' }, { target: 'src/*.ts#b', ttl: 1000 }], { dryRun: true });
    expect(r.reports).toEqual([]);
    expect(r.changed.map((x) => path.relative(tmp, x.file))).toEqual(['src/a.ts']);
    expect(r.changed[0].after).toBe(
      "import { cached } from 'perf-lint/runtime';\n\n" +
        "export function a(x: number) {\n  return (_aCached ??= cached(_a, { namespace: 'a' }))(x);\n}\n" +
        'var _aCached: typeof _a | undefined;\nfunction _a(x: number) { return x; }\n' +
        "export const b = cached((x: number) => x * 2, { ttl: 1000, namespace: 'b' });\n",
    );
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
