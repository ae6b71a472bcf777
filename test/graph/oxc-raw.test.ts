import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParserOptions } from 'oxc-parser';
import { parseSync } from 'oxc-parser/src-js/bindings';
import { jsonParseAst } from 'oxc-parser/src-js/wrap.js';
import { describe, expect, it } from 'vitest';
import { rawParse } from '../../src/graph/oxc-raw.js';
import { extOf, langOf } from '../../src/graph/parse.js';
import { FIXTURES } from './helpers.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NODE_MODULES = path.join(repo, 'node_modules');

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') sources(p, out);
    else if (e.isFile() && /\.[cm]?[jt]sx?$/.test(e.name)) out.push(p);
  }
  return out;
}

function optionsFor(file: string): ParserOptions {
  return { lang: langOf(extOf(file)), sourceType: 'unambiguous', preserveParens: false };
}

/** The native parse's fields, as plain data. */
function native(file: string, source: string, options = optionsFor(file)): { module: unknown; errors: unknown; program: unknown } {
  const r = parseSync(file, source, options);
  return { module: JSON.parse(JSON.stringify(r.module)), errors: JSON.parse(JSON.stringify(r.errors)), program: jsonParseAst(r.program) };
}

function raw(file: string, source: string, options = optionsFor(file)): { module: unknown; errors: unknown; program: unknown } {
  const r = rawParse(file, source, options);
  if (!r) throw new Error('raw transfer is not available on this machine');
  // Read in the order parseModule does: errors, then the module record or the AST.
  const errors = JSON.parse(JSON.stringify(r.errors)) as unknown;
  const module = JSON.parse(JSON.stringify(r.module)) as unknown;
  return { module, errors, program: r.program };
}

