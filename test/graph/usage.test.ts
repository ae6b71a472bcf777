import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { makeTree, removeTree } from './tmp.js';
import { parseModule } from '../../src/graph/parse.js';
import { summarizeBinding } from '../../src/graph/usage.js';
import type { BindingUsage } from '../../src/graph/types.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/parse');

const FLAGS = [
  'unused',
  'typeOnly',
  'usedAtLoad',
  'functionsOnly',
  'asyncOnly',
  'reassigned',
  'mutated',
  'reexported',
  'inTry',
  'decoratorMetadata',
  'declaredAsType',
] as const;

/** A binding as `flags` plus one line per reference: `line:col context kind [try] [@fn(async):line]`. */
function show(b: BindingUsage): { flags: string; refs: string[] } {
  return {
    flags: FLAGS.filter((f) => b[f]).join(' '),
    refs: b.references.map((r) => {
      const parts = [`${r.line}:${r.column}`, r.context, r.kind];
      if (r.inTry) parts.push('try');
      if (r.fn) parts.push(`@${r.fn.name ?? '<anon>'}${r.fn.async ? '(async)' : ''}:${r.fn.line}`);
      return parts.join(' ');
    }),
  };
}

function usage(code: string, file = '/p/a.ts'): Record<string, { flags: string; refs: string[] }> {
  const m = parseModule(file, code);
  expect(m.parseError).toBeUndefined();
  const out: Record<string, { flags: string; refs: string[] }> = {};
  for (const b of m.bindings) out[b.local] = show(b);
  return out;
}

/** Only the reference lines of one binding. */
function refs(code: string, local: string, file = '/p/a.ts'): string[] {
  const u = usage(code, file)[local];
  if (!u) throw new Error(`no binding ${local}`);
  return u.refs;
}

describe('scope analysis: shadowed names are not references', () => {
  const cases: { name: string; code: string; expected: string[]; file?: string }[] = [
    {
      name: 'function parameter',
      code: "import { a } from 'm';\nfunction f(a) { return a; }\na();",
      expected: ['3:1 load call'],
    },
    {
      name: 'destructured and defaulted parameters',
      code: "import { a, b } from 'm';\nfunction f({ a }, [b] = []) { return a + b; }\na;",
      expected: ['3:1 load read'],
    },
    {
      name: 'let in an inner block only shadows inside the block',
      code: "import { a } from 'm';\nfunction f() {\n  { let a = 1; a++; }\n  return a;\n}",
      expected: ['4:10 function read @f:2'],
    },
    {
      name: 'catch parameter',
      code: "import { a } from 'm';\ntry { x(); } catch (a) { a.y = 1; }\na;",
      expected: ['3:1 load read'],
    },
    {
      name: 'hoisted var used before its declaration',
      code: "import { a } from 'm';\nfunction f() { a(); var a = g; }\nfunction h() { a(); }",
      expected: ['3:16 function call @h:3'],
    },
    {
      name: 'var in a nested block is hoisted to the function',
      code: "import { a } from 'm';\nfunction f() { a(); if (x) { var a = 1; } }\na;",
      expected: ['3:1 load read'],
    },
    {
      name: 'hoisted function declaration in a function body',
      code: "import { a } from 'm';\nfunction f() { a(); function a() {} }\na;",
      expected: ['3:1 load read'],
    },
    {
      name: 'named function expression name is local to the function',
      code: "import { a } from 'm';\nconst g = function a() { return a; };\na;",
      expected: ['3:1 load read'],
    },
    {
      name: 'class declared in a function',
      code: "import { a } from 'm';\nfunction f() { class a {} return new a(); }\nnew a();",
      expected: ['3:5 load new'],
    },
    {
      name: 'arrow parameter and for-of binding',
      code: "import { a } from 'm';\nxs.map((a) => a);\nfor (const a of xs) a;\na;",
      expected: ['4:1 load read'],
    },
    {
      name: 'labels, property keys, member properties and method names are not references',
      code: "import { a } from 'm';\na: for (;;) { break a; }\nconst o = { a: 1, a() {} };\no.a;\nclass K { a() {} a = 1; }\nexport const v = a;",
      expected: ['6:18 load read'],
    },
    {
      name: 'a local value does not shadow a type of the same name, and a local type does not shadow the value',
      code: "import { Foo } from 'm';\nfunction f() { const Foo = 1; let x: Foo; }\nfunction g() { type Foo = string; return Foo; }",
      expected: ['2:38 type read @f:2', '3:42 function read @g:3'],
    },
    {
      name: 'a class expression name is local to the class',
      code: "import { K } from 'm';\nconst C = class K { static s = K; };\nK;",
      expected: ['3:1 load read'],
    },
    {
      name: 'block-scoped function declaration (strict code) does not leak out of its block',
      code: "import { a } from 'm';\nfunction f() { if (x) { function a() {} } return a(); }",
      expected: ['2:50 function call @f:2'],
    },
    {
      name: 'type parameters shadow types',
      code: "import { T } from 'm';\nfunction f<T>(x: T): T { return x; }\nlet y: T;",
      expected: ['3:8 type read'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const u = usage(c.code, c.file);
      const first = Object.keys(u)[0];
      expect(u[first].refs).toEqual(c.expected);
    });
  }
});

