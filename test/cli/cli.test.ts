import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin', 'perf-lint.js');

function cli(args: string[], cwd = repo, env: Record<string, string> = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perf-lint-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };

describe('perf-lint CLI (bin/perf-lint.js)', () => {
  it('--help lists the commands and global flags, exit 0', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['analyze', 'graph', 'measure', 'rules', 'init', '--config', '--format', '--output', '--quiet', '--no-color', '--max-warnings', '--version']) expect(r.out).toContain(word);
  });

  it('a reader that closes the pipe early (| head) stops perf-lint quietly, with the exit code of the run', () => {
    // The graph's JSON (about 90 kB) is more than a pipe holds, so the write is still pending when head exits.
    const run = (cmd: string): { code: number | null; err: string } => {
      const r = spawnSync('bash', ['-c', `set -o pipefail; ${cmd} 2>"$ERR" | head -c 10 >/dev/null; echo $?`], { cwd: repo, encoding: 'utf8', env: { ...process.env, ERR: errFile } });
      return { code: Number(r.stdout.trim()), err: readFileSync(errFile, 'utf8') };
    };
    const errFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'perf-lint-pipe-')), 'stderr');
    const graph = run(`"${process.execPath}" "${bin}" graph src --format json`);
    expect(graph.err).toBe('');
    expect(graph.code).toBe(0);
    // A project with findings over --max-warnings: its exit code (1) survives the closed pipe.
    const dir = project({ 'package.json': '{"type":"module"}', ...Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`src/f${i}.js`, "import { join } from 'node:path';\nexport const x = 1;\n"])) });
    const analyze = run(`cd "${dir}" && "${process.execPath}" "${bin}" analyze --no-measure-cost --max-warnings 0 --format json`);
    expect(analyze.err).toBe('');
    expect(analyze.code).toBe(1);
  });

  it('--version prints the package version', () => {
    const r = cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(pkg.version);
  });

  it('an unknown flag is one line on stderr and exit 2', () => {
    const r = cli(['analyze', '--nope']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain("unknown option '--nope'");
  });

  it('an unknown command is exit 2', () => {
    const r = cli(['analyse']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('a bad number is exit 2', () => {
    const r = cli(['analyze', '--max-warnings', 'many']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('expected a whole number');
  });

  it('a missing path is one line naming it, exit 2', () => {
    const r = cli(['analyze', 'no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('perf-lint: no/such/dir: no such file or directory');
  });

  it('a bad config is one line naming the file and key, exit 2', () => {
    const dir = project({ 'package.json': '{"name":"x"}', 'perf-lint.config.json': '{"rules":{"no-import-cycle":"warning"}}', 'index.js': '' });
    const r = cli(['analyze'], dir);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('perf-lint: perf-lint.config.json: "rules.no-import-cycle": expected "off" | "warn" | "error", got "warning"');
  });

  it('an unknown format is exit 2', () => {
    const dir = project({ 'package.json': '{"name":"x"}', 'index.js': '' });
    const r = cli(['analyze', '--format', 'xml'], dir);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('perf-lint: unknown format "xml" (available: stylish, json, sarif, markdown, github, compact)');
  });

  it('an unparsable file: the rest is still analysed and reported, one stderr line names the file, exit 2', () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'x', type: 'module', main: 'index.js' }),
      'index.js': "import { unused } from './ok.js';\nimport broken from './broken.js';\nexport const x = broken;\n",
      'ok.js': 'export const unused = 1;\n',
      'broken.js': 'export default function (\n',
    });
    const r = cli(['analyze', '--format', 'json', '--no-measure-cost'], dir);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('perf-lint: broken.js:2:1: cannot parse: Expected `)` but found `EOF`');
    const report = JSON.parse(r.out) as { findings: { rule: string; file: string }[]; problems: { file: string }[] };
    expect(report.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['no-unused-import index.js']);
    expect(report.problems.map((p) => p.file)).toEqual(['broken.js']);
    // A dry run of --fix gives the same verdict.
    const dry = cli(['analyze', '--no-measure-cost', '--fix', '--dry-run'], dir);
    expect(dry.code).toBe(2);
    expect(dry.err.trim().split('\n').at(-1)).toBe('perf-lint: broken.js:2:1: cannot parse: Expected `)` but found `EOF`');
  });

  it('a tsconfig that cannot be read: analyze reports the rest and fails with one line naming it; --fix writes nothing, exit 2', () => {
    const index = "import { User } from './models.js';\nexport function name(u: User): string { return String(u); }\n";
    const dir = project({
      'package.json': JSON.stringify({ name: 'x', type: 'module' }),
      'tsconfig.json': '{ "extends": "./missing-base.json", "compilerOptions": { "verbatimModuleSyntax": true } }',
      'src/models.ts': 'export class User {}\n',
      'src/index.ts': index,
    });
    const r = cli(['analyze', '--format', 'json', '--no-measure-cost'], dir);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe("perf-lint: tsconfig.json: extends './missing-base.json', which is not there");
    const report = JSON.parse(r.out) as { findings: { rule: string }[]; problems: { file: string; message: string }[] };
    expect(report.findings.map((f) => f.rule)).toEqual(['prefer-type-import']);
    expect(report.problems).toEqual([{ file: 'tsconfig.json', line: 1, column: 1, message: "tsconfig extends './missing-base.json', which is not there; its settings are unknown to perf-lint" }]);
    const fix = cli(['analyze', '--no-measure-cost', '--fix'], dir);
    expect(fix.code).toBe(2);
    expect(fix.err.trim()).toBe("perf-lint: tsconfig.json: extends './missing-base.json', which is not there; --fix needs the TypeScript settings to keep the program's behaviour, so nothing was written");
    expect(readFileSync(path.join(dir, 'src/index.ts'), 'utf8')).toBe(index);
    // Once the tsconfig reads, the same fix is written.
    writeFileSync(path.join(dir, 'missing-base.json'), '{}');
    expect(cli(['analyze', '--no-measure-cost', '--fix'], dir).code).toBe(0);
    expect(readFileSync(path.join(dir, 'src/index.ts'), 'utf8')).toContain('import type { User }');
  });

  it("each monorepo package is read with its own tsconfig's settings", () => {
    const model = 'export class User {}\n';
    const typeUse = "import { User } from './models.js';\nexport function name(u: User): string { return String(u); }\n";
    const dir = project({
      'package.json': JSON.stringify({ name: 'mono', private: true, type: 'module' }),
      'tsconfig.json': '{ "compilerOptions": { "strict": true } }',
      // verbatimModuleSyntax keeps `import { User }` at run time: prefer-type-import applies.
      'packages/web/tsconfig.json': '{ "extends": "../../tsconfig.json", "compilerOptions": { "verbatimModuleSyntax": true } }',
      'packages/web/src/models.ts': model,
      'packages/web/src/a.ts': typeUse,
      // The same, but the type is read by decorator metadata: it must stay a value.
      'packages/api/tsconfig.json': '{ "compilerOptions": { "verbatimModuleSyntax": true, "emitDecoratorMetadata": true, "experimentalDecorators": true } }',
      'packages/api/src/repo.ts': 'export class Repo {}\n',
      'packages/api/src/svc.ts': "import { Repo } from './repo.js';\ndeclare function Injectable(): ClassDecorator;\n@Injectable()\nexport class Svc {\n  constructor(private r: Repo) {}\n}\n",
      // No tsconfig of its own: the root's, without verbatimModuleSyntax (tsc drops the import).
      'packages/legacy/src/models.ts': model,
      'packages/legacy/src/b.ts': typeUse,
    });
    const r = cli(['analyze', '--format', 'json', '--no-measure-cost'], dir);
    expect(r.err).toBe('');
    const report = JSON.parse(r.out) as { findings: { rule: string; file: string }[] };
    expect(report.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['prefer-type-import packages/web/src/a.ts']);
    expect(cli(['analyze', '--no-measure-cost', '--fix'], dir).code).toBe(0);
    expect(readFileSync(path.join(dir, 'packages/web/src/a.ts'), 'utf8')).toContain("import type { User } from './models.js';");
    expect(readFileSync(path.join(dir, 'packages/api/src/svc.ts'), 'utf8')).toContain("import { Repo } from './repo.js';");
  });

  it('a cache that cannot be written is one warning line on stderr; the result and exit code stand', () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'x', type: 'module' }),
      'index.js': "import { a } from './a.js';\nconsole.log(a);\n",
      'a.js': 'export const a = 1;\n',
    });
    // A folder where the cache file goes.
    mkdirSync(path.join(dir, 'node_modules/.cache/perf-lint/graph.bin'), { recursive: true });
    const warning = `perf-lint: warning: ${path.join(dir, 'node_modules/.cache/perf-lint/graph.bin')}: cannot write the cache (EISDIR: illegal operation on a directory); the next run parses again`;
    const g = cli(['graph', '--cache', '--format', 'text'], dir);
    expect([g.code, g.err.trim()]).toEqual([0, warning]);
    expect(g.out).toContain('-> a.js (static, line 1)');
    const a = cli(['analyze', '--cache', '--format', 'json', '--no-measure-cost'], dir);
    expect([a.code, a.err.trim()]).toEqual([0, warning]);
    expect((JSON.parse(a.out) as { findings: unknown[] }).findings).toEqual([]);
  });

  it("graph takes the files the config's include and exclude choose, from the config found or -c, and a broken config is exit 2", () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'x', type: 'module', 'perf-lint': { exclude: ['src/fixtures/**'] } }),
      'src/index.js': "import './fixtures/f.js';\nimport './b.js';\n",
      'src/b.js': 'export {};\n',
      'src/fixtures/f.js': "import '../b.js';\n",
      'other.json': JSON.stringify({ include: ['src/fixtures/**'] }),
    });
    const files = (args: string[], cwd = dir): string[] => {
      const r = cli(['graph', '--format', 'json', ...args], cwd);
      expect([args.join(' '), r.code, r.err]).toEqual([args.join(' '), 0, '']);
      return (JSON.parse(r.out) as { modules: { file: string }[] }).modules.map((m) => m.file);
    };
    expect(files([])).toEqual(['src/b.js', 'src/index.js']);
    // A sub-folder as the root: the globs stay relative to the config's folder.
    expect(files(['src'])).toEqual(['b.js', 'index.js']);
    expect(files(['-c', 'other.json'])).toEqual(['src/fixtures/f.js']);
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ exclude: 'src' }));
    const bad = cli(['graph', '-c', 'bad.json'], dir);
    expect([bad.code, bad.err.trim().split('\n').length, bad.err]).toEqual([2, 1, expect.stringContaining('bad.json')]);
  });

  it('an --output (or --write-baseline) that cannot be written is one line naming it, exit 2', () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'x', type: 'module' }), 'index.js': 'export const a = 1;\n' });
    const missing = path.join(dir, 'no-such-folder', 'out.json');
    for (const args of [['graph', '--output', missing], ['analyze', '--no-measure-cost', '--output', missing], ['analyze', '--no-measure-cost', '--write-baseline', missing]]) {
      const r = cli(args, dir);
      expect([args.join(' '), r.code, r.err.trim()]).toEqual([args.join(' '), 2, `perf-lint: ${missing}: cannot write (ENOENT: no such file or directory)`]);
    }
  });

  it('an --entry that does not exist and an unknown rules format are one line each, exit 2', () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'x', type: 'module' }), 'index.js': 'export const a = 1;\n' });
    const entry = cli(['analyze', '--no-measure-cost', '--entry', 'nope.js'], dir);
    expect([entry.code, entry.err.trim()]).toEqual([2, 'perf-lint: nope.js: entry not found']);
    const rules = cli(['rules', '--format', 'yaml'], dir);
    expect([rules.code, rules.err.trim(), rules.out]).toEqual([2, "perf-lint: --format 'yaml': unknown rules format (use text, json)", '']);
  });

  it('init writes a starter config that validates, and refuses to overwrite', () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'x', type: 'module', bin: 'dist/cli.js' }), 'src/cli.ts': 'export {};\n' });
    const r = cli(['init'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('entries: src/cli.ts');
    const text = readFileSync(path.join(dir, 'perf-lint.config.mjs'), 'utf8');
    expect(text).toContain('"src/cli.ts"');
    expect(cli(['init'], dir).code).toBe(2);
  });

  it('--help loads no heavy library and none of the commands', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'perf-lint-loads-')), 'loads.txt');
    writeFileSync(out, '');
    const r = spawnSync(process.execPath, ['--import', path.join(repo, 'test/helpers/record-loads.mjs'), bin, '--help'], { encoding: 'utf8', env: { ...process.env, PERF_LINT_LOADS: out } });
    expect(r.status).toBe(0);
    const loaded = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    const ours = loaded.filter((u) => u.includes('/dist/')).map((u) => u.slice(u.indexOf('/dist/') + 1));
    expect(ours.sort()).toEqual(['dist/src/cli/index.js', 'dist/src/errors.js', 'dist/src/version.js']);
    const packages = new Set(loaded.flatMap((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1] ?? []));
    expect([...packages]).toEqual(['commander']);
    expect(existsSync(out)).toBe(true);
  });
});

