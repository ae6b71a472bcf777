/**
 * Codemod fixture pairs: fixtures/fix/<shape>/<case>.input.<ext> -> <case>.output.<ext>, applied by
 * applyFixes on a temp copy (with the repo's real node_modules linked in). A case without an output
 * file must be left unchanged and skipped with the expected reason. UPDATE_FIXTURES=1 writes outputs.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModule } from '../../src/graph/parse.js';
import type { FixPlan } from '../../src/engine/types.js';
import type { ParsedModule } from '../../src/graph/types.js';
import { applyFixes, formatFixSummary, type FixTsOptions } from '../../src/fix/index.js';
import { FIXTURES, removeDir, tempProject } from './helpers.js';

type PlanFn = (p: ParsedModule, file: string) => FixPlan[];

const valueIndexes = (p: ParsedModule, spec: string) =>
  p.imports.map((r, i) => (r.specifier === spec && r.kind !== 'type' && !r.nested && !r.names.every((n) => n.isType) ? i : -1)).filter((i) => i >= 0);
const lazy = (...specs: string[]): PlanFn => (p, file) => specs.map((specifier) => ({ kind: 'lazy', file, specifier, importIndexes: valueIndexes(p, specifier), shape: 'require' }));
const dynamic = (...specs: string[]): PlanFn => (p, file) => specs.map((specifier) => ({ kind: 'lazy', file, specifier, importIndexes: valueIndexes(p, specifier), shape: 'dynamic' }));
const first = (p: ParsedModule, spec: string) => p.imports.findIndex((r) => r.specifier === spec);

interface Case {
  dir: string;
  name: string;
  ext: string;
  plans: PlanFn;
  ts?: FixTsOptions;
  files?: Record<string, string>;
  lazyShape?: 'defer';
  /** Expected skip reason (the file must stay unchanged). */
  skip?: RegExp;
  /** Use another case's input. */
  input?: string;
}

const CJS_INTEROP: FixTsOptions = { module: 'commonjs', esModuleInterop: true };
const CJS_NO_INTEROP: FixTsOptions = { module: 'commonjs', esModuleInterop: false };
const WEBPACK_DEFER = { 'webpack.config.js': 'module.exports = { experiments: { deferImport: true } };\n' };