describe('reference kinds', () => {
  it('calls, new, members, writes, property writes, exports, jsx', () => {
    const code = [
      "import { a, b, c, d, e, f, g, h, i, j, k } from 'm';",
      'a();',
      'new b();',
      'c.x; c[y]; c.z();',
      'd = 1; d++; d += 2;',
      "e.x = 1; delete e.y; e.z++; e['w'] = 2;",
      'export { f, g as gg };',
      'export default h;',
      'i`tpl`; i?.(); j?.y;',
      '({ k } = o); for (k in o);',
    ].join('\n');
    const u = usage(code);
    expect(u.a.refs).toEqual(['2:1 load call']);
    expect(u.b.refs).toEqual(['3:5 load new']);
    expect(u.c.refs).toEqual(['4:1 load member', '4:6 load member', '4:12 load member']);
    expect(u.d.refs).toEqual(['5:1 load write', '5:8 load write', '5:13 load write']);
    expect(u.e.refs).toEqual(['6:1 load member-write', '6:17 load member-write', '6:22 load member-write', '6:29 load member-write']);
    expect(u.f.refs).toEqual(['7:10 load export']);
    expect(u.g.refs).toEqual(['7:13 load export']);
    expect(u.h.refs).toEqual(['8:16 load export']);
    expect(u.i.refs).toEqual(['9:1 load call', '9:9 load call']);
    expect(u.j.refs).toEqual(['9:16 load member']);
    expect(u.k.refs).toEqual(['10:4 load write', '10:19 load write']);
  });

  it('logical assignment is a write; export default class extends reads at load', () => {
    const u = usage("import { a, Base } from 'm';\na ??= 1;\nexport default class extends Base {}");
    expect(u.a.refs).toEqual(['2:1 load write']);
    expect(u.Base.refs).toEqual(['3:30 load read']);
  });

  it('object shorthand, spread, typeof, template and destructuring defaults are reads', () => {
    const code = "import { a, b, c, d, e } from 'm';\nconst o = { a, ...b };\ntypeof c;\n`${d}`;\nconst { z = e } = o;";
    const u = usage(code);
    expect([u.a.refs, u.b.refs, u.c.refs, u.d.refs, u.e.refs]).toEqual([
      ['2:13 load read'],
      ['2:19 load read'],
      ['3:8 load read'],
      ['4:4 load read'],
      ['5:13 load read'],
    ]);
  });

  it('destructuring assignment targets: members are property writes', () => {
    const u = usage("import { a, b } from 'm';\n[a.x, ...b.y] = arr;");
    expect(u.a.refs).toEqual(['2:2 load member-write']);
    expect(u.b.refs).toEqual(['2:10 load member-write']);
  });

  it('JSX: components and member components are jsx references; intrinsic elements are not', () => {
    const code = [
      "import { Button, UI, div, label, value } from 'ui';",
      'export const App = () => (',
      '  <div>',
      '    <Button />',
      '    <UI.Card title={value}>text</UI.Card>',
      '    <label />',
      '  </div>',
      ');',
    ].join('\n');
    const u = usage(code, '/p/a.tsx');
    expect(u.Button.refs).toEqual(['4:6 function jsx @App:2']);
    expect(u.UI.refs).toEqual(['5:6 function jsx @App:2']);
    expect(u.value.refs).toEqual(['5:21 function read @App:2']);
    expect(u.div.flags).toBe('unused');
    expect(u.label.flags).toBe('unused');
  });
});

