import picomatch from 'picomatch';
import { createRule } from '../src/engine/rule.js';

// picomatch is the matcher tinyglobby uses, so this rule and the injector (src/fix/cache-inject.ts)
// agree on what a glob matches (types: src/types/picomatch.d.ts).

const TARGET = /^(.+)#([A-Za-z_$][\w$]*)(?:\.(#?[A-Za-z_$][\w$]*))?$/;

/**
 * A `cache` target in the config whose file glob matches no analysed file (the code moved or was
 * renamed, and the target silently caches nothing). Rules cannot parse files, so a missing function
 * in an existing file is reported by the injector under --fix instead.
 */
export default createRule<Record<string, never>>({
  id: 'cache-target-missing',
  meta: {
    description: 'Report config cache targets whose file pattern matches no analysed file, or that are malformed.',
    defaultSeverity: 'warn',
    recommended: true,
    fixable: false,
    messages: {
      noFile: "Cache target '{{target}}' matches no analysed file ('{{glob}}'); {{symbol}} is not cached. Fix the path or remove the target from the config.",
      malformed: "Cache target '{{target}}' is not '<file glob>#<function>' or '<file glob>#<Class>.<method>'; fix it in the config.",
    },
    defaultOptions: {},
    optionsSchema: {},
  },
  check(ctx) {
    if (ctx.cacheTargets.length === 0) return;
    const root = ctx.root.replace(/\\/g, '/').replace(/\/?$/, '/');
    const files = [...ctx.graph.modules.keys()].map((f) => f.replace(/\\/g, '/')).map((f) => (f.startsWith(root) ? f.slice(root.length) : f));
    // Without a config file path (an API caller passing targets directly) the findings sit on the root's package.json.
    const where = ctx.configFile ?? `${root}package.json`;
    for (const { target } of ctx.cacheTargets) {
      const m = TARGET.exec(target);
      if (!m) {
        ctx.report({ file: where, line: 1, column: 1, messageId: 'malformed', data: { target }, key: `malformed:${target}` });
        continue;
      }
      const [, glob, name, member] = m;
      const match = picomatch(glob.replace(/^\.\//, ''), { dot: false });
      if (files.some((f) => match(f))) continue;
      const symbol = member ? `method ${name}.${member}` : `function ${name}`;
      ctx.report({ file: where, line: 1, column: 1, messageId: 'noFile', data: { target, glob, symbol }, key: `nofile:${target}` });
    }
  },
});
