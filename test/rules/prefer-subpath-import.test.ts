import rule from '../../rules/prefer-subpath-import.js';
import { ruleTester } from '../helpers/rule-tester.js';

const ESM = { 'package.json': '{ "name": "app", "type": "module" }' };
const COSTS = { lodash: { ms: 24, modules: 1 }, 'lodash/get': { ms: 3, modules: 1 }, 'lodash/set': { ms: 2.5, modules: 1 }, 'date-fns': { ms: 31, modules: 250 } };

ruleTester(rule, {
  valid: [
    { name: 'already a subpath', files: { 'src/index.ts': "import get from 'lodash/get';\nexport const f = (o: object) => get(o, 'a');\n", ...ESM }, link: ['lodash'], costs: COSTS },
    { name: 'default import (any member may be used)', files: { 'src/index.ts': "import _ from 'lodash';\nexport const f = (o: object) => _.get(o, 'a');\n", ...ESM }, link: ['lodash'], costs: COSTS },
    { name: 'namespace import', files: { 'src/index.ts': "import * as _ from 'lodash';\nexport const f = (o: object) => _.get(o, 'a');\n", ...ESM }, link: ['lodash'], costs: COSTS },
    { name: 'a name without its own entry point', files: { 'src/index.ts': "import { get, notAFunctionFile } from 'lodash';\nexport const f = (o: object) => [get, notAFunctionFile];\n", ...ESM }, link: ['lodash'], costs: COSTS },
    {
      name: 'a subpath the exports map does not expose',
      files: {
        'src/index.ts': "import { inner } from 'sealed';\nexport const f = () => inner();\n",
        'node_modules/sealed/package.json': JSON.stringify({ name: 'sealed', version: '1.0.0', exports: { '.': './index.js' } }),
        'node_modules/sealed/index.js': "exports.inner = require('./inner.js');\n",
        'node_modules/sealed/inner.js': 'module.exports = () => 1;\n',
        ...ESM,
      },
      costs: { sealed: { ms: 20, modules: 2 } },
    },
    {
      name: "a subpath that does not give the imported value: a class, not the root's instance, and a namespace",
      files: {
        'src/index.ts': "import { lexer, syntax } from 'bigcss';\nexport const f = () => [lexer.check(), syntax.walk()];\n",
        'node_modules/bigcss/package.json': JSON.stringify({ name: 'bigcss', version: '1.0.0', type: 'module', exports: { '.': './index.js', './lexer': './lexer.js', './syntax': './syntax.js' } }),
        'node_modules/bigcss/index.js': "import { Lexer } from './lexer.js';\nexport * as syntax from './syntax.js';\nexport const lexer = new Lexer();\n",
        'node_modules/bigcss/lexer.js': 'export class Lexer { check() { return true; } }\n',
        'node_modules/bigcss/syntax.js': 'export function walk() { return 1; }\n',
        ...ESM,
      },
      costs: { bigcss: { ms: 20, modules: 3 } },
    },
    { name: 'type-only import', files: { 'src/index.ts': "import type { get } from 'lodash';\nexport type G = typeof get;\n", ...ESM }, link: ['lodash'], costs: COSTS },
    { name: 'minMs option above the package cost', files: { 'src/index.ts': "import { get } from 'lodash';\nexport const f = (o: object) => get(o, 'a');\n", ...ESM }, link: ['lodash'], costs: COSTS, options: { minMs: 30 } },
  ],
  invalid: [
    {
      name: 'lodash named imports with measured subpaths',
      files: { 'src/index.ts': "import { get, set } from 'lodash';\nexport const f = (o: object) => set(o, 'a', get(o, 'b'));\n", ...ESM },
      link: ['lodash'], costs: COSTS,
      errors: [{
        line: 1, column: 1,
        message: "'lodash' is imported whole (24 ms and 1 module) for 'get' and 'set'; import 'lodash/get' and 'lodash/set' instead (5.5 ms and 2 modules, saving 19 ms).",
        fix: { kind: 'subpath', importIndex: 0, rewrites: [{ name: 'get', subpath: 'lodash/get' }, { name: 'set', subpath: 'lodash/set' }] },
        cost: { ms: 18.5, modules: 0, mb: null, source: 'measured' },
      }],
    },
    {
      name: 'date-fns, verified against its exports map; subpath cost unknown',
      files: { 'src/index.ts': "import { format } from 'date-fns';\nexport const f = (d: Date) => format(d, 'y');\n", ...ESM },
      link: ['date-fns'], costs: COSTS,
      errors: [{
        line: 1, column: 1,
        message: "'date-fns' is imported whole (31 ms and 250 modules) for 'format'; import 'date-fns/format' instead.",
        fix: { kind: 'subpath', importIndex: 0, rewrites: [{ name: 'format', subpath: 'date-fns/format' }] },
      }],
    },
    {
      name: 'a destructured require',
      files: { 'src/index.cjs': "const { get } = require('lodash');\nmodule.exports = (o) => get(o, 'a');\n", ...ESM },
      link: ['lodash'], costs: { lodash: { ms: 24, modules: 1 } },
      errors: [{ line: 1, column: 17, message: "'lodash' is imported whole (24 ms and 1 module) for 'get'; import 'lodash/get' instead." }],
    },
    {
      name: 'a destructured require inside a block: reported, with no fix (the codemod rewrites top-level declarations only)',
      files: { 'src/index.cjs': "if (process.env.DEEP) {\n  var { get } = require('lodash');\n}\nmodule.exports = (o) => get(o, 'a');\n", ...ESM },
      link: ['lodash'], costs: { lodash: { ms: 24, modules: 1 } },
      errors: [{
        line: 2, column: 17,
        message: "'lodash' is imported whole (24 ms and 1 module) for 'get'; import 'lodash/get' instead.",
        fix: null,
        unfixableReason: 'the require() at line 2 is inside a block, and the codemod rewrites top-level declarations only',
      }],
    },
  ],
});
