/**
 * Compiled CommonJS wraps requires in interop helpers: tsc's `__importStar(require('m'))` and
 * `__importDefault(…)`, Babel's `_interopRequireDefault(…)`, SWC's `_interop_require_default(…)`,
 * esbuild's `__toESM(require('m'), 1)`.
 * The lazy fix keeps the helper inside the loader (the helpers are defined at load, or hoisted,
 * before any function that uses the import runs). Found on @typescript-eslint/type-utils, whose
 * `const tsutils = __importStar(require("ts-api-utils"))` was an "unsupported import shape".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeIn, nodeIn as run, removeDir, tempProject } from './helpers.js';

const analyze = (dir: string, fix: boolean) => analyzeIn(dir, ['--rule', 'prefer-lazy-import', ...(fix ? ['--fix'] : [])]);

const TSC_HELPERS = `var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
var __importStar = (this && this.__importStar) || function (mod) {
    if (mod && mod.__esModule) return mod;
    var result = {};
    if (mod != null) for (var k in mod) if (k !== "default" && Object.prototype.hasOwnProperty.call(mod, k)) result[k] = mod[k];
    result["default"] = mod;
    return result;
};
`;

const cases: [string, string, string[]][] = [
  [
    'tsc: __importDefault and __importStar',
    `"use strict";\n${TSC_HELPERS}Object.defineProperty(exports, "__esModule", { value: true });\nexports.pairs = pairs;\nconst chunk_js_1 = __importDefault(require("lodash/chunk.js"));\nconst _ = __importStar(require("lodash"));\nfunction pairs(xs) {\n    return (0, chunk_js_1.default)(_.uniq(xs), 2);\n}\n`,
    ['= __importDefault(require("lodash/chunk.js")))', '= __importStar(require("lodash")))'],
  ],
  [
    'Babel: _interopRequireDefault, a function declared below',
    `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.pairs = pairs;\nvar _chunk = _interopRequireDefault(require("lodash/chunk.js"));\nfunction pairs(xs) {\n  return (0, _chunk.default)(xs.filter((x, i) => xs.indexOf(x) === i), 2);\n}\nfunction _interopRequireDefault(e) { return e && e.__esModule ? e : { default: e }; }\n`,
    ['= _interopRequireDefault(require("lodash/chunk.js")))'],
  ],
  [
    'SWC: _interop_require_default and _interop_require_wildcard, after a /*#__PURE__*/ comment',
    `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.pairs = pairs;\nconst _chunk = /*#__PURE__*/ _interop_require_default(require("lodash/chunk.js"));\nconst _lodash = /*#__PURE__*/ _interop_require_wildcard(require("lodash"));\nfunction _interop_require_default(obj) { return obj && obj.__esModule ? obj : { default: obj }; }\nfunction _interop_require_wildcard(obj) { if (obj && obj.__esModule) return obj; var out = { __proto__: null }; for (var k in obj) if (k !== "default") out[k] = obj[k]; out.default = obj; return out; }\nfunction pairs(xs) {\n    return (0, _chunk.default)(_lodash.uniq(xs), 2);\n}\n`,
    ['= _interop_require_default(require("lodash/chunk.js")))', '= _interop_require_wildcard(require("lodash")))'],
  ],
  [
    'esbuild: __toESM with a second argument',
    `var __toESM = (mod, isNodeMode) => (isNodeMode || !mod || !mod.__esModule ? { ...mod, default: mod } : mod);\nvar import_lodash = __toESM(require("lodash"), 1);\nfunction pairs(xs) {\n  return import_lodash.default.chunk(import_lodash.default.uniq(xs), 2);\n}\nmodule.exports = { pairs };\n`,
    ['= __toESM(require("lodash"), 1))'],
  ],
];

describe('lazy fix of requires wrapped in interop helpers', () => {
  for (const [name, lib, loaders] of cases) {
    it(`${name}: the helper moves into the loader and the program prints the same`, () => {
      const dir = tempProject({
        'package.json': JSON.stringify({ name: 'app', version: '1.0.0', main: 'src/lib.js' }),
        'src/lib.js': lib,
        'src/run.js': "const { pairs } = require('./lib.js');\nconsole.log(JSON.stringify(pairs([1, 1, 2, 3, 4])));\n",
        'perf-lint.config.json': JSON.stringify({ heavy: ['lodash'] }),
      });
      try {
        const before = run(dir, ['src/run.js']);
        expect(before).toMatchObject({ code: 0, out: '[[1,2],[3,4]]\n' });
        expect(analyze(dir, true).err).toContain('fixed 1 file, 0 unchanged, 0 skipped, 0 errors');
        const fixed = readFileSync(join(dir, 'src/lib.js'), 'utf8');
        for (const l of loaders) expect(fixed).toContain(l);
        expect(run(dir, ['src/run.js'])).toEqual(before);
        expect(analyze(dir, false).out).toContain('no problems');
      } finally {
        removeDir(dir);
      }
    });
  }

  it('the same package required with and without the helper in one file is left alone, with the reason', () => {
    const lib = `"use strict";\n${TSC_HELPERS}const _ = __importStar(require("lodash"));\nconst lodash = require("lodash");\nexports.pairs = (xs) => _.chunk(lodash.uniq(xs), 2);\n`;
    const dir = tempProject({ 'package.json': JSON.stringify({ name: 'app', version: '1.0.0', main: 'src/lib.js' }), 'src/lib.js': lib, 'perf-lint.config.json': JSON.stringify({ heavy: ['lodash'] }) });
    try {
      expect(analyze(dir, true).err).toContain("'lodash' is required both with and without an interop helper");
      expect(readFileSync(join(dir, 'src/lib.js'), 'utf8')).toBe(lib);
    } finally {
      removeDir(dir);
    }
  });
});