const cases: Case[] = [
  // Shape A
  { dir: 'lazy', name: 'esm-named', ext: 'mjs', plans: lazy('heavy-named') },
  { dir: 'lazy', name: 'esm-default-esm', ext: 'mjs', plans: lazy('heavy-esm') },
  { dir: 'lazy', name: 'esm-default-cjs', ext: 'mjs', plans: lazy('moment') },
  { dir: 'lazy', name: 'cjs-require', ext: 'cjs', plans: lazy('moment', 'lodash') },
  { dir: 'lazy', name: 'cjs-crlf', ext: 'cjs', plans: lazy('moment') },
  // The loader is written in the file's quote style.
  { dir: 'lazy', name: 'cjs-double-quotes', ext: 'cjs', plans: lazy('moment', 'lodash') },
  { dir: 'lazy', name: 'esm-double-quotes', ext: 'mjs', plans: lazy('heavy-named') },
  { dir: 'lazy', name: 'esm-crlf', ext: 'mjs', plans: lazy('heavy-named') },
  { dir: 'lazy', name: 'ts-cjs-interop', ext: 'ts', plans: lazy('moment', 'lodash'), ts: CJS_INTEROP },
  { dir: 'lazy', name: 'ts-cjs-no-interop', ext: 'ts', plans: lazy('moment', 'lodash'), ts: CJS_NO_INTEROP },
  { dir: 'lazy', name: 'ts-import-equals', ext: 'ts', plans: lazy('moment'), ts: CJS_INTEROP },
  { dir: 'lazy', name: 'ts-verbatim-cjs', ext: 'cts', plans: lazy('moment'), ts: { module: 'nodenext', verbatimModuleSyntax: true } },
  { dir: 'lazy', name: 'ts-esm', ext: 'mts', plans: lazy('lodash', 'moment'), ts: { module: 'nodenext', esModuleInterop: true } },
  // Shape D
  { dir: 'dynamic', name: 'esm-async', ext: 'mjs', plans: dynamic('moment', 'lodash') },
  { dir: 'dynamic', name: 'cjs-async', ext: 'cjs', plans: dynamic('moment', 'lodash') },
  { dir: 'dynamic', name: 'esm-double-quotes', ext: 'mjs', plans: dynamic('moment', 'lodash') },
  { dir: 'dynamic', name: 'ts-async', ext: 'ts', plans: dynamic('lodash'), ts: { module: 'nodenext' } },
  // Shape C
  { dir: 'defer', name: 'esm-defer', ext: 'mjs', plans: lazy('lodash-es', 'moment'), lazyShape: 'defer', files: { ...WEBPACK_DEFER, 'tsconfig.json': '{ "compilerOptions": { "module": "esnext" } }' } },
  { dir: 'defer', name: 'esm-defer-refused', input: 'esm-defer', ext: 'mjs', plans: lazy('lodash-es'), lazyShape: 'defer', skip: /no bundler that implements import defer/ },
  { dir: 'defer', name: 'esm-defer-tsconfig-refused', input: 'esm-defer', ext: 'mjs', plans: lazy('lodash-es'), lazyShape: 'defer', files: { ...WEBPACK_DEFER, 'tsconfig.json': '{ "compilerOptions": { "module": "nodenext" } }' }, skip: /"module": "esnext" or "preserve" \(found nodenext\)/ },
  // Subpath
  { dir: 'subpath', name: 'lodash-esm', ext: 'mjs', plans: (p, file) => [{ kind: 'subpath', file, importIndex: first(p, 'lodash'), rewrites: [{ name: 'get', subpath: 'lodash/get' }, { name: 'debounce', subpath: 'lodash/debounce' }] }] },
  { dir: 'subpath', name: 'lodash-cjs', ext: 'cjs', plans: (p, file) => [{ kind: 'subpath', file, importIndex: first(p, 'lodash'), rewrites: [{ name: 'get', subpath: 'lodash/get' }, { name: 'chunk', subpath: 'lodash/chunk' }] }] },
  // TypeScript's CommonJS emit without esModuleInterop: `import x = require()` is module.exports itself.
  { dir: 'subpath', name: 'lodash-ts-cjs', ext: 'ts', ts: CJS_NO_INTEROP, plans: (p, file) => [{ kind: 'subpath', file, importIndex: first(p, 'lodash'), rewrites: [{ name: 'get', subpath: 'lodash/get' }, { name: 'chunk', subpath: 'lodash/chunk' }] }] },
  { dir: 'subpath', name: 'date-fns', ext: 'ts', ts: { module: 'nodenext' }, plans: (p, file) => [{ kind: 'subpath', file, importIndex: first(p, 'date-fns'), rewrites: [{ name: 'format', subpath: 'date-fns/format' }, { name: 'addDays', subpath: 'date-fns/addDays' }] }] },
  // Barrel
  { dir: 'barrel', name: 'barrel', ext: 'ts', plans: (p, file) => [{ kind: 'barrel', file, importIndex: first(p, './ui'), rewrites: [{ name: 'Button', specifier: './ui/button', imported: 'Button' }, { name: 'Card', specifier: './ui/card', imported: 'default' }, { name: 'Theme', specifier: './ui/theme', imported: 'Theme' }] }] },
  // import type
  { dir: 'type-import', name: 'whole', ext: 'ts', plans: (p, file) => [{ kind: 'type-import', file, importIndex: 0, names: ['Moment', 'MomentInput'] }] },
  { dir: 'type-import', name: 'mixed', ext: 'ts', plans: (p, file) => [{ kind: 'type-import', file, importIndex: 0, names: ['List', 'Dictionary'] }] },
  { dir: 'type-import', name: 'inline-only', ext: 'ts', plans: (p, file) => [{ kind: 'type-import', file, importIndex: 0, names: ['Moment', 'MomentInput'] }] },
  { dir: 'type-import', name: 'default-and-named', ext: 'ts', plans: (p, file) => [{ kind: 'type-import', file, importIndex: 0, names: ['Big', 'Comparison'] }] },
  { dir: 'type-import', name: 'decorator-metadata', ext: 'ts', ts: { emitDecoratorMetadata: true, experimentalDecorators: true }, plans: (p, file) => [{ kind: 'type-import', file, importIndex: 0, names: ['Logger'] }], skip: /decorator metadata/ },
  // Traps and other refusals: never rewritten, reason reported.
  { dir: 'skip', name: 'used-at-load', ext: 'mjs', plans: lazy('lodash'), skip: /'get' is used while the module loads \(line 3\)/ },
  { dir: 'skip', name: 'extends', ext: 'mjs', plans: lazy('rxjs'), skip: /'Subject' is used while the module loads/ },
  { dir: 'skip', name: 'reexport', ext: 'mjs', plans: lazy('lodash'), skip: /re-export/ },
  { dir: 'skip', name: 'side-effect', ext: 'mjs', plans: lazy('moment'), skip: /side effects|side-effect/ },
  { dir: 'skip', name: 'try', ext: 'cjs', plans: lazy('moment'), skip: /used inside try/ },
  { dir: 'skip', name: 'optional-dep', ext: 'cjs', plans: (p, file) => [{ kind: 'lazy', file, specifier: 'js-yaml', importIndexes: [first(p, 'js-yaml')], shape: 'require' }], skip: /import inside try \(optional dependency probe\)/ },
  { dir: 'skip', name: 'unused', ext: 'mjs', plans: lazy('lodash'), skip: /unused import/ },
  { dir: 'skip', name: 'react', ext: 'mjs', plans: lazy('react'), skip: /deny-list/ },
  { dir: 'skip', name: 'apm', ext: 'cjs', plans: lazy('dd-trace'), skip: /'dd-trace' has load-time effects/ },
  { dir: 'skip', name: 'relative', ext: 'mjs', plans: lazy('./helper.mjs'), skip: /relative import/ },
  { dir: 'skip', name: 'builtin', ext: 'mjs', plans: lazy('node:fs'), skip: /Node builtin/ },
  { dir: 'skip', name: 'declares-require', ext: 'mjs', plans: lazy('lodash'), skip: /declares its own `require`/ },
  { dir: 'skip', name: 'mutated', ext: 'mjs', plans: lazy('lodash'), skip: /property of '_' is written/ },
  { dir: 'skip', name: 'ns-default-interop', ext: 'ts', plans: lazy('moment'), ts: CJS_INTEROP, skip: /namespace 'm' is used as a whole or via .default/ },
  { dir: 'skip', name: 'jsx', ext: 'jsx', plans: lazy('chart-lib'), skip: /JSX/ },
  { dir: 'skip', name: 'decorator-metadata', ext: 'ts', ts: { emitDecoratorMetadata: true, experimentalDecorators: true, module: 'commonjs' }, plans: lazy('rxjs'), skip: /decorator metadata/ },
];