describe('perf-lint on its own source', () => {
  it('reports nothing (perf-lint is what it preaches)', () => {
    const r = cli(['analyze', '--no-measure-cost', '--format', 'json']);
    expect(r.err).toBe('');
    const report = JSON.parse(r.out) as { findings: unknown[]; problems: unknown[]; summary: { files: number } };
    expect(report.findings).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.summary.files).toBeGreaterThan(50);
    expect(r.code).toBe(0);
  });
});

describe('analyze --fix --measure on a compiled TypeScript project', () => {
  const files = (scripts: Record<string, string>): Record<string, string> => ({
    'package.json': JSON.stringify({ name: 'ts-app', version: '1.0.0', main: 'dist/main.js', scripts }),
    'perf-lint.config.json': JSON.stringify({ heavy: ['slow'], measure: { runs: 3 } }),
    '.gitignore': 'dist\n',
    'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src', module: 'commonjs', target: 'es2022', strict: true, esModuleInterop: true, types: ['node'] }, include: ['src'] }),
    'src/main.ts': "import { later } from './later';\nconsole.log(typeof later);\n",
    'src/later.ts': "import slow from 'slow';\nexport function later(): number {\n  return slow();\n}\n",
    'node_modules/slow/package.json': '{ "name": "slow", "version": "1.0.0", "main": "index.js", "types": "index.d.ts" }',
    'node_modules/slow/index.js': 'module.exports = function slow() { return 1; };\n',
    'node_modules/slow/index.d.ts': 'declare function slow(): number;\nexport = slow;\n',
  });
  const tsc = `node ${JSON.stringify(path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'))} -p tsconfig.json`;
  const setUp = (scripts: Record<string, string>): string => {
    const dir = project(files(scripts));
    mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
    symlinkSync(path.join(repo, 'node_modules', '@types', 'node'), path.join(dir, 'node_modules', '@types', 'node'), 'dir');
    expect(spawnSync(tsc, { cwd: dir, shell: true }).status).toBe(0);
    return dir;
  };

  it('without a build command: one line naming the entry and its output, exit 2, nothing written', () => {
    const dir = setUp({});
    const before = readFileSync(path.join(dir, 'src/later.ts'), 'utf8');
    const r = cli(['analyze', '--no-measure-cost', '--fix', '--measure'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe('perf-lint: src/main.ts runs as dist/main.js, which nothing rebuilds after --fix: set "build" in the perf-lint config (for example "tsc -p .") to measure\n');
    expect(readFileSync(path.join(dir, 'src/later.ts'), 'utf8')).toBe(before);
  });

  it("with a package.json build script: builds before and after, and measures the fixed output", () => {
    const dir = setUp({ build: tsc });
    const r = cli(['analyze', '--no-measure-cost', '--fix', '--measure'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain('perf-lint: building with "npm run build" before and after --fix');
    expect(r.err).toContain('fixed 1 file');
    expect(readFileSync(path.join(dir, 'dist/later.js'), 'utf8')).toContain("require('slow')");
    // slow (one module) is no longer loaded at startup: the after figures are of the rebuilt output.
    expect(r.out).toMatch(/modules\s+3\.0\s+2\.0\s/);
    expect(r.out).toContain('no longer loaded: node_modules/slow/index.js');
  });
});
