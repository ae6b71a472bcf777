import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseModule } from '../../src/graph/parse.js';
import type { ImportRecord } from '../../src/graph/types.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/parse');

/** One import as a readable line: `kind specifier [imported:local(:type), ...] line:col flags`. */
function line(r: ImportRecord): string {
  const names = r.names.map((n) => `${n.imported}:${n.local ?? '-'}${n.isType ? ':type' : ''}`).join(', ');
  const flags = [
    r.nested ? 'nested' : '',
    r.inTry ? 'try' : '',
    r.unresolvedDynamic ? 'unresolved' : '',
    r.importEquals ? 'import=' : '',
  ].filter(Boolean);
  return `${r.kind} ${r.specifier} [${names}] ${r.line}:${r.column}${flags.length ? ' ' + flags.join(' ') : ''}`;
}

function imports(code: string, file = '/p/a.ts', format?: 'esm' | 'cjs'): string[] {
  return parseModule(file, code, format ? { format } : undefined).imports.map(line);
}

interface Case {
  name: string;
  code: string;
  file?: string;
  imports: string[];
}

const cases: Case[] = [
  {
    name: 'default, named, renamed, namespace',
    code: "import a, { b, c as d } from 'm';\nimport * as ns from 'n';",
    imports: ['static m [default:a, b:b, c:d] 1:1', 'static n [*:ns] 2:1'],
  },
  {
    name: 'string-named import specifier',
    code: "import { 'x-y' as xy } from 'm';",
    imports: ['static m [x-y:xy] 1:1'],
  },
  {
    name: 'import type and all-inline-type imports are type kind; mixed stays static',
    code: "import type { A } from 'a';\nimport { type B, type C } from 'b';\nimport { type D, E } from 'd';\nimport type F from 'f';",
    imports: ['type a [A:A:type] 1:1', 'type b [B:B:type, C:C:type] 2:1', 'static d [D:D:type, E:E] 3:1', 'type f [default:F:type] 4:1'],
  },
  {
    name: 'side-effect import',
    code: "import 'polyfill';\nimport './styles.css';",
    imports: ['side-effect polyfill [] 1:1', 'side-effect ./styles.css [] 2:1'],
  },
  {
    name: 're-exports: named, star, star-as, type',
    code: "export { a, b as c } from 'x';\nexport * from 'y';\nexport * as ns from 'z';\nexport type { T } from 't';\nexport { type U } from 'u';",
    imports: [
      'reexport x [a:-, b:-] 1:1',
      'reexport y [*:-] 2:1',
      'reexport z [*:-] 3:1',
      'type t [T:-:type] 4:1',
      'type u [U:-:type] 5:1',
    ],
  },
  {
    name: 'dynamic import: literal, template without expressions, computed',
    code: "const a = import('a');\nconst b = import(`b`);\nconst c = import(`./l/${lang}`);\nconst d = import(name);",
    imports: [
      'dynamic a [] 1:11',
      'dynamic b [] 2:11',
      'dynamic `./l/${lang}` [] 3:11 unresolved',
      'dynamic name [] 4:11 unresolved',
    ],
  },
  {
    name: "a concatenation of string literals is a constant (rollup's `require('u' + 'rl')`); with a variable it is not",
    file: '/p/a.cjs',
    code: "const u = require('u' + 'rl');\nconst m = import('./m' + `.js`);\nconst v = require('./x' + ext);",
    imports: ['require url [*:u] 1:11', 'dynamic ./m.js [] 2:11', "require './x' + ext [*:v] 3:11 unresolved"],
  },
  {
    name: 'a non-literal specifier written over several lines is named on one line, without its comments',
    file: '/p/a.js',
    code: "const p = require(\n  join(\n    // the package's root\n    root( name ), /* file */ 'package.json',\n  ),\n);\nconst m = import(\n  `file://${\n    dir\n  }/x.js` // url\n);",
    imports: ["require join(root(name), 'package.json',) [*:p] 1:11 unresolved", 'dynamic `file://${\n    dir\n  }/x.js` [] 7:11 unresolved'],
  },
  {
    name: 'require forms: whole, destructured, member, bare, interop helper',
    file: '/p/a.js',
    code: [
      "const fs = require('fs');",
      "const { join: j, resolve, ...rest } = require('path');",
      "const def = require('d').default;",
      "const t = __importDefault(require('t'));",
      "require('./side');",
      "const w = require(`w`);",
      'const x = require(dyn);',
    ].join('\n'),
    imports: [
      'require fs [*:fs] 1:12',
      'require path [join:j, resolve:resolve, *:rest] 2:39',
      'require d [default:def] 3:13',
      'require t [*:t] 4:27',
      'require ./side [] 5:1',
      'require w [*:w] 6:11',
      'require dyn [*:x] 7:11 unresolved',
    ],
  },
  {
    name: "compilers' interop helpers around require bind the module as a whole (tsc, tslib, Babel, SWC, esbuild)",
    file: '/p/a.js',
    code: [
      "const a = __importStar(require('a'));",
      "const b = tslib_1.__importDefault(require('b'));",
      "var c = _interopRequireDefault2(require('c'));",
      "const d = /*#__PURE__*/ _interop_require_default(require('d'));",
      "const e = _interop_require_wildcard(require('e'));",
      "var f = __toESM(require('f'), 1);",
      "const g = _notAHelper(require('g'));",
      'module.exports = [a, b, c, d, e, f, g];',
    ].join('\n'),
    imports: ['require a [*:a] 1:24', 'require b [*:b] 2:35', 'require c [*:c] 3:33', 'require d [*:d] 4:50', 'require e [*:e] 5:37', 'require f [*:f] 6:17', 'require g [] 7:23'],
  },
  {
    name: 'require.resolve and a locally declared require are not imports',
    file: '/p/a.js',
    code: "const p = require.resolve('x');\nfunction f(require) { return require('param'); }\nconst y = require('y');",
    imports: ['require y [*:y] 3:11'],
  },
  {
    name: 'a require function declared anywhere in the file (hoisted) shadows the global',
    file: '/p/a.js',
    code: "const a = require('a');\nfunction require(x) { return x; }",
    imports: [],
  },
  {
    name: 'require made with createRequire still loads modules',
    file: '/p/a.mjs',
    code: "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst h = require('heavy');",
    imports: ['static node:module [createRequire:createRequire] 1:1', 'require heavy [*:h] 3:11'],
  },
  {
    name: 'import x = require() (TS), type and exported forms; import alias is not an import',
    code: "import fs = require('fs');\nimport type T = require('t');\nexport import E = require('e');\nimport A = B.C;",
    imports: ['require fs [*:fs] 1:1 import=', 'type t [*:T:type] 2:1 import=', 'require e [*:E] 3:8 import='],
  },
  {
    name: 'nested: inside functions, arrows and methods; inTry in try, catch and finally',
    file: '/p/a.js',
    code: [
      "function f() { return require('a'); }",
      "const g = async () => { await import('b'); };",
      "class K { m() { require('c'); } }",
      "try { require('d'); } catch { require('e'); } finally { require('f'); }",
      "function h() { try { require('g'); } catch (e) {} }",
      "try { (function later() { require('h'); }); } catch {}",
    ].join('\n'),
    imports: [
      'require a [] 1:23 nested',
      'dynamic b [] 2:31 nested',
      'require c [] 3:17 nested',
      'require d [] 4:7 try',
      'require e [] 4:31 try',
      'require f [] 4:57 try',
      'require g [] 5:22 nested try',
      'require h [] 6:27 nested',
    ],
  },
  {
    name: 'IIFEs and functions called at load are not nested (they run while the module evaluates)',
    file: '/p/a.js',
    code: [
      "(function () { require('iife'); })();",
      "(() => require('arrow-iife'))();",
      'init();',
      "function init() { require('init'); helper(); }",
      "function helper() { require('helper'); }",
      "function never() { require('never'); }",
      "(function () { require('call-iife'); }).call(this);",
    ].join('\n'),
    imports: [
      'require iife [] 1:16',
      'require arrow-iife [] 2:8',
      'require init [] 4:19',
      'require helper [] 5:21',
      'require never [] 6:20 nested',
      'require call-iife [] 7:16',
    ],
  },
  {
    name: 'a function called at load, but its require behind a branch, or the function reached only through one: nested',
    file: '/p/a.js',
    code: [
      'main(process.argv[2]);',
      "function main(cmd) { require('always'); if (cmd === 'x') require('in-if'); switch (cmd) { case 'y': return sub(); } for (const c of cmd) require('in-loop'); cmd && require('after-and'); }",
      "function sub() { require('via-case'); }",
      "if (process.env.X) require('top-level-if');",
      "if (require.main === module) script();",
      "function script() { require('script-only'); }",
    ].join('\n'),
    imports: [
      'require always [] 2:22',
      'require in-if [] 2:58 nested',
      'require in-loop [] 2:138',
      'require after-and [] 2:165 nested',
      'require via-case [] 3:18 nested',
      'require top-level-if [] 4:20',
      'require script-only [] 6:21 nested',
    ],
  },
  {
    name: 'a .d.ts file only has type imports',
    file: '/p/types.d.ts',
    code: "import { A } from 'a';\nexport * from 'b';",
    imports: ['type a [A:A] 1:1', 'type b [*:-] 2:1'],
  },
  {
    name: 'ambient module declarations are not imports of this file',
    code: "declare module 'x' { import { Y } from 'y'; }\nimport { Z } from 'z';",
    imports: ['static z [Z:Z] 2:1'],
  },
  {
    name: "import('x') in a type position is a type import",
    code: "let a: import('./foo').Bar<Q>;\nlet b: typeof import('z');",
    imports: ['type ./foo [Bar:-:type] 1:8', 'type z [*:-:type] 2:15'],
  },
  {
    name: 'tslib interop helpers around require',
    file: '/p/a.js',
    code: "const tslib_1 = require('tslib');\nconst m = tslib_1.__importStar(require('m'));",
    imports: ['require tslib [*:tslib_1] 1:17', 'require m [*:m] 2:32'],
  },
  {
    name: 'JSX in a .js file parses',
    file: '/p/a.js',
    code: "import Button from './button';\nexport const App = () => <Button />;",
    imports: ['static ./button [default:Button] 1:1'],
  },
];

