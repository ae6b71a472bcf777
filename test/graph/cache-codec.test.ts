import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeModule, encodeModule, StringTable } from '../../src/graph/cache-codec.js';
import { discoverFiles } from '../../src/graph/discover.js';
import { parseModule } from '../../src/graph/parse.js';
import { scanImports } from '../../src/graph/scan.js';
import type { BindingUsage, ParsedModule } from '../../src/graph/types.js';
import { FIXTURES } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Through the codec as the cache file stores it: 32-bit integers behind an entry prefix as in
 * cache.ts, and the string table through JSON.
 */
function roundTrip(mod: ParsedModule): ParsedModule {
  const strings = new StringTable();
  strings.id('an earlier string');
  const out = [strings.id('prefix'), 1];
  encodeModule(mod, out, strings);
  return decodeModule(Int32Array.from(out), 2, out.length, JSON.parse(JSON.stringify(strings.list)) as string[], mod.file);
}

// Sources for the fields that real files rarely have.
const CRAFTED: Record<string, string> = {
  'broken.ts': "import { a } from './a';\nexport const x = ;\n",
  'flags.ts': [
    "import fs = require('fs');",
    "import type { T } from './t';",
    "import * as ns from './ns';",
    "export { default as d, type U } from './u';",
    "export * from './star';",
    "export * as all from './all';",
    'export const v: T = ns.x;',
    'await import(`./tpl/${v}`);',
    "try { require('optional'); } catch {}",
    "export async function later() { const m = await import('./m'); return m.run(fs.readFileSync); }",
    '// perf-lint-disable-next-line no-unused-import',
    "function f(this: unknown) { return require('./inner'); }",
  ].join('\n'),
  'extra.ts': [
    "import { unusedThing } from './u1';",
    "import { counter } from './c';",
    "import * as conf from './conf';",
    "import { Service, dec } from './svc';",
    'counter = 2;',
    'conf.value = 1;',
    '@dec',
    'export class A {',
    '  constructor(private s: Service) {}',
    '}',
  ].join('\n'),
  'pragma.jsx': "/** @jsx jsx */\n/** @jsxFrag Frag */\nimport { jsx, Frag } from '@emotion/react';\nexport const A = () => <><p /></>;\n",
  'common.cjs': "const { join } = require('path');\nmodule.exports = { j: join };\nexports.k = 1;\n",
  'jsdoc.js': "const { Thing } = require('./thing');\n/** @param {Thing} t */\nmodule.exports = (t) => t;\n",
  'calls.js': "const cli = require('./cli');\nconst { helper } = require('./helper');\ncli.run();\nhelper();\nexports.go = function go() { helper(); };\n",
  // A use behind a branch of a function that runs at load (BindingReference.branch), inside try too.
  'branch.js': "const _ = require('lodash');\nfunction main(cmd) { if (cmd) { try { _.uniq(); } catch {} } return _.chunk; }\nmain(process.argv[2]);\n",
  // Each way a require() declaration departs from the codemod's shapes (BindingUsage.declaration).
  'declared.js': "if (x) { var a = require('a'); }\nconst { b = 1 } = require('b');\nconst c = require('c')['y'];\nconst d = __importStar(require('d'));\nexports.f = () => [a, b, c, d];\n",
};