describe('type positions', () => {
  it('annotations, generics, implements, interface and alias bodies, as/satisfies, typeof in types', () => {
    const code = [
      "import { A, B, C, D, E, F, G, H, I, J } from 'm';",
      'let a: A;',
      'function f(x: B): Promise<C> { return x as unknown as C; }',
      'class K implements D {}',
      'interface L extends E { p: F; [G.key]: number }',
      'type M = { q: typeof H };',
      'const n = {} satisfies I;',
      'g<J>();',
    ].join('\n');
    const u = usage(code);
    expect(u.A.refs).toEqual(['2:8 type read']);
    expect(u.B.refs).toEqual(['3:15 type read @f:3']);
    expect(u.C.refs).toEqual(['3:27 type read @f:3', '3:55 type read @f:3']);
    expect(u.D.refs).toEqual(['4:20 type read']);
    expect(u.E.refs).toEqual(['5:21 type read']);
    expect(u.F.refs).toEqual(['5:28 type read']);
    expect(u.G.refs).toEqual(['5:32 type read']);
    expect(u.H.refs).toEqual(['6:22 type read']);
    expect(u.I.refs).toEqual(['7:24 type read']);
    expect(u.J.refs).toEqual(['8:3 type read']);
    for (const k of 'ABCDEFGHIJ') expect(u[k].flags).toBe('typeOnly');
  });

  it('typeof in value position is a value read, not a type', () => {
    expect(usage("import { x } from 'm';\nif (typeof x === 'function') {}").x.flags).toBe('usedAtLoad');
  });

  it('declare and overload signatures are type positions', () => {
    const code = "import { A, B } from 'm';\ndeclare const a: A;\nfunction f(x: B): void;\nfunction f(x: any) {}";
    const u = usage(code);
    expect(u.A.flags).toBe('typeOnly');
    expect(u.B.flags).toBe('typeOnly');
  });

  it('import type and inline type specifiers are declaredAsType', () => {
    const u = usage("import type { A } from 'a';\nimport { type B, C } from 'b';\nlet x: A | B | C;");
    expect(u.A.flags).toBe('typeOnly declaredAsType');
    expect(u.B.flags).toBe('typeOnly declaredAsType');
    expect(u.C.flags).toBe('typeOnly');
  });

  it('the left of a qualified type name is a namespace: an interface or type alias of the same name does not take it', () => {
    // As in effect's OtlpTracer.ts: the import gives `Scope.Scope`, the local interface `Scope`.
    const code = [
      "import type * as Scope from './Scope';",
      "import { Tracer, Other } from './Tracer';",
      'export const f = (): Scope.Scope | Tracer.Span => null as never;',
      'const s: Scope = { name: "x" };',
      'function g() { type Tracer = string; let t: Tracer.Span; return t; }',
      'interface Scope { name: string }',
      'interface Other { o: number }',
      'let o: Other;',
    ].join('\n');
    const u = usage(code);
    expect(u.Scope.refs).toEqual(['3:22 type read @f:3']);
    expect(u.Scope.flags).toBe('typeOnly declaredAsType');
    expect(u.Tracer.refs).toEqual(['3:36 type read @f:3', '5:45 type read @g:5']);
    // A plain type reference still takes the type meaning: the local interface.
    expect(u.Other.flags).toBe('unused');
    // Enums and namespaces are namespaces too.
    const ns = usage("import { E } from 'm';\nnamespace E { export type T = 1 }\nlet x: E.T;");
    expect(ns.E.flags).toBe('unused');
  });

  it('a namespace of types alone merges with an import of the same name, which keeps its value and type uses', () => {
    // As in theia's tree-selection-state.spec.ts.
    const code = [
      "import { State } from './state';",
      'namespace State { export interface Assert { ok: boolean } export namespace Inner { export type T = 1 } }',
      'function next(s: State): State.Assert { return { ok: s instanceof State }; }',
      'export const first = next(new State());',
    ].join('\n');
    const u = usage(code);
    expect(u.State.refs).toEqual(['3:18 type read @next:3', '3:67 load read @next:3', '4:31 load new']);
    expect(u.State.flags).toBe('usedAtLoad');
  });

  it('a value import used as a type and a value is not typeOnly', () => {
    expect(usage("import { C } from 'm';\nlet x: C = new C();").C.flags).toBe('usedAtLoad');
  });
});

