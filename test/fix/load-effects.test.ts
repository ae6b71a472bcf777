/**
 * packageLoadEffects: what a package's entry does to the rest of the program when it loads. A call
 * into another package made for its own sake (a statement: `registry.register(me)`) is an effect;
 * one whose result builds the package's own values (`const debug = createDebug('x')`) is not.
 * Each case is a real entry file on disk, parsed as the fixer and the engine parse it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageLoadEffects } from '../../src/fix/index.js';
import { parseModule } from '../../src/graph/parse.js';
import { removeDir, tempProject } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = tempProject({}, { packages: false });
});
afterAll(() => removeDir(dir));

let n = 0;
function effects(source: string, ext = '.js'): string | null {
  const file = join(dir, `entry${n++}${ext}`);
  writeFileSync(file, source);
  return packageLoadEffects(file, parseModule)?.replace(/ \([^()]*\)$/, '') ?? null;
}

describe('packageLoadEffects', () => {
  it.each([
    ['a variable initialiser', "const createDebug = require('debug');\nconst debug = createDebug('pkg');\nmodule.exports = function f() { debug('x'); };\n"],
    ['module.exports', "const once = require('once');\nmodule.exports = once(function f() { return 1; });\n"],
    ['an export of an ES module', "import wrap from 'wrapper';\nexport default wrap(() => 1);\nexport const b = wrap.inner(2);\n"],
    ['a class heritage', "const { Base } = require('base-class');\nclass Local extends Base {}\nmodule.exports = Local;\n"],
    ['a destructuring and a member read', "const supportsColor = require('supports-color');\nconst { stdout } = supportsColor;\nconst level = supportsColor.stderr ? 1 : 0;\nmodule.exports = { level, stdout };\n"],
    ['an if test', "const hasFlag = require('has-flag');\nlet level = 0;\nif (hasFlag('color')) level = 1;\nmodule.exports = level;\n"],
    ["a property of the module's own object", "const make = require('maker');\nconst api = {};\napi.stderr = make({ level: 0 });\nmodule.exports = api;\n"],
    ["tslib's re-export helper", "const tslib_1 = require('tslib');\ntslib_1.__exportStar(require('./matchers'), exports);\n"],
    ['inherits() on its own class', "const inherits = require('inherits');\nconst { Duplex } = require('readable-stream');\nfunction BufferList() {}\ninherits(BufferList, Duplex);\nmodule.exports = BufferList;\n"],
    ["define-lazy-prop on its own object (open's entry)", "import defineLazyProperty from 'define-lazy-prop';\nconst apps = {};\ndefineLazyProperty(apps, 'chrome', () => 'chrome');\nexport { apps };\n"],
  ])('no effect: a call into another package in %s', (_name, source) => {
    expect(effects(source)).toBeNull();
  });

  it.each([
    ['a statement call of a member', "const registry = require('registry');\nregistry.register('self');\nmodule.exports = () => registry.list();\n"],
    ['a statement call of a function', "const { register } = require('registry');\nregister('self');\nmodule.exports = 1;\n"],
    ['a call behind void, && and await', "import { use } from 'host';\nvoid use(1);\nconst ok = true;\nok && use(2);\nawait use(3);\nexport const x = 1;\n"],
    ['a new expression made for its own sake', "const { Plugin } = require('host');\nnew Plugin().install();\nmodule.exports = 1;\n"],
    ['a statement inside an IIFE', "const registry = require('registry');\n(function () {\n  registry.register('self');\n})();\nmodule.exports = 1;\n"],
    ['a statement inside an initialiser', "const registry = require('registry');\nconst x = (() => {\n  registry.register('self');\n  return 1;\n})();\nmodule.exports = x;\n"],
    ['an argument of a statement call', "const plugin = require('plugin');\nconst { add } = require('./local');\nadd(plugin.make());\nmodule.exports = 1;\n"],
  ])('an effect: %s', (_name, source) => {
    expect(effects(source)).toMatch(/^calls into '[a-z]+' when it loads, e\.g\. to register itself$/);
  });

  it('a package that loads a polyfill, loader or agent changes the process, whatever it does with it', () => {
    expect(effects("const tracer = require('dd-trace').init({ service: 'x' });\nmodule.exports = tracer;\n")).toBe("loads 'dd-trace', which changes the whole process when it loads");
    expect(effects("import 'reflect-metadata';\nexport const x = 1;\n")).toBe("loads 'reflect-metadata', which changes the whole process when it loads");
    expect(effects("require('core-js/stable');\nmodule.exports = 1;\n")).toBe("loads 'core-js/stable', which changes the whole process when it loads");
    // Loaded later, inside a function: nothing happens when the package loads.
    expect(effects("module.exports = function start() { return require('dd-trace').init(); };\n")).toBeNull();
  });

  it('still reports a patched import and an assigned global', () => {
    expect(effects("const http = require('http');\nhttp.request = function () {};\n")).toBe("patches 'http' when it loads");
    expect(effects("const make = require('maker');\nglobalThis.thing = make();\n")).toBe('sets globals when it loads');
  });

  it('finds a global assignment in every written form, and none where a global is only read', () => {
    for (const write of ["window[keys[0]] = 1;", "self['x'] += 1;", "window /* browser */ .x = 1;", "global\n  .y ||= {};"]) {
      expect(effects(`${write}\nmodule.exports = 1;\n`), write).toBe('sets globals when it loads');
    }
    for (const read of ["if (typeof window !== 'undefined' && window.x === 1) {}", "const f = (window) => window.x;", "window.a.b = 1;", "(function () { window.x = 1; })"]) {
      expect(effects(`${read}\nmodule.exports = 1;\n`), read).toBeNull();
    }
  });
});