describe('parseModule imports', () => {
  for (const c of cases) {
    it(c.name, () => {
      const m = parseModule(c.file ?? '/p/a.ts', c.code);
      expect(m.parseError).toBeUndefined();
      expect(m.imports.map(line)).toEqual(c.imports);
    });
  }

  it('offsets cover the statement or the call, and line/column point at them', () => {
    const code = "import a from 'a';\nconst b = require('b');\nexport * from 'c';\nawait import('d');";
    const m = parseModule('/p/a.mjs', code);
    expect(m.imports.map((r) => code.slice(r.start, r.end))).toEqual([
      "import a from 'a';",
      "require('b')",
      "export * from 'c';",
      "import('d')",
    ]);
    for (const r of m.imports) {
      const lineText = code.split('\n')[r.line - 1];
      expect(lineText.slice(r.column - 1)).toBe(code.slice(r.start, r.start + lineText.length - r.column + 1));
    }
  });

  it('positions stay right after non-ASCII text (UTF-16 offsets) and with CRLF line endings', () => {
    const code = "// café 😀 — ünïcödé\r\nimport a from 'a';\r\n/* 日本語 */ const b = require('b');\r\nimport c from 'c';\r\n";
    const m = parseModule('/p/a.ts', code, { format: 'cjs' });
    expect(m.imports.map(line)).toEqual(['static a [default:a] 2:1', 'require b [*:b] 3:21', 'static c [default:c] 4:1']);
    expect(m.imports.map((r) => code.slice(r.start, r.end))).toEqual(["import a from 'a';", "require('b')", "import c from 'c';"]);
  });

  it('positions with lone CR and U+2028 line separators', () => {
    const code = "// one\rimport a from 'a';\u2028import b from 'b';";
    expect(imports(code)).toEqual(['static a [default:a] 2:1', 'static b [default:b] 3:1']);
  });

  it('a file with a syntax error reports it and still returns the imports before the error', () => {
    const code = "import x from 'x';\nimport { y } from 'y';\nconst = ;\nexport * from 'z';";
    const m = parseModule('/p/broken.ts', code);
    expect(m.parseError).toMatchObject({ file: '/p/broken.ts', line: 3, column: 7 });
    expect(m.parseError?.message).toMatch(/\S/);
    // oxc stops at an unrecoverable error: what follows it is not read.
    expect(m.imports.map(line)).toEqual(['static x [default:x] 1:1', 'static y [y:y] 2:1']);
    expect(m.bindings).toEqual([]);
  });

  it('after a syntax error, an import re-exported by name is not also a re-export', () => {
    const code = "import { a } from 'x';\nexport { a };\nexport { b } from 'y';\nconst = ;";
    const m = parseModule('/p/broken.ts', code);
    expect(m.parseError?.line).toBe(4);
    expect(m.imports.map(line)).toEqual(['static x [a:a] 1:1', 'reexport y [b:-] 3:1']);
  });

  it('a syntax error with nothing readable gives no imports and no throw', () => {
    const m = parseModule('/p/broken.js', 'function (');
    expect(m.parseError?.line).toBe(1);
    expect(m.imports).toEqual([]);
  });

  it('fixture: a file with a syntax error in the middle', () => {
    const file = path.join(FIXTURES, 'syntax-error.ts');
    const m = parseModule(file, readFileSync(file, 'utf8'));
    expect(m.parseError?.line).toBe(5);
    expect(m.imports.map((r) => r.specifier)).toEqual(['node:fs', 'lodash']);
  });
});