describe('load context', () => {
  it('class extends, decorators, static initialisers, static blocks, computed keys run at load', () => {
    const code = [
      "import { Base, dec, mdec, pdec, prm, init, blk, key, field, method } from 'm';",
      '@dec',
      'class K extends Base {',
      '  @pdec prop = field;',
      '  static s = init();',
      '  static { blk(); }',
      '  [key] = 1;',
      '  @mdec m(@prm x) { method(); }',
      '}',
    ].join('\n');
    const u = usage(code);
    expect(u.Base.refs).toEqual(['3:17 load read']);
    expect(u.dec.refs).toEqual(['2:2 load read']);
    expect(u.pdec.refs).toEqual(['4:4 load read']);
    expect(u.init.refs).toEqual(['5:14 load call']);
    expect(u.blk.refs).toEqual(['6:12 load call']);
    expect(u.key.refs).toEqual(['7:4 load read']);
    expect(u.mdec.refs).toEqual(['8:4 load read']);
    expect(u.prm.refs).toEqual(['8:12 load read']);
    // Instance fields run in the constructor; methods when called.
    expect(u.field.refs).toEqual(['4:16 function read @K.constructor:3']);
    expect(u.method.refs).toEqual(['8:21 function call @K.m:8']);
  });

  it('top-level initialisers, enum members, namespace bodies and export default expressions run at load', () => {
    const code = "import { a, b, c, d } from 'm';\nexport const x = a.y;\nenum E { A = b.v }\nnamespace N { c(); }\nexport default d();";
    const u = usage(code);
    expect([u.a.flags, u.b.flags, u.c.flags, u.d.flags]).toEqual(['usedAtLoad', 'usedAtLoad', 'usedAtLoad', 'usedAtLoad']);
  });

  it('IIFEs run at load: function, arrow, async, and .call forms', () => {
    const code = [
      "import { a, b, c, d } from 'm';",
      '(function () { a(); })();',
      '(() => b())();',
      '(async () => { await c(); })();',
      '(function () { d(); }).call(this);',
    ].join('\n');
    const u = usage(code, '/p/a.mjs');
    expect(u.a.refs).toEqual(['2:16 load call @<anon>:2']);
    expect(u.b.refs).toEqual(['3:8 load call @<anon>:3']);
    expect(u.c.refs).toEqual(['4:22 load call @<anon>(async):4']);
    expect(u.d.refs).toEqual(['5:16 load call @<anon>:5']);
  });

  it('a function called at top level runs at load, transitively; one never called does not', () => {
    const code = [
      "import { a, b, c, d, e } from 'm';",
      'setup();',
      'function setup() { a(); helper(); }',
      'function helper() { b(); }',
      'const arrow = () => { c(); };',
      'arrow();',
      'function unused() { d(); }',
      'function onlyFromUnused() { e(); }',
      'function caller() { onlyFromUnused(); }',
    ].join('\n');
    const u = usage(code);
    expect(u.a.refs).toEqual(['3:20 load call @setup:3']);
    expect(u.b.refs).toEqual(['4:21 load call @helper:4']);
    expect(u.c.refs).toEqual(['5:23 load call @arrow:5']);
    expect(u.d.refs).toEqual(['7:21 function call @unused:7']);
    expect(u.e.refs).toEqual(['8:29 function call @onlyFromUnused:8']);
  });

  it('callbacks inside a load-called function are not load (only direct calls are followed)', () => {
    const code = "import { a } from 'm';\nfunction start() { app.get('/', () => a()); }\nstart();";
    expect(refs(code, 'a')).toEqual(['2:39 function call @<anon>:2']);
  });

  it('callbacks array methods call before returning, and a Promise executor, run where the call runs', () => {
    const code = [
      "import { a, b, c, d, e, f } from 'm';",
      'function main(names) { return names.map((n) => a(n)); }',
      'main([]);',
      '[1, 2].forEach(function (x) { b(x); });',
      'export const p = new Promise((resolve) => resolve(c()));',
      'export function later(xs) { return xs.filter((x) => d(x)); }',
      'main.then?.(() => e());',
      'export const sorted = [3, 1].sort((x, y) => f(x, y));',
    ].join('\n');
    const u = usage(code);
    expect(u.a.refs).toEqual(['2:48 load call @<anon>:2']);
    expect(u.b.refs).toEqual(['4:31 load call @<anon>:4']);
    expect(u.c.refs).toEqual(['5:51 load call @<anon>:5']);
    // In a function nothing calls at load, and in a callback that runs later.
    expect(u.d.refs).toEqual(['6:53 function call @<anon>:6']);
    expect(u.e.refs).toEqual(['7:19 function call @<anon>:7']);
    expect(u.f.refs).toEqual(['8:45 load call @<anon>:8']);
  });

  it('new of a local class at load runs its constructor and instance field initialisers at load', () => {
    const code = [
      "import { a, b, c } from 'm';",
      'class S {',
      '  f = a();',
      '  constructor() { b(); }',
      '  m() { c(); }',
      '}',
      'export const s = new S();',
    ].join('\n');
    const u = usage(code);
    expect(u.a.refs).toEqual(['3:7 load call @S.constructor:4']);
    expect(u.b.refs).toEqual(['4:19 load call @S.constructor:4']);
    expect(u.c.refs).toEqual(['5:9 function call @S.m:5']);
  });

  it('default parameter values run when the function is called', () => {
    const code = "import { a } from 'm';\nexport function f(x = a()) { return x; }";
    expect(usage(code).a).toEqual({ flags: 'functionsOnly', refs: ['2:23 function call @f:2'] });
  });
});

