/** LAZY-SEMANTICS table B, per-file rows: real sources parsed with parseModule, one verdict each. */
import { describe, expect, it } from 'vitest';
import { parseModule } from '../../src/graph/parse.js';
import { isDenied, lazySafety, type SafetyContext } from '../../src/fix/safety.js';

function verdict(file: string, source: string, specifier: string, ctx: SafetyContext = {}): string {
  const p = parseModule(file, source);
  const i = p.imports.findIndex((r) => r.specifier === specifier && r.kind !== 'side-effect');
  const v = lazySafety(p, i === -1 ? p.imports.findIndex((r) => r.specifier === specifier) : i, ctx);
  return v.ok ? 'ok' : v.reason;
}

const fnUse = (name: string) => `\nexport function f() { return ${name}(1); }\n`;

describe('lazySafety', () => {
  const rows: [string, string, string, string, SafetyContext?][] = [
    ['may: used only inside a function', 'a.mjs', `import { get } from 'lodash';${fnUse('get')}`, 'ok'],
    ['row 1: side-effect import', 'a.mjs', `import 'lodash';`, 'side-effect import'],
    ['row 1: also imported for side effects', 'a.mjs', `import 'lodash';\nimport { get } from 'lodash';${fnUse('get')}`, "'lodash' is also imported for its side effects in this file"],
    ['row 2: export * from the same source', 'a.mjs', `export * from 'lodash';\nimport { get } from 'lodash';${fnUse('get')}`, "export * from 'lodash'"],
    ['row 3: re-exported binding', 'a.mjs', `import { get } from 'lodash';\nexport { get };${fnUse('get')}`, "'get' is re-exported"],
    ['row 4: top-level call', 'a.mjs', `import { get } from 'lodash';\nget();${fnUse('get')}`, "'get' is used while the module loads (line 2)"],
    ['row 4: class extends', 'a.mjs', `import { Base } from 'heavy';\nexport class X extends Base {}`, "'Base' is used while the module loads (line 2)"],
    ['row 5: reassigned', 'a.cjs', `let x = require('heavy');\nfunction f() { x = 1; return x(); }`, "'x' is reassigned"],
    ['row 5: property written', 'a.mjs', `import * as h from 'heavy';\nexport function f() { h.a = 1; }`, "a property of 'h' is written"],
    ['row 6: deny-list (polyfill)', 'a.mjs', `import { x } from 'core-js/stable';${fnUse('x')}`, "'core-js/stable' has load-time effects (deny-list)"],
    ['row 6: */register', 'a.cjs', `const r = require('ts-node/register');\nfunction f() { return r(); }`, "'ts-node/register' has load-time effects (deny-list)"],
    ['row 6: APM scope', 'a.mjs', `import { trace } from '@opentelemetry/api';${fnUse('trace')}`, "'@opentelemetry/api' has load-time effects (deny-list)"],
    ['row 6: user eager list', 'a.mjs', `import { go } from 'my-plugin';${fnUse('go')}`, "'my-plugin' has load-time effects (deny-list)", { eager: ['my-plugin'] }],
    ['row 7: react', 'a.mjs', `import React from 'react';${fnUse('React.createElement')}`, "'react' has load-time effects (deny-list)"],
    ['row 8: relative', 'a.mjs', `import { h } from './h.mjs';${fnUse('h')}`, 'relative import (local modules stay eager by default)'],
    ['row 8: opt-in', 'a.mjs', `import { h } from './h.mjs';${fnUse('h')}`, 'ok', { allowRelative: true }],
    ['row 8: a dotted package name is a package', 'a.mjs', `import debounce from 'lodash.debounce';${fnUse('debounce')}`, 'ok'],
    ['row 10: builtin', 'a.mjs', `import { readFileSync } from 'node:fs';${fnUse('readFileSync')}`, 'Node builtin'],
    ['row 10: bare builtin', 'a.cjs', `const fs = require('fs');\nfunction f() { return fs.statSync('.'); }`, 'Node builtin'],
    ['row 11: target with top-level await (ESM)', 'a.mjs', `import { get } from 'heavy';${fnUse('get')}`, "'heavy' uses top-level await (require() would throw ERR_REQUIRE_ASYNC_MODULE)", { target: { hasTopLevelAwait: true } }],
    ['row 11: await import() lifts it', 'a.mjs', `import { get } from 'heavy';\nexport async function f() { return get(); }`, 'ok', { target: { hasTopLevelAwait: true }, shape: 'dynamic' }],
    ['row 12: dual package (ESM)', 'a.mjs', `import { get } from 'heavy';${fnUse('get')}`, "'heavy' resolves differently for import and require (dual-package hazard)", { target: { dualPackage: true } }],
    ['row 12: CommonJS files already use require', 'a.cjs', `const { get } = require('heavy');\nfunction f() { return get(); }`, 'ok', { target: { dualPackage: true } }],
    ['row 13: use inside try', 'a.mjs', `import { get } from 'heavy';\nexport function f() { try { return get(); } catch { return 0; } }`, "'get' is used inside try (a load error would be caught there)"],
    ['row 13: require probed in try', 'a.cjs', `let y;\ntry { y = require('yaml'); } catch {}`, 'import inside try (optional dependency probe)'],
    ['row 15: import type', 'a.ts', `import type { T } from 'heavy';\nexport let x: T;`, 'type-only import'],
    ['row 15: used only as a type', 'a.ts', `import { T } from 'heavy';\nexport function f(x: T) { return x; }`, 'used only as a type: use `import type`'],
    ['row 16: decorator metadata', 'a.ts', `import { Svc } from 'heavy';\nfunction D(): ClassDecorator { return () => undefined; }\n@D()\nexport class C { constructor(private s: Svc) {} run() { return new Svc(); } }`, "'Svc' is read by decorator metadata (emitDecoratorMetadata)", { emitDecoratorMetadata: true }],
    ['row 17: namespace value escapes (shape A may)', 'a.mjs', `import * as h from 'heavy';\nexport function f() { return Object.keys(h); }`, 'ok'],
    ['row 18: unused', 'a.mjs', `import { get } from 'lodash';`, 'unused import (left alone, never dropped)'],
    ['row 19: already lazy', 'a.cjs', `function f() { return require('heavy').x; }`, 'already lazy'],
    ['row 19: dynamic import', 'a.mjs', `export const f = () => import('heavy');`, 'already lazy'],
    ['declares require', 'a.mjs', `import { get } from 'heavy';\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);${fnUse('get')}`, 'the file declares its own `require`'],
    ['JSX element', 'a.jsx', `import { Chart } from 'charts';\nexport function App() { return <Chart />; }`, "'Chart' is used as a JSX element"],
    ['shape D needs async uses', 'a.mjs', `import { get } from 'heavy';${fnUse('get')}`, "'get' is used outside async functions (await import() needs async uses)", { shape: 'dynamic' }],
    ['load-time effects of the target', 'a.mjs', `import { get } from 'heavy';${fnUse('get')}`, "'heavy' calls into 'registry' when it loads", { target: { loadEffects: "calls into 'registry' when it loads" } }],
  ];
  for (const [name, file, source, expected, ctx] of rows) {
    it(name, () => {
      expect(verdict(`/p/${file}`, source, source.match(/['"]((?:node:|@|\.\/)?[\w./@-]+)['"]/)![1]!, ctx)).toBe(expected);
    });
  }

  it('decides the deny-list by specifier kind', () => {
    expect(isDenied('dotenv/config')).toBe(true);
    expect(isDenied('@sentry/node')).toBe(true);
    expect(isDenied('regenerator-runtime/runtime')).toBe(true);
    expect(isDenied('source-map-support/register')).toBe(true);
    expect(isDenied('zone.js')).toBe(true);
    expect(isDenied('react-dom/client')).toBe(true);
    expect(isDenied('reactive-x')).toBe(false);
    expect(isDenied('lodash')).toBe(false);
    expect(isDenied('moment')).toBe(false);
  });
});