describe('parseModule format', () => {
  const table: [string, string, 'esm' | 'cjs' | undefined, 'esm' | 'cjs'][] = [
    ['/p/a.mjs', 'const x = 1;', undefined, 'esm'],
    ['/p/a.mts', 'const x = 1;', undefined, 'esm'],
    ['/p/a.cjs', 'const x = 1;', undefined, 'cjs'],
    ['/p/a.cts', 'const x = 1;', undefined, 'cjs'],
    ['/p/a.js', "import x from 'x';", undefined, 'esm'],
    ['/p/a.js', 'console.log(import.meta.url);', undefined, 'esm'],
    ['/p/a.js', "const x = require('x');", undefined, 'cjs'],
    // Top-level await is module-only syntax (Node's module detection agrees).
    ['/p/a.js', "const x = await import('x');", undefined, 'esm'],
    ['/p/a.js', "const x = import('x');", undefined, 'cjs'],
    ['/p/a.js', "import x from 'x';", 'cjs', 'cjs'],
    ['/p/a.js', 'const x = 1;', 'esm', 'esm'],
  ];
  for (const [file, code, hint, expected] of table) {
    it(`${file} ${JSON.stringify(code)} hint=${hint ?? '-'} -> ${expected}`, () => {
      expect(parseModule(file, code, hint ? { format: hint } : undefined).format).toBe(expected);
    });
  }

  it('sloppy CommonJS (top-level return, with, legacy octal) parses without error', () => {
    const m = parseModule('/p/a.js', "var fs = require('fs');\nwith (fs) {}\nvar o = 010;\nif (o) return;");
    expect(m.parseError).toBeUndefined();
    expect(m.format).toBe('cjs');
    expect(m.imports.map(line)).toEqual(['require fs [*:fs] 1:10']);
  });
});