describe('function context and fn names', () => {
  it('names: declarations, const arrows, methods, object methods, default exports, async', () => {
    const code = [
      "import { a } from 'm';",
      'function decl() { a(); }',
      'const arrow = async () => { a(); };',
      'class K { method() { a(); } static st() { a(); } get g() { return a; } }',
      'const o = { om() { a(); }, prop: () => a() };',
      'export default function () { a(); }',
      'exports.handler = async function () { a(); };',
    ].join('\n');
    expect(refs(code, 'a')).toEqual([
      '2:19 function call @decl:2',
      '3:29 function call @arrow(async):3',
      '4:22 function call @K.method:4',
      '4:43 function call @K.st:4',
      '4:67 function read @K.g:4',
      '5:20 function call @om:5',
      '5:40 function call @prop:5',
      '6:30 function call @default:6',
      '7:39 function call @handler(async):7',
    ]);
  });

  it('asyncOnly needs the innermost function of every value use to be async', () => {
    const u = usage(
      [
        "import { a, b, c } from 'm';",
        'export async function f() { await a.load(); }',
        'export async function g() { return [1].map(() => b()); }',
        'export async function h() { c(); }',
        'export function i() { c(); }',
      ].join('\n'),
    );
    expect(u.a.flags).toBe('functionsOnly asyncOnly');
    expect(u.b.flags).toBe('functionsOnly');
    expect(u.c.flags).toBe('functionsOnly');
  });
});

describe('inTry', () => {
  it('try, catch and finally blocks count; a function declared in a try block does not', () => {
    const code = [
      "import { a, b, c, d, e } from 'm';",
      'try { a(); } catch { b(); } finally { c(); }',
      'try { (function () { d(); })(); } catch {}',
      'try { var later = () => e(); } catch {}',
    ].join('\n');
    const u = usage(code);
    expect(u.a.refs).toEqual(['2:7 load call try']);
    expect(u.b.refs).toEqual(['2:22 load call try']);
    expect(u.c.refs).toEqual(['2:39 load call try']);
    expect(u.d.refs).toEqual(['3:22 load call try @<anon>:3']);
    expect(u.e.refs).toEqual(['4:25 function call @later:4']);
    expect([u.a.flags, u.e.flags]).toEqual(['usedAtLoad inTry', 'functionsOnly']);
  });

  it('inside a function, a try block in that function', () => {
    expect(usage("import { a } from 'm';\nexport function f() { try { return a(); } catch { return null; } }").a).toEqual({
      flags: 'functionsOnly inTry',
      refs: ['2:36 function call try @f:2'],
    });
  });
});

describe('summary flags', () => {
  const table: { name: string; code: string; local: string; flags: string; file?: string }[] = [
    { name: 'unused', code: "import { a } from 'm';", local: 'a', flags: 'unused' },
    { name: 'typeOnly', code: "import { A } from 'm';\nlet x: A;", local: 'A', flags: 'typeOnly' },
    { name: 'functionsOnly', code: "import { a } from 'm';\nexport function f() { return a; }", local: 'a', flags: 'functionsOnly' },
    {
      name: 'functionsOnly plus type uses',
      code: "import { A } from 'm';\nexport function f(x: A) { return new A(); }",
      local: 'A',
      flags: 'functionsOnly',
    },
    { name: 'usedAtLoad beats function uses', code: "import { a } from 'm';\na();\nexport function f() { a(); }", local: 'a', flags: 'usedAtLoad' },
    {
      name: 'reassigned',
      code: "import { a } from 'm';\nexport function f() { a = 1; }",
      local: 'a',
      flags: 'functionsOnly reassigned',
    },
    { name: 'mutated', code: "import { a } from 'm';\nexport function f() { a.x = 1; }", local: 'a', flags: 'functionsOnly mutated' },
    { name: 'reexported', code: "import { a } from 'm';\nexport { a };", local: 'a', flags: 'usedAtLoad reexported' },
    { name: 'exported where it is required', file: '/p/a.ts', code: "export const v: string = require('./p.json').version;", local: 'v', flags: 'usedAtLoad reexported' },
    { name: 'exported where it is required, destructured', file: '/p/a.ts', code: "export const { a, b: c } = require('m');", local: 'c', flags: 'usedAtLoad reexported' },
    {
      name: 'type re-export is a type use',
      code: "import { A } from 'm';\nexport type { A };",
      local: 'A',
      flags: 'typeOnly reexported',
    },
    {
      name: 'namespace used as a value',
      code: "import * as ns from 'm';\nexport function f() { return Object.keys(ns); }",
      local: 'ns',
      flags: 'functionsOnly',
    },
  ];
  for (const c of table) {
    it(c.name, () => {
      expect(usage(c.code, c.file)[c.local].flags).toBe(c.flags);
    });
  }

  it('summarizeBinding computes flags from references alone', () => {
    const b = summarizeBinding({
      local: 'x',
      imported: 'x',
      specifier: 'm',
      importIndex: 0,
      declaredAsType: false,
      references: [
        { line: 1, column: 1, start: 0, end: 1, context: 'function', inTry: true, kind: 'call', fn: { name: 'f', async: true, line: 1 } },
        { line: 2, column: 1, start: 5, end: 6, context: 'type', inTry: false, kind: 'read' },
      ],
      metadata: [false, true],
    });
    expect(show(b).flags).toBe('functionsOnly asyncOnly inTry decoratorMetadata');
  });
});

