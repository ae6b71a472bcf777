import rule from '../../rules/no-barrel-import.js';
import { ruleTester } from '../helpers/rule-tester.js';

const ESM = { 'package.json': '{ "name": "app", "type": "module" }' };
const barrel = {
  'src/utils/index.ts': "export { formatDate } from './format.js';\nexport * from './math.js';\nexport { default as chart } from './chart.js';\nexport { slugify } from './nested/index.js';\n",
  'src/utils/format.ts': 'export function formatDate(d: Date) { return d.toISOString(); }\n',
  'src/utils/math.ts': 'export const sum = (a: number, b: number) => a + b;\nexport const mul = (a: number, b: number) => a * b;\n',
  'src/utils/chart.ts': "import moment from 'moment';\nexport default function chart() { return moment(); }\n",
  'src/utils/nested/index.ts': "export { slugify } from './slug.js';\nexport { kebab } from './kebab.js';\nexport { snake } from './snake.js';\n",
  'src/utils/nested/slug.ts': 'export const slugify = (s: string) => s.toLowerCase();\n',
  'src/utils/nested/kebab.ts': 'export const kebab = (s: string) => s;\n',
  'src/utils/nested/snake.ts': 'export const snake = (s: string) => s;\n',
};

ruleTester(rule, {
  valid: [
    { name: 'direct import', files: { 'src/index.ts': "import { formatDate } from './utils/format.js';\nexport const f = formatDate;\n", ...barrel, ...ESM }, link: ['moment'] },
    {
      name: 'an index with too few re-exports is not a barrel',
      files: { 'src/index.ts': "import { slugify } from './small/index.js';\nexport const f = slugify;\n", 'src/small/index.ts': "export { slugify } from './slug.js';\nexport { kebab } from './kebab.js';\n", 'src/small/slug.ts': 'export const slugify = 1;\n', 'src/small/kebab.ts': 'export const kebab = 1;\n', ...ESM },
    },
    { name: 'namespace import of a barrel uses everything', files: { 'src/index.ts': "import * as u from './utils/index.js';\nexport const f = u;\n", ...barrel, ...ESM }, link: ['moment'] },
    { name: 'type-only import through a barrel', files: { 'src/index.ts': "import type { formatDate } from './utils/index.js';\nexport type F = typeof formatDate;\n", ...barrel, ...ESM }, link: ['moment'] },
  ],
  invalid: [
    {
      name: 'names the direct module per name and the modules saved',
      files: { 'src/index.ts': "import { formatDate, sum } from './utils/index.js';\nexport const f = () => formatDate(new Date(sum(1, 2)));\n", ...barrel, ...ESM },
      link: ['moment'], costs: { moment: { ms: 38, modules: 112 } },
      errors: [{
        line: 1, column: 1,
        message: "'./utils/index.js' is a barrel: importing 'formatDate' and 'sum' through it evaluates 118 modules (including 'moment') this file never uses; import from './utils/format.js' (formatDate), './utils/math.js' (sum) instead.",
        fix: { kind: 'barrel', importIndex: 0, rewrites: [{ name: 'formatDate', specifier: './utils/format.js', imported: 'formatDate' }, { name: 'sum', specifier: './utils/math.js', imported: 'sum' }] },
        cost: { ms: 38, modules: 118, mb: null, source: 'measured' },
      }],
    },
    {
      name: 'follows nested barrels and default re-exports; extensionless style kept',
      files: { 'src/index.ts': "import { slugify, chart } from './utils';\nexport const f = () => [slugify('A'), chart()];\n", ...barrel, ...ESM },
      link: ['moment'],
      errors: [{
        line: 1, column: 1,
        message: "'./utils' is a barrel: importing 'slugify' and 'chart' through it evaluates 6 modules this file never uses; import from './utils/nested/slug' (slugify), './utils/chart' (chart) instead.",
        fix: { kind: 'barrel', importIndex: 0, rewrites: [{ name: 'slugify', specifier: './utils/nested/slug', imported: 'slugify' }, { name: 'chart', specifier: './utils/chart', imported: 'default' }] },
      }],
    },
    {
      name: 'a tsconfig paths alias is kept for the direct modules',
      files: {
        'src/index.ts': "import { formatDate } from '@/utils';\nexport const f = formatDate;\n",
        'tsconfig.json': '{ "compilerOptions": { "strict": true, "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }',
        ...barrel,
        ...ESM,
      },
      link: ['moment'],
      errors: [{
        line: 1, column: 1,
        message: "'@/utils' is a barrel: importing 'formatDate' through it evaluates 7 modules (including 'moment') this file never uses; import from '@/utils/format' (formatDate) instead.",
        fix: { kind: 'barrel', importIndex: 0, rewrites: [{ name: 'formatDate', specifier: '@/utils/format', imported: 'formatDate' }] },
      }],
    },
    {
      name: "a package.json imports pattern is kept, in the barrel's .js style",
      files: {
        'src/index.ts': "import { sum } from '#utils/index.js';\nexport const f = sum;\n",
        'package.json': '{ "name": "app", "type": "module", "imports": { "#*": "./src/*" } }',
        ...barrel,
      },
      link: ['moment'],
      errors: [{
        line: 1, column: 1,
        message: "'#utils/index.js' is a barrel: importing 'sum' through it evaluates 7 modules (including 'moment') this file never uses; import from '#utils/math.js' (sum) instead.",
        fix: { kind: 'barrel', importIndex: 0, rewrites: [{ name: 'sum', specifier: '#utils/math.js', imported: 'sum' }] },
      }],
    },
    {
      name: 'an alias of the barrel alone cannot name the direct module: a relative path',
      files: {
        'src/index.ts': "import { sum } from '@utils';\nexport const f = sum;\n",
        'tsconfig.json': '{ "compilerOptions": { "strict": true, "baseUrl": ".", "paths": { "@utils": ["src/utils/index.ts"] } } }',
        ...barrel,
        ...ESM,
      },
      link: ['moment'],
      errors: [{
        line: 1, column: 1,
        message: "'@utils' is a barrel: importing 'sum' through it evaluates 7 modules (including 'moment') this file never uses; import from './utils/math' (sum) instead.",
        fix: { kind: 'barrel', importIndex: 0, rewrites: [{ name: 'sum', specifier: './utils/math', imported: 'sum' }] },
      }],
    },
  ],
});