describe('parseModule exports', () => {
  const exp = (code: string, file = '/p/a.ts') =>
    parseModule(file, code).exports.map(
      (e) => `${e.exported}${e.from ? ` <- ${e.from.specifier}:${e.from.imported}` : ''}${e.isType ? ' (type)' : ''} @${e.line}`,
    );

  it('local ESM exports', () => {
    expect(
      exp(
        [
          'export const a = 1, { b, c: d } = o, [e] = arr;',
          'export function f() {}',
          'export class C {}',
          'export default function () {}',
          'export { g, h as i };',
          'export interface I {}',
          'export type T = string;',
          'export enum E { A }',
          'export namespace N { export const inner = 1; }',
          'export type { J };',
        ].join('\n'),
      ),
    ).toEqual([
      'a @1',
      'b @1',
      'd @1',
      'e @1',
      'f @2',
      'C @3',
      'default @4',
      'g @5',
      'i @5',
      'I (type) @6',
      'T (type) @7',
      'E @8',
      'N @9',
      'J (type) @10',
    ]);
  });

  it('re-exports carry their source', () => {
    expect(exp("export { a, b as c } from 'x';\nexport * from 'y';\nexport * as ns from 'z';\nexport type { T } from 't';")).toEqual([
      'a <- x:a @1',
      'c <- x:b @1',
      '* <- y:* @2',
      'ns <- z:* @3',
      'T <- t:T (type) @4',
    ]);
  });

  it('export = is the default export', () => {
    expect(exp('const x = 1;\nexport = x;')).toEqual(['default @2']);
  });

  it('CommonJS exports as written by hand and by tsc', () => {
    const code = [
      "'use strict';",
      "Object.defineProperty(exports, '__esModule', { value: true });",
      'exports.b = exports.a = void 0;',
      'exports.a = 1;',
      "exports.b = require('./b');",
      "module.exports.c = require('./c').c;",
      "__exportStar(require('./d'), exports);",
      "Object.defineProperty(exports, 'e', { enumerable: true, get: function () { return x.e; } });",
    ].join('\n');
    expect(exp(code, '/p/a.js')).toEqual(['a @4', 'b <- ./b:* @5', 'c <- ./c:c @6', '* <- ./d:* @7', 'e @8']);
  });

  it('Object.assign(module.exports, require()) re-exports everything', () => {
    expect(exp("Object.assign(module.exports, require('./a'), { b: 1 });", '/p/a.cjs')).toEqual(['* <- ./a:* @1']);
  });

  it('module.exports = require() re-exports everything; module.exports = value is the default', () => {
    expect(exp("module.exports = require('./impl');", '/p/a.cjs')).toEqual(['* <- ./impl:* @1']);
    expect(exp('module.exports = { a: 1 };', '/p/a.cjs')).toEqual(['default @1']);
  });
});

