import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILES, detectEntries } from '../../config/load.js';
import { InputError, UsageError } from '../../errors.js';

/** The starter config, commented, with the detected entries. */
export function starterConfig(entries: string[]): string {
  const list = entries.length ? entries.map((e) => `    ${JSON.stringify(e)},`).join('\n') : "    // 'src/index.ts',";
  return `// perf-lint configuration. Every key is optional; see docs/config.md.
/** @type {import('perf-lint').UserConfig} */
export default {
  // Files your program starts from. Startup cost is reasoned per entry.
  // Detected from package.json bin/main/exports.
  entries: [
${list}
  ],

  // Which files to analyse (globs relative to this file); .gitignore is always respected.
  // include: ['src/**'],
  // exclude: ['**/*.test.ts'],

  // Packages always treated as heavy, whatever they measure.
  // heavy: ['typescript'],

  // Packages that must never be deferred because loading them has effects others rely on
  // (added to the built-in list: polyfills, */register, APM agents, reflect-metadata...).
  // eager: ['./src/plugins/register.ts'],

  // 'recommended' (default) or 'strict', then per-rule severities: 'off' | 'warn' | 'error' | [severity, options].
  // extends: 'recommended',
  rules: {
    // 'prefer-lazy-import': ['warn', { threshold: 10 }],
  },

  // Startup budgets checked by 'perf-lint measure' and the startup-budget rule.
  budgets: { importMs: 200, rssMb: 100 },

  // Functions to wrap with perf-lint/runtime's cache on --fix.
  // cache: [{ target: 'src/api/users.ts#UserService.getUser', ttl: '5m', max: 1000, tier: 'memory' }],

  // With --fix --measure: rebuild before measuring again, and roll back if verify fails.
  // build: 'npm run build',
  // verify: 'npm test',
};
`;
}

/** `perf-lint init [dir]`: writes perf-lint.config.mjs unless a config already exists. */
export async function initCommand(dir: string, opts: { force?: boolean }): Promise<number> {
  const root = path.resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new InputError(dir, 'not a directory');
  const target = path.join(root, 'perf-lint.config.mjs');
  const existing = CONFIG_FILES.filter((f) => f !== 'package.json').find((f) => existsSync(path.join(root, f)));
  if (existing && !opts.force) throw new UsageError(`${path.join(dir, existing)} already exists (use --force to overwrite perf-lint.config.mjs)`);
  const entries = detectEntries(root).map((e) => path.relative(root, e).split(path.sep).join('/'));
  writeFileSync(target, starterConfig(entries));
  process.stdout.write(`wrote ${path.relative(process.cwd(), target) || target}${entries.length ? ` (entries: ${entries.join(', ')})` : ' (no entry detected: set entries)'}\n`);
  return 0;
}