describe('decorator metadata', () => {
  it('TS legacy decorators: decorated class constructor params, decorated property and method types', () => {
    const code = [
      "import { Injectable, Get, Inject } from '@nestjs/common';",
      "import { Svc, Opt, Tok, Prop, Arg, Ret, Plain, Local } from './deps';",
      '@Injectable()',
      'export class C {',
      '  @Inject(Tok) prop: Prop;',
      '  constructor(private readonly s: Svc, o: Opt | null) {}',
      '  @Get() m(a: Arg): Ret { return null as any; }',
      '  n(p: Plain): Local { return p as any; }',
      '}',
    ].join('\n');
    const u = usage(code);
    expect(u.Svc.flags).toBe('typeOnly decoratorMetadata');
    expect(u.Opt.flags).toBe('typeOnly decoratorMetadata');
    expect(u.Prop.flags).toBe('typeOnly decoratorMetadata');
    expect(u.Arg.flags).toBe('typeOnly decoratorMetadata');
    expect(u.Ret.flags).toBe('typeOnly decoratorMetadata');
    expect(u.Plain.flags).toBe('typeOnly');
    expect(u.Local.flags).toBe('typeOnly');
    expect(u.Tok.flags).toBe('usedAtLoad');
    expect(u.Injectable.flags).toBe('usedAtLoad');
  });

  it('a parameter decorator on a constructor makes the class emit metadata; an undecorated class does not', () => {
    const code = "import { Svc, Other, Deco } from 's';\nclass D { constructor(@Deco() s: Svc) {} }\nclass E { constructor(s: Other) {} }";
    const u = usage(code);
    expect(u.Svc.flags).toBe('typeOnly decoratorMetadata');
    expect(u.Other.flags).toBe('typeOnly');
  });

  it('generic arguments and array element types are not emitted as metadata', () => {
    const code = "import { Wrapper, Inner, Item, dec } from 's';\nclass K { @dec a: Wrapper<Inner>; @dec b: Item[]; }";
    const u = usage(code);
    expect(u.Wrapper.flags).toBe('typeOnly decoratorMetadata');
    expect(u.Inner.flags).toBe('typeOnly');
    expect(u.Item.flags).toBe('typeOnly');
  });

  it('standard (TC39) decorators in JS: class, method and accessor decorators run at load', () => {
    const code = [
      "import { logged, bound, tracked, work } from './decorators.js';",
      '@logged',
      'export class Counter {',
      '  @tracked accessor count = 0;',
      '  @bound inc() { work(); }',
      '}',
    ].join('\n');
    const u = usage(code, '/p/a.js');
    expect([u.logged.flags, u.bound.flags, u.tracked.flags]).toEqual(['usedAtLoad', 'usedAtLoad', 'usedAtLoad']);
    expect(u.work.refs).toEqual(['5:18 function call @Counter.inc:5']);
  });
});

