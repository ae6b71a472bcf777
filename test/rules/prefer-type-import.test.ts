import rule from '../../rules/prefer-type-import.js';
import { ruleTester } from '../helpers/rule-tester.js';

const ESM = { 'package.json': '{ "name": "app", "type": "module" }' };
const VERBATIM = { verbatimModuleSyntax: true };
// A JSX factory module shaped like `import * as React from 'react'`.
const jsxModule = { 'src/jsx.ts': 'export const createElement = (..._: unknown[]) => null;\nexport type Node = unknown;\n' };
const view = { 'src/view.tsx': "import * as React from './jsx.js';\nexport const v = (): React.Node => <div />;\n" };
const models = {
  'src/models.ts': "import moment from 'moment';\nexport class User { created = moment(); }\nexport interface Role { name: string }\n",
  'src/effects.ts': "globalThis.registry = [];\nexport class Plugin {}\n",
};

ruleTester(rule, {
  valid: [
    {
      name: 'without verbatimModuleSyntax tsc drops the import: nothing to save',
      files: { 'src/index.ts': "import { User } from './models.js';\nexport function f(u: User) { return u; }\n", ...models, ...ESM },
      link: ['moment'],
    },
    { name: 'already import type', files: { 'src/index.ts': "import type { User } from './models.js';\nexport function f(u: User) { return u; }\n", ...models, ...ESM }, link: ['moment'], ts: VERBATIM },
    { name: 'used as a value', files: { 'src/index.ts': "import { User } from './models.js';\nexport const f = () => new User();\n", ...models, ...ESM }, link: ['moment'], ts: VERBATIM },
    { name: 'mixed value and type use keeps the runtime import anyway', files: { 'src/index.ts': "import { User, type Role } from './models.js';\nexport const f = (r: Role) => [new User(), r];\n", ...models, ...ESM }, link: ['moment'], ts: VERBATIM },
    {
      name: 'decorator metadata under emitDecoratorMetadata needs the value',
      files: {
        'src/index.ts': "import { User } from './models.js';\nconst Inject = (): ParameterDecorator => () => {};\nexport class Svc {\n  constructor(@Inject() private readonly user: User) {}\n}\n",
        ...models,
        ...ESM,
      },
      link: ['moment'],
      ts: { verbatimModuleSyntax: true, emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    { name: 'unused import (no-unused-import reports it)', files: { 'src/index.ts': "import { User } from './models.js';\nexport const x = 1;\n", ...models, ...ESM }, link: ['moment'], ts: VERBATIM },
    {
      name: 'React in a .tsx file under the classic JSX transform: `<div />` calls React.createElement',
      files: { ...view, ...jsxModule, ...ESM },
      ts: { verbatimModuleSyntax: true, jsx: 'react' },
    },
    {
      name: "the tsconfig's jsxFactory under the classic transform (preact.h: preact is the value JSX needs)",
      files: { 'src/view.tsx': "import * as preact from './jsx.js';\nexport const v = (): preact.Node => <div />;\n", ...jsxModule, ...ESM },
      ts: { verbatimModuleSyntax: true, jsx: 'react', jsxFactoryRoot: 'preact' },
    },
    {
      name: "a per-file @jsx pragma's factory, used in a type too (emotion's jsx)",
      files: { 'src/view.tsx': "/** @jsx jsx */\nimport { jsx } from './jsx.js';\nexport const v = (): jsx.JSX.Element => <div />;\n", ...jsxModule, ...ESM },
      ts: { verbatimModuleSyntax: true, jsx: 'react-jsx' },
    },
    { name: 'React in a .tsx file when the tsconfig does not name the JSX transform (classic assumed)', files: { ...view, ...jsxModule, ...ESM }, ts: VERBATIM },
    { name: 'JavaScript has no type positions', files: { 'src/index.js': "import { User } from './models.js';\nexport const x = () => new User();\n", ...models, ...ESM }, link: ['moment'], ts: VERBATIM },
  ],
  invalid: [
    {
      name: 'a class imported as a value but used only as a type',
      files: { 'src/index.ts': "import { User } from './models.js';\nexport function name(u: User): string { return String(u); }\n", ...models, ...ESM },
      link: ['moment'], ts: VERBATIM, costs: { moment: { ms: 38, modules: 112 } },
      errors: [{
        line: 1, column: 1,
        message: "'User' from './models.js' is used only as a type, but this import still evaluates it at run time (38 ms and 113 modules); write `import type`.",
        fix: { kind: 'type-import', importIndex: 0, names: ['User'] },
        cost: { ms: 38, modules: 113, mb: null, source: 'measured' },
      }],
    },
    {
      name: 'every specifier marked type leaves `import {}` behind',
      files: { 'src/index.ts': "import { type User, type Role } from './models.js';\nexport function f(u: User, r: Role) { return [u, r]; }\n", ...models, ...ESM },
      link: ['moment'], ts: VERBATIM,
      errors: [{
        line: 1, column: 1,
        message: "Every name imported from './models.js' is marked `type`, but under verbatimModuleSyntax `import {}` stays and evaluates it at run time (1 module); write `import type { ... }`.",
        fix: { kind: 'type-import', importIndex: 0, names: ['User', 'Role'] },
      }],
    },
    {
      name: 'a module with load-time effects: reported without a fix',
      files: { 'src/index.ts': "import { Plugin } from './effects.js';\nexport function f(p: Plugin) { return p; }\n", ...models, ...ESM },
      link: ['moment'], ts: VERBATIM,
      errors: [{
        line: 1, column: 1,
        message: "'Plugin' from './effects.js' is used only as a type, but this import still evaluates it at run time (1 module); write `import type`.",
        fix: null,
        unfixableReason: "'./effects.js' has 1 top-level statement with load-time effects; keep `import './effects.js'` if they are needed",
      }],
    },
    {
      name: 'React used only as a type under the automatic JSX runtime (jsx: react-jsx imports its own factory)',
      files: { ...view, ...jsxModule, ...ESM },
      ts: { verbatimModuleSyntax: true, jsx: 'react-jsx' },
      errors: [{
        line: 1, column: 1,
        message: "'React' from './jsx.js' is used only as a type, but this import still evaluates it at run time (1 module); write `import type`.",
        fix: { kind: 'type-import', importIndex: 0, names: ['React'] },
      }],
    },
    {
      name: 'a package',
      files: { 'src/index.ts': "import { DateTime } from 'luxon';\nexport function f(d: DateTime) { return d; }\n", ...ESM },
      link: ['luxon'], ts: VERBATIM, costs: { luxon: { ms: 12, modules: 1 } },
      errors: [{ line: 1, column: 1, message: "'DateTime' from 'luxon' is used only as a type, but this import still evaluates it at run time (12 ms and 1 module); write `import type`.", cost: { ms: 12, modules: 1, mb: null, source: 'measured' } }],
    },
    {
      name: 'a package another eager import keeps at startup: fixing this one alone saves nothing',
      files: {
        'src/index.ts': "import { DateTime } from 'luxon';\nimport { now } from './clock.js';\nexport function f(d: DateTime) { return [d, now()]; }\n",
        'src/clock.ts': "import { DateTime } from 'luxon';\nexport const now = () => DateTime.now();\n",
        ...ESM,
      },
      link: ['luxon'], ts: VERBATIM, costs: { luxon: { ms: 12, modules: 1 } }, entries: ['src/index.ts'],
      errors: [{
        line: 1, column: 1,
        message: "'DateTime' from 'luxon' is used only as a type, but this import still evaluates it at run time (12 ms and 1 module); write `import type`.",
        cost: { ms: 0, modules: 0, mb: null, source: 'measured' },
        related: [{ file: 'src/clock.ts', line: 1, column: 1, message: "keeps 'luxon' at startup too, so fixing this import alone saves nothing" }],
      }],
    },
  ],
});
