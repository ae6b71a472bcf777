/**
 * TypeScript proof for the codemod outputs: each fixed file typechecks, and compiled with
 * ts.transpileModule under the project's settings (esModuleInterop on/off, verbatimModuleSyntax,
 * emitDecoratorMetadata) it behaves exactly like the compiled input, in a real Node process with
 * the real packages (moment, lodash, date-fns).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TS from 'typescript';
import { FIXTURES, REPO, removeDir, tempProject } from './helpers.js';

const ts = (await import('typescript')).default as typeof TS;

interface TsCase {
  fixture: string;
  /** File extension of the compiled module. */
  out: 'cjs' | 'mjs';
  options: TS.CompilerOptions;
  /** Node code run against the compiled module `./mod.<out>`: prints results (same before and after). */
  probe: string;
}

const CJS = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 };
const ESM = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
const date = 'new Date(Date.UTC(2024, 1, 29))';

const cases: TsCase[] = [
  { fixture: 'lazy/ts-cjs-interop', out: 'cjs', options: { ...CJS, esModuleInterop: true }, probe: `const m = require('./mod.cjs'); console.log(m.formatDate(${date}), JSON.stringify(m.chunks([1,2,3])), typeof m.later(() => {}));` },
  { fixture: 'lazy/ts-cjs-no-interop', out: 'cjs', options: { ...CJS, esModuleInterop: false }, probe: `const m = require('./mod.cjs'); console.log(m.formatDate(${date}), JSON.stringify(m.pairs([1,2,3])));` },
  { fixture: 'lazy/ts-import-equals', out: 'cjs', options: { ...CJS, esModuleInterop: true }, probe: `const m = require('./mod.cjs'); console.log(m.formatDate(${date}));` },
  { fixture: 'lazy/ts-verbatim-cjs', out: 'cjs', options: { ...CJS, verbatimModuleSyntax: true }, probe: `const m = require('./mod.cjs'); console.log(m.formatDate(${date}));` },
  { fixture: 'lazy/ts-esm', out: 'mjs', options: { ...ESM, verbatimModuleSyntax: true }, probe: `const { Table } = await import('./mod.mjs'); const t = new Table(); console.log(JSON.stringify(t.rows([1,2,3])), t.stamp(${date}));` },
  { fixture: 'dynamic/ts-async', out: 'mjs', options: { ...ESM }, probe: `const m = await import('./mod.mjs'); console.log(JSON.stringify(await m.rows([1,2,3])));` },
  { fixture: 'dynamic/ts-async', out: 'cjs', options: { ...CJS, esModuleInterop: true }, probe: `const m = require('./mod.cjs'); m.rows([1,2,3]).then((r) => console.log(JSON.stringify(r)));` },
  { fixture: 'subpath/date-fns', out: 'mjs', options: { ...ESM }, probe: `const m = await import('./mod.mjs'); console.log(m.tomorrow(${date}));` },
  { fixture: 'subpath/date-fns', out: 'cjs', options: { ...CJS, esModuleInterop: true }, probe: `const m = require('./mod.cjs'); console.log(m.tomorrow(${date}));` },
  { fixture: 'type-import/mixed', out: 'cjs', options: { ...CJS, esModuleInterop: false }, probe: `const m = require('./mod.cjs'); console.log(JSON.stringify(m.rows([1,2,3])));` },
];

function compileAndRun(dir: string, source: string, c: TsCase): string {
  const js = ts.transpileModule(source, { compilerOptions: c.options, fileName: 'mod.ts' }).outputText;
  writeFileSync(join(dir, `mod.${c.out}`), js);
  const script = c.out === 'mjs' || c.probe.includes('await import') ? `probe.mjs` : 'probe.cjs';
  const probe = script === 'probe.mjs' ? c.probe.replace(/require\('\.\/mod\.cjs'\)/g, "(await import('./mod.cjs')).default") : c.probe;
  writeFileSync(join(dir, script), probe);
  return execFileSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });
}