describe('CommonJS bindings', () => {
  it('top-level and nested requires, destructuring, import = require', () => {
    const code = [
      "const fs = require('fs');",
      "const { join, resolve: res } = require('path');",
      'exports.read = (p) => fs.readFileSync(join(p));',
      'res(".");',
      "function lazy() { const heavy = require('heavy'); return heavy.run(); }",
    ].join('\n');
    const m = parseModule('/p/a.js', code);
    const u = Object.fromEntries(m.bindings.map((b) => [b.local, { ...show(b), importIndex: b.importIndex, spec: b.specifier }]));
    expect(u.fs).toEqual({ flags: 'functionsOnly', refs: ['3:23 function member @read:3'], importIndex: 0, spec: 'fs' });
    expect(u.join).toEqual({ flags: 'functionsOnly', refs: ['3:39 function call @read:3'], importIndex: 1, spec: 'path' });
    expect(u.res).toEqual({ flags: 'usedAtLoad', refs: ['4:1 load call'], importIndex: 1, spec: 'path' });
    expect(u.heavy).toEqual({ flags: 'functionsOnly', refs: ['5:58 function member @lazy:5'], importIndex: 2, spec: 'heavy' });
    expect(m.imports[2].nested).toBe(true);
  });

  it('import x = require() bindings (TS)', () => {
    expect(usage("import fs = require('fs');\nexport function f() { return fs.existsSync('x'); }").fs.flags).toBe('functionsOnly');
  });

  it('a require binding reassigned later (a write at top level is a load-time use)', () => {
    expect(usage("let x = require('x');\nx = null;", '/p/a.js').x.flags).toBe('usedAtLoad reassigned');
  });
});

describe('how a require() declaring a binding is written (BindingUsage.declaration)', () => {
  /** Each binding's local name and `declaration` ('-' when it is none). */
  const declared = (code: string, file = '/p/a.js'): Record<string, string> =>
    Object.fromEntries(parseModule(file, code).bindings.map((b) => [b.local, b.declaration ?? '-']));

  it('none for the shapes the codemod rewrites: an identifier, `.y` on the call, a flat destructuring, several declarators', () => {
    expect(declared("const a = require('a');\nconst b = require('b').y;\nconst c = require('c')\nconst { d, e: f } = require('d');\nvar g = require('g'), h = require('h');")).toEqual({
      a: '-',
      b: '-',
      c: '-',
      d: '-',
      f: '-',
      g: '-',
      h: '-',
    });
  });

  it("'in-block' inside an if, a plain block, a for head or a function", () => {
    expect(declared("if (x) {\n  var a = require('a');\n}\n{\n  const b = require('b');\n}\nfor (var c = require('c'); ;) break;\nfunction f() { const d = require('d'); return d; }")).toEqual({
      a: 'in-block',
      b: 'in-block',
      c: 'in-block',
      d: 'in-block',
    });
  });

  it("'pattern' for a default value, a rest element or a computed key", () => {
    expect(declared("const { a = 1, b } = require('a');\nconst { c, ...rest } = require('c');\nconst { ['d']: d } = require('d');")).toEqual({
      a: 'pattern',
      b: 'pattern',
      c: 'pattern',
      rest: 'pattern',
      d: 'pattern',
    });
  });

  it("'wrapped' for a computed member, a type assertion, a template literal, a second argument", () => {
    expect(declared("const a = require('a')['y'];\nconst b = require(`b`);\nconst c = require('c', 1);", '/p/a.js')).toEqual({ a: 'wrapped', b: 'wrapped', c: 'wrapped' });
    expect(declared("const a = require('a') as typeof import('a');\nconst b = (require('b') as any).y;\nconst c = require('c')!;", '/p/a.ts')).toEqual({ a: 'wrapped', b: 'wrapped', c: 'wrapped' });
  });

  it("an interop helper: 'helper' around a plain call in JavaScript, 'wrapped' with a member, a destructuring or in TypeScript", () => {
    const code = "const a = __importStar(require('a'));\nconst b = __importDefault(require('b')).default;\nconst { c } = __importStar(require('c'));";
    expect(declared(code, '/p/a.js')).toEqual({ a: 'helper', b: 'wrapped', c: 'wrapped' });
    expect(declared(code, '/p/a.ts')).toEqual({ a: 'wrapped', b: 'wrapped', c: 'wrapped' });
  });
});

describe('positions of references', () => {
  it('UTF-16 columns after non-ASCII text and CRLF line endings', () => {
    const code = "import { a } from 'm';\r\n// 😀 émoji\r\nconst s = '日本'; a();\r\n";
    const m = parseModule('/p/a.ts', code);
    const r = m.bindings[0].references[0];
    expect([r.line, r.column]).toEqual([3, 17]);
    expect(code.slice(r.start, r.end)).toBe('a');
  });
});

