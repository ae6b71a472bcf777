import { describe, expect, it } from 'vitest';
import { lexCalls } from '../../src/graph/lex.js';
import { parseModule } from '../../src/graph/parse.js';
import { scanImports, scanStats } from '../../src/graph/scan.js';

/**
 * Each case: source, whether the token reader must answer it itself ('lexed') or hand it to the
 * full parse ('full'). Either way scanImports must equal parseModule record for record.
 */
const CASES: [string, string, 'lexed' | 'full'][] = [
  ['plain declarations', `const a = require('a');\nvar b = require("b"), c = require('c');\nlet { d, e: f, 'g': h, ...rest } = require('d');`, 'lexed'],
  ['member and interop', `const a = require('a').x;\nconst b = require('b')['y'];\nconst c = __importDefault(require('c'));\nconst d = tslib_1.__importStar(require('d')).z;\nconst e = (require('e'));`, 'lexed'],
  ['not the whole initialiser', `const a = require('a') || {};\nconst b = require('b')(opts);\nconst c = require('c').x.y;\nconst d = cond ? require('d') : null;\nconst e = require('e')\n  .f;`, 'lexed'],
  ['automatic semicolons', `const a = require('a')\nconst b = require('b')\nmodule.exports = { a, b }`, 'lexed'],
  ['assignments and arguments', `exports.a = require('a');\nmodule.exports = require('b');\nx = require('c');\nfoo(require('d'));\nrequire('e');\nexport default require('f');`, 'lexed'],
  ['blocks and try', `if (x) { require('a') } else { var b = require('b') }\ntry { require('c') } catch (e) { require('d') } finally { require('e') }\nswitch (y) { case 1: { require('f') } }`, 'lexed'],
  ['strings, comments and templates that mention require', `// require('no')\n/* require('no') */\nconst s = "require('no')";\nconst t = \`require('no') \${ require('yes') } \${ \`require('no')\` }\`;`, 'lexed'],
  ['regular expressions and division', `const r = /require\\('no'\\)/g;\nconst d = a / b / c;\nif (x) /require('no')/.test(y);\nconst q = (a) / 2; require('yes');\nconst cls = /[/]require('no')/;`, 'lexed'],
  ['require.resolve and typeof require', `const p = require.resolve('a');\nif (typeof require === 'function') require('b');\nif (require.main === module) main();`, 'lexed'],
  ['IIFE arguments run at load', `(function (a) { a() })(require('a'));`, 'lexed'],
  ['top-level dynamic import', `import('a').then(() => {});\ntry { await import('b') } catch {}`, 'lexed'],
  ['inside a function the file calls', `function f() { return require('a') }\nf();`, 'full'],
  ['inside a function nothing in the file names', `export async function later() { return import('./x.js') }\nfunction g() { try { require('a') } catch {} return () => require('b') }\ntry { function h() { const { c } = require('c') } } catch {}`, 'lexed'],
  ['inside a function that is exported by name', `function f() { return require('a') }\nmodule.exports = { f };`, 'full'],
  ['inside a function expression nothing else names', `const f = function () { return require('a') };`, 'lexed'],
  ['in a try inside a callback of an uncalled function', `function f() { [1].map(() => { try { require('a') } catch {} }) }`, 'full'],
  ['inside an arrow without braces', `const f = () => require('a');`, 'full'],
  ['inside an IIFE', `(function () { require('a') })();`, 'full'],
  ['inside a getter', `module.exports = { get x() { return require('a') } };`, 'lexed'],
  ['inside a class', `class A { static x = require('a') }`, 'full'],
  ['in default parameters', `function f(a = require('a')) {}`, 'full'],
  ['in arrow parameters', `const f = (a = require('a')) => a;`, 'full'],
  ['a local require', `const require = createRequire(import.meta.url);\nconst a = require('a');`, 'full'],
  ['require as a parameter', `define(function (require) { var a = require('a') });`, 'full'],
  ['function require', `function require(x) { return x }\nrequire('a');`, 'full'],
  ['non-literal argument', `const a = require(name);`, 'full'],
  ['escaped specifier', `const a = require('a\\u0062');`, 'full'],
  ['JSX', `const a = require('a');\nconst el = <div>it's</div>;`, 'full'],
  ['declarator after a non-require one', `var x = 1, a = require('a');`, 'full'],
  ['in a try inside an arrow without braces of an uncalled function', `function g() { try { [1].map((a) => require('a')) } catch {} }`, 'full'],
  // Function expressions, arrows and methods the walker never runs at load: their calls are nested.
  ['inside callbacks', `describe('x', () => { it('y', async () => { await import('./a.js') }) });\nfoo(function () { try { require('b') } catch {} });`, 'lexed'],
  ['inside object and class methods', `module.exports = { load() { return require('a') }, get b() { return require('b') }, ['c']() { return require('c') } };\nclass K extends Base { static s() { return import('./d.js') } async m() { try { await import('./e.js') } catch {} } #p() { require('f') } }`, 'lexed'],
  ['inside member and default function values', `exports.f = function () { return require('a') };\nexport default async () => { await import('./b.js') };\nconst o = { g: function () { require('c') }, h: async (x) => { require('d') } };`, 'lexed'],
  ['inside a const function nothing else names', `const later = async () => { await import('./a.js') };\nlet lazy = function () { return require('b') };`, 'lexed'],
  ['inside a const function the file names', `const f = () => { require('a') };\nf();`, 'full'],
  ['inside a constructor', `class K { constructor() { require('a') } }\nnew K();`, 'full'],
  ['inside an IIFE written with call', `(function () { require('a') }).call(this);`, 'full'],
  ['inside a function expression called at once', `var x = function () { return require('a') }();`, 'full'],
  ['inside a function given to new', `var x = new function () { this.a = require('a') };`, 'full'],
  ['inside a wrapped arrow called at once', `((() => { require('a') }))();`, 'full'],
  ['inside a function in a declaration list', `var a = 1, f = function () { require('a') };`, 'full'],
  ['a call then a block on the next line', `init()\n{ require('a') }`, 'full'],
  ['a callback an array method runs at once', `[1, 2].forEach(() => { require('a') });`, 'full'],
  ['a Promise executor', `module.exports = new Promise((resolve) => { resolve(require('a')) });`, 'full'],
  ['a callback run later', `ready.then(() => { require('a') });`, 'lexed'],
  ['nested function inside a callback', `app.get('/', (req) => { function inner() { return require('a') } return inner() });`, 'lexed'],
];

