/** applyFixes end to end on temp projects: one pass per file, refusals, stale plans, dry run, rollback. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModule } from '../../src/graph/parse.js';
import type { FixPlan } from '../../src/engine/types.js';
import { applyFixes, formatFixSummary } from '../../src/fix/index.js';
import { removeDir, tempProject } from './helpers.js';

const SRC = `import { chunk, List } from 'lodash';
import { parse } from 'heavy-named';
import { format, addDays } from 'date-fns';

export function rows(xs: List<number>): number[][] {
  return chunk(xs, 2);
}

export function run(s: string): string {
  return parse(s) + format(addDays(new Date(0), 1), 'yyyy');
}
`;

function plansFor(file: string, source: string): FixPlan[] {
  const p = parseModule(file, source);
  const idx = (s: string) => p.imports.findIndex((r) => r.specifier === s);
  return [
    { kind: 'type-import', file, importIndex: idx('lodash'), names: ['List'] },
    { kind: 'lazy', file, specifier: 'heavy-named', importIndexes: [idx('heavy-named')], shape: 'require' },
    { kind: 'subpath', file, importIndex: idx('date-fns'), rewrites: [{ name: 'format', subpath: 'date-fns/format' }, { name: 'addDays', subpath: 'date-fns/addDays' }] },
  ];
}

describe('applyFixes', () => {
  it('applies every plan of a file in one pass and is idempotent', async () => {
    const dir = tempProject({ 'src/a.ts': SRC });
    try {
      const file = join(dir, 'src/a.ts');
      const r = await applyFixes(plansFor(file, SRC), { root: dir, dryRun: false, ts: { module: 'commonjs', esModuleInterop: true } });
      expect(r.errors).toEqual([]);
      expect(r.skipped).toEqual([]);
      expect(r.fixed).toEqual(['src/a.ts']);
      const out = readFileSync(file, 'utf8');
      expect(out).toBe(`import { chunk, type List } from 'lodash';
import { format } from 'date-fns/format';
import { addDays } from 'date-fns/addDays';
let _heavy_named: typeof import('heavy-named') | undefined;
const $heavy_named = (): typeof import('heavy-named') => (_heavy_named ??= require('heavy-named'));

export function rows(xs: List<number>): number[][] {
  return chunk(xs, 2);
}

export function run(s: string): string {
  return (0, $heavy_named().parse)(s) + format(addDays(new Date(0), 1), 'yyyy');
}
`);
      const again = await applyFixes(plansFor(file, out), { root: dir, dryRun: false, ts: { module: 'commonjs', esModuleInterop: true } });
      expect(again.fixed).toEqual([]);
      expect(readFileSync(file, 'utf8')).toBe(out);
    } finally {
      removeDir(dir);
    }
  });

  it('dry run: writes nothing, and the diff applies with git apply and patch', async () => {
    const dir = tempProject({ 'src/a.ts': SRC, 'src/b.mjs': "import { parse } from 'heavy-named';\nexport const f = (s) => parse(s);\n" });
    try {
      const a = join(dir, 'src/a.ts');
      const b = join(dir, 'src/b.mjs');
      const plans = [...plansFor(a, SRC), { kind: 'lazy', file: b, specifier: 'heavy-named', importIndexes: [0], shape: 'require' } as FixPlan];
      const r = await applyFixes(plans, { root: dir, dryRun: true, ts: { module: 'commonjs', esModuleInterop: true } });
      expect(readFileSync(a, 'utf8')).toBe(SRC);
      expect(r.fixed).toEqual(['src/a.ts', 'src/b.mjs']);
      expect(formatFixSummary(r)).toBe('would fix 2 files, 0 unchanged, 0 skipped, 0 errors');
      writeFileSync(join(dir, 'fix.diff'), r.diff!);
      execFileSync('git', ['apply', '--check', 'fix.diff'], { cwd: dir });
      execFileSync('patch', ['-p1', '--dry-run', '-i', 'fix.diff'], { cwd: dir });
      execFileSync('git', ['apply', 'fix.diff'], { cwd: dir });
      const real = await applyFixes(plansFor(a, readFileSync(a, 'utf8')), { root: dir, dryRun: true, ts: { module: 'commonjs', esModuleInterop: true } });
      expect(real.fixed).toEqual([]); // the patched file is what --fix would have written
    } finally {
      removeDir(dir);
    }
  });

  it('refuses files under node_modules and reports stale plans', async () => {
    const dir = tempProject({ 'src/a.mjs': "import { parse } from 'heavy-named';\nexport const f = (s) => parse(s);\n" });
    try {
      mkdirSync(join(dir, 'vendor/node_modules/x'), { recursive: true });
      const nm = join(dir, 'vendor/node_modules/x/index.mjs');
      writeFileSync(nm, "import { parse } from 'heavy-named';\nexport const f = (s) => parse(s);\n");
      const a = join(dir, 'src/a.mjs');
      const r = await applyFixes(
        [
          { kind: 'lazy', file: nm, specifier: 'heavy-named', importIndexes: [0], shape: 'require' },
          { kind: 'lazy', file: a, specifier: 'moment', importIndexes: [0], shape: 'require' },
        ],
        { root: dir, dryRun: false },
      );
      expect(r.errors).toEqual([{ file: 'vendor/node_modules/x/index.mjs', message: 'under node_modules' }]);
      expect(r.skipped).toEqual([{ file: 'src/a.mjs', reason: "the plan does not match the file (import #0 is not 'moment')" }]);
      expect(readFileSync(nm, 'utf8')).toContain("import { parse } from 'heavy-named'");
      expect(formatFixSummary(r)).toBe('fixed 0 files, 0 unchanged, 1 skipped (1 stale plan), 1 error');
    } finally {
      removeDir(dir);
    }
  });

  it('rolls back every written file', async () => {
    const dir = tempProject({ 'src/a.ts': SRC });
    try {
      const a = join(dir, 'src/a.ts');
      const r = await applyFixes(plansFor(a, SRC), { root: dir, dryRun: false, ts: { module: 'commonjs', esModuleInterop: true } });
      expect(readFileSync(a, 'utf8')).not.toBe(SRC);
      await r.rollback();
      expect(readFileSync(a, 'utf8')).toBe(SRC);
    } finally {
      removeDir(dir);
    }
  });

  it('writes extra changes (cache injection) through the same safe writer', async () => {
    const dir = tempProject({ 'src/c.js': 'export const x = 1;\n' });
    try {
      const c = join(dir, 'src/c.js');
      const r = await applyFixes([], { root: dir, dryRun: false, extraChanges: [{ file: c, before: 'export const x = 1;\n', after: 'export const x = 2;\n' }, { file: c, before: 'nope', after: 'x' }] });
      expect(readFileSync(c, 'utf8')).toBe('export const x = 2;\n');
      expect(r.fixed).toEqual(['src/c.js']);
      expect(r.errors.map((e) => e.message)).toEqual(['file changed on disk since it was read']);
    } finally {
      removeDir(dir);
    }
  });
});

describe('loader placement', () => {
  /** A lazy plan for heavy-named in a file of the project. */
  const plan = (dir: string, f: string): FixPlan => ({ kind: 'lazy', file: join(dir, f), specifier: 'heavy-named', importIndexes: [parseModule(join(dir, f), readFileSync(join(dir, f), 'utf8')).imports.findIndex((r) => r.specifier === 'heavy-named')], shape: 'require' });
  const LOADER = "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nlet _heavy_named;\nconst $heavy_named = () => (_heavy_named ??= require('heavy-named'));\n";
  const USE = 'export const f = (s) => (0, $heavy_named().parse)(s);\n';

  it('goes after the last import or re-export, or before all code when code runs between imports', async () => {
    const ok = "import { a } from 'x';\nexport { b } from 'y';\nimport { parse } from 'heavy-named';\nexport const f = (s) => parse(s);\n";
    const between = "import { a } from 'x';\nconsole.log(a);\nimport { parse } from 'heavy-named';\nexport const f = (s) => parse(s);\n";
    const dir = tempProject({ 'src/ok.mjs': ok, 'src/between.mjs': between });
    try {
      const r = await applyFixes([plan(dir, 'src/ok.mjs'), plan(dir, 'src/between.mjs')], { root: dir, dryRun: false });
      expect(r.skipped).toEqual([]);
      expect(readFileSync(join(dir, 'src/ok.mjs'), 'utf8')).toBe(`import { a } from 'x';\nexport { b } from 'y';\n${LOADER}${USE}`);
      // Imports are hoisted: console.log(a) ran after every import, and now runs after the loader.
      expect(readFileSync(join(dir, 'src/between.mjs'), 'utf8')).toBe(`${LOADER}import { a } from 'x';\nconsole.log(a);\n${USE}`);
    } finally {
      removeDir(dir);
    }
  });

  it('before code, keeps a hashbang, a header comment and the directives first', async () => {
    const head = "#!/usr/bin/env node\n// license header\n'use strict';\n";
    const dir = tempProject({ 'src/cli.mjs': `${head}import { a } from 'x';\nconsole.log(a);\nimport { parse } from 'heavy-named';\nexport const f = (s) => parse(s);\n` });
    try {
      const r = await applyFixes([plan(dir, 'src/cli.mjs')], { root: dir, dryRun: false });
      expect(r.fixed).toEqual(['src/cli.mjs']);
      expect(readFileSync(join(dir, 'src/cli.mjs'), 'utf8')).toBe(`${head}${LOADER}import { a } from 'x';\nconsole.log(a);\n${USE}`);
    } finally {
      removeDir(dir);
    }
  });
});