describe('fixtures', () => {
  const load = (name: string) => {
    const file = path.join(FIXTURES, name);
    const m = parseModule(file, readFileSync(file, 'utf8'));
    expect(m.parseError).toBeUndefined();
    return Object.fromEntries(m.bindings.map((b) => [b.local, FLAGS.filter((f) => b[f]).join(' ')]));
  };

  it('a NestJS-style service (decorators, metadata, lazy-able heavy use)', () => {
    expect(load('nest-service.ts')).toEqual({
      Injectable: 'usedAtLoad',
      Inject: 'usedAtLoad',
      Logger: 'usedAtLoad',
      ConfigService: 'typeOnly decoratorMetadata',
      CACHE_TOKEN: 'usedAtLoad',
      Cache: 'typeOnly decoratorMetadata',
      moment: 'functionsOnly',
      parse: 'functionsOnly asyncOnly',
      ReportRow: 'typeOnly declaredAsType',
    });
  });

  it('a tsc-compiled CommonJS module', () => {
    expect(load('compiled-cjs.js')).toEqual({
      tslib_1: 'usedAtLoad',
      lodash_1: 'functionsOnly',
      chart_js_1: 'functionsOnly inTry',
      path_1: 'usedAtLoad',
    });
  });

  it('a React view (JSX, hooks, lazy-able formatter)', () => {
    expect(load('react-view.tsx')).toEqual({
      React: 'unused',
      useState: 'functionsOnly',
      Chart: 'functionsOnly',
      format: 'functionsOnly',
      Props: 'typeOnly declaredAsType',
      theme: 'usedAtLoad',
    });
  });
});

describe("unused imports, as TypeScript's noUnusedLocals sees them", () => {
  // Each file's import bindings: perf-lint's `unused` must be TypeScript's "declared but never
  // read/used" (6133, 6192, 6196, 6198) for every name.
  const files: Record<string, string> = {
    'scope.ts': 'export interface Scope { id: number }\nexport type Other = 1;\n',
    'state.ts': 'export class State { ok = true }\n',
    'b.ts': 'export interface X { a: 1 }\nexport interface Y { b: 1 }\nexport interface Action { type: string }\n',
    // effect's OtlpTracer.ts: a namespace import and a local interface of the same name.
    'qualified.ts': "import type * as Scope from './scope';\nexport const f = (): Scope.Scope | null => null;\nexport const s: Scope = { name: 'x' };\ninterface Scope { name: string }\n",
    // theia's tree-selection-state.spec.ts: a namespace of types merged with an import.
    'merged.ts': "import { State } from './state';\nnamespace State { export interface Assert { ok: boolean } }\nexport function next(s: State): State.Assert { return { ok: s instanceof State }; }\nexport const first = next(new State());\n",
    // effect's AnthropicStructuredOutput.ts: used only by a doc comment's link.
    // @reduxjs/toolkit's dynamicMiddleware/react/index.ts: `infer Action` names only the true branch.
    'infer.ts': "import type { Action } from './b';\nexport type FromList<L extends Array<Action>> = L extends Array<infer Action> ? Action : never;\n",
    'doclink.ts': "import type * as B from './b';\nimport type { Y } from './b';\nimport { State } from './state';\n/** See {@link B.X} and {@linkcode Yz}. */\nexport const y = 1;\n",
  };

  it('agrees on every import binding', () => {
    const dir = makeTree(files);
    try {
      const roots = Object.keys(files).map((f) => path.join(dir, f));
      const program = ts.createProgram(roots, { noUnusedLocals: true, strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler });
      const unusedByTs = new Set<string>();
      for (const d of ts.getPreEmitDiagnostics(program)) {
        if (![6133, 6192, 6196, 6198].includes(d.code) || !d.file || d.start === undefined) continue;
        // The diagnostic spans the name (6133/6196) or the whole declaration (6192/6198).
        const text = d.file.text.slice(d.start, d.start + (d.length ?? 0));
        for (const m of text.matchAll(/[A-Za-z_$][\w$]*/g)) unusedByTs.add(`${path.basename(d.file.fileName)} ${m[0]}`);
      }
      const compared: string[] = [];
      for (const name of ['qualified.ts', 'merged.ts', 'infer.ts', 'doclink.ts']) {
        for (const b of parseModule(path.join(dir, name), files[name]).bindings) {
          const key = `${name} ${b.local}`;
          compared.push(`${key} ${b.unused ? 'unused' : 'used'}`);
          expect([key, b.unused]).toEqual([key, unusedByTs.has(key)]);
        }
      }
      expect(compared).toEqual([
        'qualified.ts Scope used',
        'merged.ts State used',
        'infer.ts Action used',
        'doclink.ts B used',
        'doclink.ts Y unused',
        'doclink.ts State unused',
      ]);
    } finally {
      removeTree(dir);
    }
  });
});
