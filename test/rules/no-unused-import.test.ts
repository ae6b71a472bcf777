import rule from '../../rules/no-unused-import.js';
import { ruleTester } from '../helpers/rule-tester.js';

const ESM = { 'package.json': '{ "name": "app", "type": "module" }' };

ruleTester(rule, {
  valid: [
    { name: 'used', files: { 'src/index.js': "import moment from 'moment';\nexport const f = () => moment();\n", ...ESM }, link: ['moment'] },
    { name: 'side-effect import', files: { 'src/index.js': "import 'moment';\n", ...ESM }, link: ['moment'] },
    { name: 're-exported binding', files: { 'src/index.js': "import moment from 'moment';\nexport { moment };\n", ...ESM }, link: ['moment'] },
    { name: 'a required value exported where it is declared (Theia\'s version.ts)', files: { 'src/version.ts': "export const VERSION: string = require('../package.json').version;\n", 'package.json': '{ "name": "app", "version": "1.2.3" }' } },
    { name: 'used only as a type', files: { 'src/index.ts': "import type { Moment } from 'moment';\nexport const f = (m: Moment) => m;\n", ...ESM }, link: ['moment'] },
    { name: 'React with the classic JSX transform', files: { 'src/index.jsx': "import React from 'react';\nexport const f = () => <div />;\n", 'node_modules/react/package.json': '{"name":"react","version":"18.0.0"}', 'node_modules/react/index.js': 'module.exports = {};\n', ...ESM } },
    { name: "a per-file @jsx pragma's factory (emotion)", files: { 'src/index.jsx': "/** @jsx jsx */\nimport { jsx } from '@emotion/react';\nexport const f = () => <div css={{ color: 'red' }} />;\n", ...ESM } },
    { name: 'the @jsx and @jsxFrag pragmas name factories even under the automatic runtime', files: { 'src/index.tsx': "/** @jsx h */\n/** @jsxFrag Fragment */\nimport { h, Fragment } from 'preact';\nexport const f = () => <><p /></>;\n", ...ESM }, ts: { jsx: 'react-jsx' } },
    { name: "the tsconfig's jsxFragmentFactory", files: { 'src/index.tsx': "import { h, Fragment } from 'preact';\nexport const f = () => <><p /></>;\n", ...ESM }, ts: { jsx: 'react', jsxFactoryRoot: 'h', jsxFragmentRoot: 'Fragment' } },
    { name: 'a type import named with a leading underscore (unused on purpose, as noUnusedLocals reads it)', files: { 'src/index.ts': "import type { _Moment } from 'moment';\nimport { type _Duration } from 'moment';\nexport const x = 1;\n", ...ESM }, link: ['moment'] },
    { name: 'ignore option', files: { 'src/index.js': "import moment from 'moment';\nexport const x = 1;\n", ...ESM }, link: ['moment'], options: { ignore: ['moment'] } },
  ],
  invalid: [
    {
      name: "a require() binding used only in JSDoc types (mocha's lib/cli/run-helpers.js): the message names the import() type",
      files: {
        'src/run.js': "const { UnmatchedFile } = require('./collect-files');\nconst path = require('path');\n/**\n * @param {UnmatchedFile[]} files\n * @returns {string}\n */\nfunction show(files) {\n  return files.map((f) => f.pattern).join(path.sep);\n}\nmodule.exports = show;\n",
        'src/collect-files.js': 'module.exports = {};\n',
        'package.json': '{ "name": "app" }',
      },
      errors: [{
        line: 1, column: 27,
        message: "'UnmatchedFile' is imported from './collect-files' but used only in JSDoc types; the import still evaluates the module at run time: write the type with import('./collect-files').UnmatchedFile and remove the import (check that nothing relies on the module's load-time effects).",
      }],
    },
    {
      name: 'JSDoc types in ESM JavaScript: a default and a namespace import; a name only in a string or after a dot is not a use',
      files: {
        'src/index.js': "import Moment from 'moment';\nimport * as fs from 'node:fs';\nimport { Stats } from 'node:fs';\n/** @type {Moment | fs.Stats} */\nexport let a;\n/** @type {import('Stats').X} see {@link https://x} */\nexport let b;\n",
        ...ESM,
      },
      link: ['moment'],
      errors: [
        { line: 1, column: 1, message: "'Moment' is imported from 'moment' but used only in JSDoc types; the import still evaluates the module at run time: write the type with import('moment').default and remove the import (check that nothing relies on the module's load-time effects)." },
        { line: 2, column: 1, message: "'fs' is imported from 'node:fs' but used only in JSDoc types; the import still evaluates the module at run time: write the type with import('node:fs') and remove the import (check that nothing relies on the module's load-time effects)." },
        { line: 3, column: 1, message: "'Stats' is imported from 'node:fs' but never used; remove it (check that nothing relies on the module's load-time effects)." },
      ],
    },
    {
      name: 'JSDoc in a TypeScript file is not a type annotation: plain unused',
      files: { 'src/index.ts': "import { Moment } from 'moment';\n/** @type {Moment} */\nexport let a = 1;\n", ...ESM },
      link: ['moment'],
      errors: [{ line: 1, column: 1, message: "'Moment' is imported from 'moment' but never used; remove it (check that nothing relies on the module's load-time effects)." }],
    },
    {
      name: 'an unused default import still loads the package (report only, no fix)',
      files: { 'src/index.js': "import moment from 'moment';\nexport const x = 1;\n", ...ESM },
      link: ['moment'], costs: { moment: { ms: 38, modules: 112 } },
      errors: [{
        line: 1, column: 1,
        message: "'moment' is imported from 'moment' but never used (the import still loads 'moment' at run time: 38 ms and 112 modules); remove it (check that nothing relies on the module's load-time effects).",
        fix: null,
      }],
    },
    {
      name: "a require() of an expression is named as the call, not as a module (madge's test/cjs/both.js)",
      files: { 'src/index.js': "const y = 'x';\nconst moo = require('d' + y);\nmodule.exports = 1;\n", 'package.json': '{ "name": "app" }' },
      errors: [{ line: 2, column: 13, message: "'moo' is imported from require('d' + y) but never used; remove it (check that nothing relies on the module's load-time effects)." }],
    },
    {
      name: 'one unused name among used ones',
      files: { 'src/index.ts': "import { get, set } from 'lodash';\nexport const f = (o: object) => get(o, 'a');\n", ...ESM },
      link: ['lodash'], costs: { lodash: { ms: 24, modules: 1 } },
      errors: [{ line: 1, column: 1, message: "'set' is imported from 'lodash' but never used; remove it (check that nothing relies on the module's load-time effects)." }],
    },
    {
      name: 'an unused type import (tsc elides it: no run-time cost mentioned)',
      files: { 'src/index.ts': "import type { Moment } from 'moment';\nexport const x = 1;\n", ...ESM },
      link: ['moment'], costs: { moment: { ms: 38, modules: 112 } },
      errors: [{ line: 1, column: 1, message: "'Moment' is imported from 'moment' but never used; remove it (check that nothing relies on the module's load-time effects)." }],
    },
    {
      name: 'React under the automatic JSX runtime (jsx: react-jsx): compiled JSX does not use it',
      files: { 'src/index.jsx': "import React from 'react';\nexport const f = () => <div />;\n", 'node_modules/react/package.json': '{"name":"react","version":"18.0.0"}', 'node_modules/react/index.js': 'module.exports = {};\n', ...ESM },
      ts: { jsx: 'react-jsx' },
      errors: [{ line: 1, column: 1, message: "'React' is imported from 'react' but never used; remove it (check that nothing relies on the module's load-time effects)." }],
    },
    {
      name: 'a @jsx pragma in a .ts file, which cannot hold JSX',
      files: { 'src/index.ts': "/** @jsx jsx */\nimport { jsx } from '@emotion/react';\nexport const x = 1;\n", ...ESM },
      errors: [{ line: 2, column: 1, message: "'jsx' is imported from '@emotion/react' but never used; remove it (check that nothing relies on the module's load-time effects)." }],
    },
    {
      name: 'React in a .ts file, which cannot hold JSX',
      files: { 'src/index.ts': "import React from 'react';\nexport const x = 1;\n", 'node_modules/react/package.json': '{"name":"react","version":"18.0.0"}', 'node_modules/react/index.js': 'module.exports = {};\n', ...ESM },
      errors: [{ line: 1, column: 1, message: "'React' is imported from 'react' but never used; remove it (check that nothing relies on the module's load-time effects)." }],
    },
    {
      name: 'a value import named with a leading underscore still loads its module',
      files: { 'src/index.js': "import _ from 'lodash';\nexport const x = 1;\n", ...ESM },
      link: ['lodash'], costs: { lodash: { ms: 24, modules: 1 } },
      errors: [{ line: 1, column: 1, message: "'_' is imported from 'lodash' but never used (the import still loads 'lodash' at run time: 24 ms and 1 module); remove it (check that nothing relies on the module's load-time effects)." }],
    },
  ],
});