describe('two plans on one import', () => {
  it('applies the first and skips the overlapping one with a reason', async () => {
    const src = "import { format, addDays } from 'date-fns';\nexport async function f(d) { return format(addDays(d, 1), 'yyyy'); }\n";
    const dir = tempProject({ 'src/a.mjs': src });
    try {
      const file = join(dir, 'src/a.mjs');
      const r = await applyFixes(
        [
          { kind: 'lazy', file, specifier: 'date-fns', importIndexes: [0], shape: 'dynamic' },
          { kind: 'subpath', file, importIndex: 0, rewrites: [{ name: 'format', subpath: 'date-fns/format' }] },
        ],
        { root: dir, dryRun: false },
      );
      expect(r.fixed).toEqual(['src/a.mjs']);
      expect(r.skipped).toEqual([{ file: 'src/a.mjs', reason: 'subpath fix overlaps another fix in this file (run --fix again)' }]);
      expect(formatFixSummary(r)).toBe('fixed 1 file, 0 unchanged, 1 skipped (1 overlap), 0 errors');
      expect(readFileSync(file, 'utf8')).toContain("import('date-fns')");
    } finally {
      removeDir(dir);
    }
  });
});

describe('extra changes and plans on the same file', () => {
  it('applies the plans on top of the injected text, remapping import indexes, in one write', async () => {
    const src = "import { parse } from 'heavy-named';\nexport function f(s) { return parse(s); }\n";
    // What a cache injector would produce: a new first import shifts every import index by one.
    const injected = "import { cached } from 'perf-lint/runtime';\nimport { parse } from 'heavy-named';\nexport const f = cached(function f(s) { return parse(s); });\n";
    const dir = tempProject({ 'src/a.mjs': src });
    try {
      const file = join(dir, 'src/a.mjs');
      const r = await applyFixes([{ kind: 'lazy', file, specifier: 'heavy-named', importIndexes: [0], shape: 'require' }], {
        root: dir,
        dryRun: false,
        extraChanges: [{ file, before: src, after: injected }],
      });
      expect(r.errors).toEqual([]);
      expect(r.skipped).toEqual([]);
      expect(r.fixed).toEqual(['src/a.mjs']);
      expect(readFileSync(file, 'utf8')).toBe(
        "import { cached } from 'perf-lint/runtime';\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nlet _heavy_named;\nconst $heavy_named = () => (_heavy_named ??= require('heavy-named'));\nexport const f = cached(function f(s) { return (0, $heavy_named().parse)(s); });\n",
      );
    } finally {
      removeDir(dir);
    }
  });
});