const TS_CASES: [string, string, 'lexed' | 'full'][] = [
  ['import equals', `import a = require('a');\nimport type b = require('b')\nexport import c = require('c');\nimport type = require('d');\nconst e = require('e');`, 'lexed'],
  ['import equals inside a namespace', `declare module 'm' { import a = require('a'); }\nconst b = require('b');`, 'full'],
  ['import equals followed by more on its line', `import a = require('a'); const b = require('b'), c = 1;`, 'lexed'],
  ['an alias import equals', `import A = B.C;\nconst b = require('b');`, 'lexed'],
  ['annotated declaration', `const a: A.B = require('a');`, 'full'],
  ['as cast', `const a = require('a') as typeof import('a');`, 'full'],
  ['type import in a type', `type T = typeof import('a');\nconst b = require('b');`, 'full'],
  ['function with a return type', `function f(): { a: 1 } { return require('a') }`, 'full'],
  ['member assignment', `exports.a = require('a');\nconst b = require('b');`, 'lexed'],
  ['uncalled function with a return type', `export async function later(): Promise<unknown> { return import('../m4/f441.js'); }`, 'lexed'],
  // The overload signature names it a second time: left to the walker.
  ['function with overloads', `export function later(): Promise<unknown>;\nexport function later(): Promise<unknown> { return import('../m4/f441.js'); }`, 'full'],
  ['methods with return types', `export class A implements B {\n  async load(): Promise<void> { await import('./a.js'); }\n  get x(): string { return require('b'); }\n  static m(v: T): T | A.B<[C, D]> { return require('c'); }\n}`, 'lexed'],
  ['a generic method', `class A {\n  static make<T>(v: T): T { return require('c'); }\n}`, 'full'],
  ['a const arrow with a type annotation', `const f: () => unknown = () => { return require('a') };\nf();`, 'full'],
  ['an arrow with a return type', `export const later = async (): Promise<unknown> => { return import('./a.js') };`, 'lexed'],
  ['an arrow with a return type the file calls', `const f = (): unknown => { return require('a') };\nf();`, 'full'],
  ['a class field arrow', `class A { handler = () => { require('a') } }`, 'lexed'],
];

function check(file: string, source: string, expected: 'lexed' | 'full'): void {
  const before = { ...scanStats };
  const fast = scanImports(file, source);
  const full = parseModule(file, source);
  expect({ imports: fast.imports, parseError: fast.parseError, format: fast.format }).toEqual({
    imports: full.imports,
    parseError: full.parseError,
    format: full.format,
  });
  expect(scanStats.lexed - before.lexed, `lexed counter for ${file}`).toBe(expected === 'lexed' ? 1 : 0);
  expect(scanStats.full - before.full, `full counter for ${file}`).toBe(expected === 'full' ? 1 : 0);
  expect(full.parseError).toBeUndefined();
}

describe('lexCalls (require and import() sites without the AST)', () => {
  for (const [name, source, expected] of CASES) {
    it(`${name}: ${expected}, same records as parseModule`, () => check('/p/case.js', source, expected));
  }
  for (const [name, source, expected] of TS_CASES) {
    it(`TypeScript, ${name}: ${expected}, same records as parseModule`, () => check('/p/case.ts', source, expected));
  }

  it('finds the names, offsets and try flags itself', () => {
    const src = `var a = require('a'), { b, c: d } = require('b');\ntry { require('c') } catch {}`;
    const calls = lexCalls(src, false);
    expect(calls).toEqual([
      { kind: 'require', start: 8, end: 20, specifier: 'a', names: [{ imported: '*', local: 'a', isType: false }], inTry: false, nested: false },
      {
        kind: 'require',
        start: 36,
        end: 48,
        specifier: 'b',
        names: [
          { imported: 'b', local: 'b', isType: false },
          { imported: 'c', local: 'd', isType: false },
        ],
        inTry: false,
        nested: false,
      },
      { kind: 'require', start: 56, end: 68, specifier: 'c', names: [], inTry: true, nested: false },
    ]);
    expect(src.slice(36, 48)).toBe("require('b')");
    expect(src.slice(56, 68)).toBe("require('c')");
  });

  it('gives up on a regular expression it would misread rather than guess', () => {
    // After `)` of a call, `/` is division; here it is not a regex, and the quote must not open a string.
    expect(lexCalls(`f(x) / 2; const a = require('a'); g(y) / "x".length;`, false)).toHaveLength(1);
    expect(lexCalls("const s = `unterminated ${ require('a') ", false)).toBeNull();
    expect(lexCalls("const s = 'unterminated\nrequire('a')", false)).toBeNull();
    expect(lexCalls("const a = require('a'); }", false)).toBeNull();
  });
});