const update = process.env['UPDATE_FIXTURES'] === '1';

async function run(c: Case, dryRun = false) {
  const input = join(FIXTURES, c.dir, `${c.input ?? c.name}.input.${c.ext}`);
  const dir = tempProject(c.files);
  const file = join(dir, `src/${c.name}.${c.ext}`);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(dir, 'src'), { recursive: true });
  copyFileSync(input, file);
  const source = readFileSync(file, 'utf8');
  const plans = c.plans(parseModule(file, source), file);
  const result = await applyFixes(plans, { root: dir, dryRun, ts: c.ts, lazyShape: c.lazyShape });
  return { dir, file, source, result, output: readFileSync(file, 'utf8'), plans };
}

describe('codemod fixtures', () => {
  for (const c of cases) {
    it(`${c.dir}/${c.name}`, async () => {
      const { dir, file, source, result, output, plans } = await run(c);
      try {
        expect(result.errors).toEqual([]);
        const expectedFile = join(FIXTURES, c.dir, `${c.name}.output.${c.ext}`);
        if (c.skip) {
          expect(output).toBe(source);
          expect(result.skipped.map((s) => s.reason).join('\n')).toMatch(c.skip);
          expect(existsSync(expectedFile)).toBe(false);
          return;
        }
        expect(result.skipped).toEqual([]);
        if (update) writeFileSync(expectedFile, output);
        expect(output).toBe(readFileSync(expectedFile, 'utf8'));
        expect(result.fixed).toEqual([`src/${c.name}.${c.ext}`]);
        // Line endings are the file's own: no bare LF in a CRLF file.
        if (source.includes('\r\n')) expect(output.replace(/\r\n/g, '')).not.toContain('\n');
        // Idempotent: the same plans, re-derived from the fixed file, change nothing.
        const again = await applyFixes(c.plans(parseModule(file, output), file), { root: dir, dryRun: false, ts: c.ts, lazyShape: c.lazyShape });
        expect(again.fixed).toEqual([]);
        expect(again.errors).toEqual([]);
        expect(readFileSync(file, 'utf8')).toBe(output);
        void plans;
      } finally {
        removeDir(dir);
      }
    });
  }
});

describe('the one-line summary', () => {
  it('counts fixed, unchanged, skipped by reason and errors', async () => {
    const { dir, result } = await run(cases.find((c) => c.name === 'used-at-load')!);
    removeDir(dir);
    expect(formatFixSummary(result)).toBe('fixed 0 files, 0 unchanged, 1 skipped (1 used at load), 0 errors');
    expect(formatFixSummary({ fixed: ['a', 'b', 'c'], unchanged: ['d', 'e'], skipped: [{ file: 'f', reason: "'x' is re-exported" }], errors: [] })).toBe(
      'fixed 3 files, 2 unchanged, 1 skipped (1 re-export), 0 errors',
    );
  });

  it('dry run writes nothing and returns the diff', async () => {
    const c = cases.find((x) => x.name === 'esm-named')!;
    const { dir, source, result, output } = await run(c, true);
    removeDir(dir);
    expect(output).toBe(source);
    expect(result.fixed).toEqual(['src/esm-named.mjs']);
    expect(result.diff).toContain('+++ b/src/esm-named.mjs');
    expect(result.diff).toContain("+const $heavy_named = () => (_heavy_named ??= require('heavy-named'));");
    expect(formatFixSummary(result)).toBe('would fix 1 file, 0 unchanged, 0 skipped, 0 errors');
  });
});