describe('cache codec', () => {
  it('decodes exactly what it encoded: fixtures, perf-lint\'s own sources and crafted files, scanned and parsed', async () => {
    const files = [...(await discoverFiles(FIXTURES)), ...(await discoverFiles(path.join(ROOT, 'src')))];
    const modules: ParsedModule[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      modules.push(parseModule(file, source), scanImports(file, source));
    }
    for (const [name, source] of Object.entries(CRAFTED)) modules.push(parseModule(path.join(ROOT, name), source), scanImports(path.join(ROOT, name), source));
    // A decoded record has its `resolved` slot (undefined until resolution fills it), so that
    // resolution does not add a property to every record.
    const unresolvedSlot = (mod: ParsedModule): ParsedModule => ({ ...mod, imports: mod.imports.map((r) => ({ ...r, resolved: undefined })) });
    // A decoded binding reads its references when first asked; toJSON gives it as plain data.
    const plain = (mod: ParsedModule): ParsedModule => ({ ...mod, bindings: mod.bindings.map((b) => ('toJSON' in b ? (b as { toJSON(): BindingUsage }).toJSON() : b)) });
    for (const mod of modules) expect(plain(roundTrip(mod))).toStrictEqual(unresolvedSlot(mod));

    // The corpus reaches every part of the encoding, so a field the codec drops shows up above.
    const imports = modules.flatMap((m) => m.imports);
    const refs = modules.flatMap((m) => m.bindings.flatMap((b) => b.references));
    const seen = {
      parseError: modules.some((m) => m.parseError),
      shallow: modules.some((m) => m.shallow),
      cjs: modules.some((m) => m.format === 'cjs'),
      topLevelAwait: modules.some((m) => m.hasTopLevelAwait),
      suppression: modules.some((m) => m.mentionsSuppression),
      jsxPragmas: modules.some((m) => m.jsxPragmas && m.jsxPragmas.length > 1),
      jsdocTypeNames: modules.some((m) => m.jsdocTypeNames?.length),
      effects: modules.some((m) => m.topLevelEffects > 0),
      unresolvedDynamic: imports.some((r) => r.unresolvedDynamic),
      nested: imports.some((r) => r.nested),
      inTry: imports.some((r) => r.inTry),
      importEquals: imports.some((r) => r.importEquals),
      typeName: imports.some((r) => r.names.some((n) => n.isType)),
      localNull: imports.some((r) => r.names.some((n) => n.local === null)),
      fn: refs.some((r) => r.fn?.async) && refs.some((r) => r.fn && r.fn.name === null),
      exportFrom: modules.some((m) => m.exports.some((e) => e.from && e.isType)),
      callReach: modules.some((m) => m.callReach?.some((c) => c.calls.length > 0)),
      loadCalls: modules.some((m) => m.loadCalls?.some((c) => c.member !== null)) && modules.some((m) => m.loadCalls?.some((c) => c.member === null)),
      declaration: (['in-block', 'pattern', 'wrapped', 'helper'] as const).every((d) => modules.some((m) => m.bindings.some((b) => b.declaration === d))),
    };
    for (const flag of ['declaredAsType', 'unused', 'typeOnly', 'usedAtLoad', 'functionsOnly', 'asyncOnly', 'reassigned', 'mutated', 'reexported', 'inTry', 'decoratorMetadata'] as const) {
      (seen as Record<string, boolean>)[`binding.${flag}`] = modules.some((m) => m.bindings.some((b) => b[flag]));
    }
    expect(Object.entries(seen).filter(([, v]) => !v)).toEqual([]);
  });

  it('decodes references on first read, yet refuses a module whose references do not decode at once', () => {
    const file = path.join(ROOT, 'late.ts');
    const mod = parseModule(file, "import { a } from './x';\nfunction f() { a(); }\nf();\n");
    const strings = new StringTable();
    const out: number[] = [];
    encodeModule(mod, out, strings);
    const decoded = decodeModule(Int32Array.from(out), 0, out.length, strings.list, file);
    expect(decoded.bindings[0].references).toEqual(mod.bindings[0].references);
    // The same object on every read, and writable like a plain binding's.
    expect(decoded.bindings[0].references).toBe(decoded.bindings[0].references);
    decoded.bindings[0].references = [];
    expect(decoded.bindings[0].references).toEqual([]);
    // The reference's context is the fifth of its eight integers, and the module ends with it (no exports).
    expect(out.at(-1)).toBe(0);
    const bad = Int32Array.from(out);
    bad[out.length - 1 - 8 + 4] = 99;
    expect(() => decodeModule(bad, 0, out.length, strings.list, file)).toThrow('not a cached module');
  });

  it('keeps a use behind a branch apart from its try flag', () => {
    const mod = parseModule(path.join(ROOT, 'branch.js'), CRAFTED['branch.js']!);
    const flags = mod.bindings[0]!.references.map((r) => `${r.line}:${r.context}${r.branch ? ':branch' : ''}${r.inTry ? ':try' : ''}`);
    expect(flags).toEqual(['2:load:branch:try', '2:load']);
    expect(roundTrip(mod).bindings[0]!.references.map((r) => `${r.line}:${r.context}${r.branch ? ':branch' : ''}${r.inTry ? ':try' : ''}`)).toEqual(flags);
  });

  it('keeps one description per function, shared by its references', () => {
    const source = "import { a, b } from './x';\nexport function f() { a(); b(); }\n";
    const mod = roundTrip(parseModule(path.join(ROOT, 'shared.ts'), source));
    const [ra, rb] = mod.bindings.map((b) => b.references[0]);
    expect(ra.fn).toEqual({ name: 'f', async: false, line: 2 });
    expect(ra.fn).toBe(rb.fn);
  });
});