describe('compiled TypeScript behaves the same before and after the fix', () => {
  for (const c of cases) {
    const ext = c.fixture.endsWith('ts-esm') ? 'mts' : c.fixture.endsWith('-cjs') ? 'cts' : 'ts';
    it(`${c.fixture} (${c.out}, ${JSON.stringify({ esModuleInterop: c.options.esModuleInterop ?? false, verbatimModuleSyntax: c.options.verbatimModuleSyntax ?? false })})`, () => {
      const dir = tempProject();
      try {
        const before = compileAndRun(dir, readFileSync(join(FIXTURES, `${c.fixture}.input.${ext}`), 'utf8'), c);
        const after = compileAndRun(dir, readFileSync(join(FIXTURES, `${c.fixture}.output.${ext}`), 'utf8'), c);
        expect(before.trim().length).toBeGreaterThan(0);
        expect(after).toBe(before);
      } finally {
        removeDir(dir);
      }
    });
  }
});

describe('fixed TypeScript typechecks', () => {
  const check = (files: string[], options: TS.CompilerOptions, pkgType = 'commonjs') => {
    const dir = tempProject({ 'package.json': JSON.stringify({ type: pkgType }) });
    try {
      const names = files.map((f, i) => {
        const ext = f.slice(f.lastIndexOf('.') + 1);
        const name = join(dir, `f${i}.${ext}`);
        writeFileSync(name, readFileSync(join(FIXTURES, f), 'utf8'));
        return name;
      });
      const program = ts.createProgram(names, { strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(REPO, 'node_modules/@types')], ...options });
      return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName.split('/').pop()}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    } finally {
      removeDir(dir);
    }
  };

  it('under module nodenext with esModuleInterop', () => {
    expect(check(['lazy/ts-cjs-interop.output.ts', 'lazy/ts-esm.output.mts', 'lazy/ts-import-equals.output.ts', 'dynamic/ts-async.output.ts', 'subpath/date-fns.output.ts', 'type-import/whole.output.ts', 'type-import/mixed.output.ts'], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, esModuleInterop: true })).toEqual([]);
  });

  it('under module commonjs without esModuleInterop', () => {
    expect(check(['lazy/ts-cjs-no-interop.output.ts', 'type-import/mixed.output.ts'], { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: false })).toEqual([]);
  });

  it('under verbatimModuleSyntax (ES module)', () => {
    expect(check(['lazy/ts-esm.output.mts', 'type-import/whole.output.ts'], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, verbatimModuleSyntax: true }, 'module')).toEqual([]);
  });

  it('under verbatimModuleSyntax (CommonJS output, import = require)', () => {
    expect(check(['lazy/ts-verbatim-cjs.output.cts', 'lazy/ts-verbatim-cjs.input.cts'], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, verbatimModuleSyntax: true })).toEqual([]);
  });
});

describe('why the refusals are right', () => {
  it('emitDecoratorMetadata reads the constructor parameter type at class definition', () => {
    const src = readFileSync(join(FIXTURES, 'skip/decorator-metadata.input.ts'), 'utf8');
    const js = ts.transpileModule(src, { compilerOptions: { ...CJS, experimentalDecorators: true, emitDecoratorMetadata: true } }).outputText;
    expect(js).toMatch(/__metadata\("design:paramtypes", \[.*rxjs_1\.Subject/);
  });

  it('verbatimModuleSyntax keeps a value import used only as a type, import type erases it', () => {
    const opts = { compilerOptions: { ...ESM, verbatimModuleSyntax: true } };
    const before = ts.transpileModule(readFileSync(join(FIXTURES, 'type-import/whole.input.ts'), 'utf8'), opts).outputText;
    const after = ts.transpileModule(readFileSync(join(FIXTURES, 'type-import/whole.output.ts'), 'utf8'), opts).outputText;
    expect(before).toContain("from 'moment'");
    expect(after).not.toContain('moment');
  });

  it('verbatimModuleSyntax keeps `import { type A }` as a runtime import; `import type { A }` is erased', () => {
    const opts = { compilerOptions: { ...ESM, verbatimModuleSyntax: true } };
    const before = ts.transpileModule(readFileSync(join(FIXTURES, 'type-import/inline-only.input.ts'), 'utf8'), opts).outputText;
    const after = ts.transpileModule(readFileSync(join(FIXTURES, 'type-import/inline-only.output.ts'), 'utf8'), opts).outputText;
    expect(before).toMatch(/import \{\s*\} from 'moment'/);
    expect(after).not.toContain("from 'moment'");
  });
});