describe('raw transfer (oxc-raw.ts)', () => {
  it('is available here (Node 20, 64-bit): a 4 GiB buffer holds an aligned block', () => {
    expect(rawParse('/p/a.ts', 'export const a: number = 1;', optionsFor('/p/a.ts'))).not.toBeNull();
  });

  it('gives the native parse’s module record, errors and AST on fixtures and real packages (TypeScript, ESM, CommonJS, JSX)', () => {
    const files = [
      ...sources(FIXTURES),
      ...['rxjs/src', 'ajv/lib', 'moment/src', 'date-fns', '@redis/client/dist', 'dependency-cruiser/src'].flatMap((d) => sources(path.join(NODE_MODULES, d))),
    ];
    expect(files.length).toBeGreaterThan(4000);
    let withErrors = 0;
    let nonAscii = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const want = native(file, source);
      const got = raw(file, source);
      expect({ file, ...got }).toEqual({ file, ...want });
      if ((want.errors as unknown[]).length > 0) withErrors++;
      if (/[^\x00-\x7f]/.test(source)) nonAscii++;
    }
    // The corpus includes files that do not parse and files whose offsets differ in UTF-8 and UTF-16.
    expect(withErrors).toBeGreaterThan(0);
    expect(nonAscii).toBeGreaterThan(100);
  });

  it('reports a syntax error at the same place, with the module record of what parsed', () => {
    const source = "import { a } from 'a';\nconst s = 'é🙂';\nexport const x = (1 +;\n";
    const got = raw('/p/bad.ts', source);
    expect(got).toEqual(native('/p/bad.ts', source));
    expect((got.errors as { labels: { start: number }[] }[])[0].labels[0].start).toBe(source.indexOf(';', source.indexOf('(1 +')));
  });

  it('agrees on a byte-order mark and astral characters before the imports', () => {
    for (const [file, source] of [
      ['/p/bom.ts', "\ufeffimport { a } from 'a';\nexport const b = a;\n"],
      ['/p/astral.mjs', "// 🙂🙂🙂\nimport x from 'x';\nexport default x + '𝒳';\n"],
    ]) {
      expect({ file, ...raw(file, source) }).toEqual({ file, ...native(file, source) });
    }
  });

  it('on a lone surrogate, differs only in a literal’s `raw`, which keeps the source text', () => {
    // Both hand oxc UTF-8, where a lone surrogate becomes U+FFFD; the native AST's `raw` is that
    // UTF-8 text, the raw transfer's is sliced from the JavaScript string.
    const source = "const s = '\ud800';\nconst t = require('t');\nmodule.exports = [s, t];\n";
    const got = raw('/p/lone.js', source);
    const want = native('/p/lone.js', source);
    expect(got.module).toEqual(want.module);
    expect(got.errors).toEqual(want.errors);
    const literal = (p: unknown): { raw: string; value: string } => (p as { body: { declarations: { init: { raw: string; value: string } }[] }[] }).body[0].declarations[0].init;
    expect(literal(got.program)).toMatchObject({ raw: "'\ud800'", value: '\ufffd' });
    expect(literal(want.program)).toMatchObject({ raw: "'\ufffd'", value: '\ufffd' });
    literal(got.program).raw = literal(want.program).raw;
    expect(got.program).toEqual(want.program);
  });

  it('parses a file again when its AST is read after another parse took the buffer', () => {
    const a = "import x from 'x';\nexport default function f() { return x + 'ü'; }\n";
    const b = "const y = require('y');\nmodule.exports = y;\n";
    const first = rawParse('/p/a.mjs', a, optionsFor('/p/a.mjs'));
    const second = rawParse('/p/b.cjs', b, optionsFor('/p/b.cjs'));
    expect(first?.program).toEqual(native('/p/a.mjs', a).program);
    expect(first?.module).toEqual(native('/p/a.mjs', a).module);
    expect(second?.program).toEqual(native('/p/b.cjs', b).program);
  });

  it('parses a file of over a million characters (it then gets a buffer of its own) and the next one right', () => {
    const big = `import { x } from 'x';\n${Array.from({ length: 45_000 }, (_, i) => `export const a${i} = x + ${i};`).join('\n')}\n`;
    expect(big.length).toBeGreaterThan(2 ** 20);
    const first = rawParse('/p/big.mjs', big, optionsFor('/p/big.mjs'));
    const small = rawParse('/p/small.mjs', "import y from 'y';\n", optionsFor('/p/small.mjs'));
    const want = native('/p/big.mjs', big);
    expect(first?.module).toEqual(want.module);
    expect(first?.program).toEqual(want.program);
    expect(small?.program).toEqual(native('/p/small.mjs', "import y from 'y';\n").program);
  });

  it('builds the same graph and analysis as the native parse (PERF_LINT_OXC_RAW=0) and without the CLI V8 settings, through the CLI', () => {
    const bin = path.join(repo, 'bin', 'perf-lint.js');
    const run = (args: string[], env: Record<string, string>): string => {
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
      return `${r.status}\n${r.stdout}\n${r.stderr}`;
    };
    // A copy: analyze keeps its cache under the project's node_modules.
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'perf-lint-raw-'));
    const app = path.join(tmp, 'demo-app');
    cpSync(path.join(repo, 'fixtures', 'demo-app'), app, { recursive: true });
    try {
      for (const args of [
        ['graph', path.join(FIXTURES, 'jsx'), '--format', 'json'],
        ['graph', path.join(FIXTURES, 'syntax-error'), '--format', 'json'],
        ['graph', app, '--format', 'json'],
        ['analyze', app, '--format', 'json', '--no-measure-cost'],
      ]) {
        const out = run(args, {});
        expect(out).toMatch(/^[012]\n\{/);
        expect(out).toBe(run(args, { PERF_LINT_OXC_RAW: '0' }));
        // Nor do the CLI's V8 settings (src/cli/v8-tuning.ts) change a thing.
        expect(out).toBe(run(args, { PERF_LINT_V8_TUNING: '0' }));
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