describe('parseModule top-level facts', () => {
  const tla: [string, string, boolean][] = [
    ['await at top level', "const x = await import('x');", true],
    ['for await at top level', 'for await (const x of xs) {}', true],
    ['await inside a block at top level', 'if (a) { await b; }', true],
    ['await inside an async function', 'async function f() { await x; }', false],
    ['await inside an async IIFE', '(async () => { await x; })();', false],
    ['for await inside an async arrow', 'const f = async () => { for await (const x of xs) {} };', false],
    ['no await', 'const x = 1;', false],
  ];
  for (const [name, code, expected] of tla) {
    it(`hasTopLevelAwait: ${name}`, () => {
      expect(parseModule('/p/a.mjs', code).hasTopLevelAwait).toBe(expected);
    });
  }

  const effects: [string, string, number][] = [
    ['calls, new, assignments, updates', 'setup();\nnew Registry();\nglobalThis.x = 1;\ncounter++;\nconst a = f();', 4],
    ['CommonJS export plumbing and bare requires do not count', "'use strict';\nObject.defineProperty(exports, '__esModule', { value: true });\nexports.a = 1;\nmodule.exports = {};\nmodule.exports.b = 2;\nrequire('./x');\n__exportStar(require('./y'), exports);", 0],
    ['declarations and literals do not count', "'use strict';\nfunction f() { g(); }\nclass C {}\nconst x = 1;", 0],
    ['an IIFE counts', '(function () {})();', 1],
    ['a sequence with a call counts once', 'a = 1, b();', 1],
  ];
  for (const [name, code, expected] of effects) {
    it(`topLevelEffects: ${name}`, () => {
      expect(parseModule('/p/a.js', code).topLevelEffects).toBe(expected);
    });
  }

  const req: [string, string, boolean][] = [
    ['createRequire', "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);", true],
    ['function parameter', 'function f(require) {}', true],
    ['function declaration', 'function require() {}', true],
    ['only uses the global', "require('x');", false],
    ['require as a property name', "const o = { require: 1 }; o.require('x');", false],
  ];
  for (const [name, code, expected] of req) {
    it(`declaresRequire: ${name}`, () => {
      expect(parseModule('/p/a.js', code).declaresRequire).toBe(expected);
    });
  }
});
