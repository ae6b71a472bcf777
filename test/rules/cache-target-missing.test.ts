/**
 * cache-target-missing on real temp projects through the real graph builder and engine, with
 * cache targets in the resolved config (the shared rule tester has no `cache` input).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/cache-target-missing.js';
import { buildGraph } from '../../src/graph/build.js';
import { runRules } from '../../src/engine/run.js';
import type { CacheTarget } from '../../src/config/types.js';
import { DEFAULT_TS, fixedCostModel, makeConfig, writeProject } from '../helpers/rule-tester.js';

const files = {
  'package.json': '{ "name": "app", "type": "module" }',
  'src/index.ts': "import { UserService } from './api/users.js';\nexport const s = new UserService();\n",
  'src/api/users.ts': 'export class UserService { getUser(id: number) { return { id }; } }\n',
  'src/lib/format.js': 'export function formatUser(u) { return String(u.id); }\n',
};

/** Through the real engine: rule id, severity, sorting and messages as users see them. */
async function findings(cache: CacheTarget[]): Promise<string[]> {
  const root = writeProject({ name: 'cache', files });
  const graph = await buildGraph(root);
  const config = { ...makeConfig(root, ['src/index.ts']), cache, configFile: path.join(root, 'perf-lint.config.json') };
  const result = await runRules({ graph, cost: fixedCostModel(), config, rules: [rule], only: [rule.id], ts: DEFAULT_TS });
  return result.findings.filter((f) => f.rule === rule.id).map((f) => `${f.line}:${f.column} ${f.message}`);
}

/** The rule alone on the same real graph, with the context field telling where the config lives. */
async function diagnostics(cache: CacheTarget[], configFile: string | null): Promise<{ file: string; messageId: string; key: string }[]> {
  const root = writeProject({ name: 'cache', files });
  const graph = await buildGraph(root);
  const out: { file: string; messageId: string; key: string }[] = [];
  rule.check({
    graph, cost: fixedCostModel(), entries: [], root, options: {}, heavy: [], eager: [], ts: DEFAULT_TS,
    cacheTargets: cache.map(({ target, ...options }) => ({ target, options })),
    configFile: configFile && path.join(root, configFile),
    report: (d) => out.push({ file: path.relative(root, d.file), messageId: d.messageId, key: d.key }),
  });
  return out;
}

describe('cache-target-missing', () => {
  it('is silent for targets whose glob matches an analysed file', async () => {
    expect(await findings([
      { target: 'src/api/users.ts#UserService.getUser', ttl: '5m' },
      { target: 'src/**/*.ts#UserService.getUser' },
      { target: './src/lib/format.js#formatUser', tier: 'redis' },
      { target: 'src/lib/*.{js,ts}#formatUser' },
    ])).toEqual([]);
  });

  it('is silent without cache targets', async () => {
    expect(await findings([])).toEqual([]);
  });

  it('reports on the config file when the context names it, else on package.json', async () => {
    const cache = [{ target: 'src/gone.ts#f' }, { target: 'bad' }, { target: 'src/api/*.ts#UserService.getUser' }];
    const expected = [{ messageId: 'noFile', key: 'nofile:src/gone.ts#f' }, { messageId: 'malformed', key: 'malformed:bad' }];
    expect(await diagnostics(cache, '.perf-lintrc.json')).toEqual(expected.map((e) => ({ file: '.perf-lintrc.json', ...e })));
    expect(await diagnostics(cache, null)).toEqual(expected.map((e) => ({ file: 'package.json', ...e })));
  });

  it('reports stale file globs and malformed targets', async () => {
    expect(await findings([
      { target: 'src/services/users.ts#UserService.getUser' },
      { target: 'lib/**/*.js#formatUser' },
      { target: 'src/api/users.ts' },
      { target: 'src/api/users.ts#User Service' },
      { target: 'node_modules/**/*.js#x' },
    ])).toEqual([
      "1:1 Cache target 'lib/**/*.js#formatUser' matches no analysed file ('lib/**/*.js'); function formatUser is not cached. Fix the path or remove the target from the config.",
      "1:1 Cache target 'node_modules/**/*.js#x' matches no analysed file ('node_modules/**/*.js'); function x is not cached. Fix the path or remove the target from the config.",
      "1:1 Cache target 'src/api/users.ts#User Service' is not '<file glob>#<function>' or '<file glob>#<Class>.<method>'; fix it in the config.",
      "1:1 Cache target 'src/api/users.ts' is not '<file glob>#<function>' or '<file glob>#<Class>.<method>'; fix it in the config.",
      "1:1 Cache target 'src/services/users.ts#UserService.getUser' matches no analysed file ('src/services/users.ts'); method UserService.getUser is not cached. Fix the path or remove the target from the config.",
    ]);
  });
});
