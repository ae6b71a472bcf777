import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * On Node 20 the module customization hooks do not see the imports of an ES module loaded by
 * require(), so the probe observes only the required file. Its static import closure is what
 * Node evaluates with it, so we list that closure statically (oxc-parser, oxc-resolver with the
 * `import` conditions). Returns module -> parent for modules not already known.
 */
export async function inferRequiredEsm(roots: string[], known: Set<string>): Promise<Map<string, string>> {
  const { parseSync } = await import('oxc-parser');
  const { ResolverFactory } = await import('oxc-resolver');
  const resolver = new ResolverFactory({
    conditionNames: ['node', 'import', 'default'],
    extensions: ['.js', '.mjs', '.cjs', '.json'],
    builtinModules: true,
  });
  const found = new Map<string, string>();
  const queue = [...roots];
  const visited = new Set<string>(roots);
  while (queue.length > 0) {
    const file = queue.shift()!;
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const mod = parseSync(file, source, { sourceType: 'module' }).module;
    const specifiers = [
      ...mod.staticImports.map((i) => i.moduleRequest.value),
      ...mod.staticExports.flatMap((e) => e.entries.map((x) => x.moduleRequest?.value).filter((v): v is string => !!v)),
    ];
    for (const spec of specifiers) {
      const r = resolver.sync(dirname(file), spec);
      const target = r.path;
      if (!target || visited.has(target)) continue;
      visited.add(target);
      if (!known.has(target)) found.set(target, file);
      // A CommonJS dependency runs through Module._load, which the probe does see.
      if (/\.(m?js)$/.test(target) && !target.endsWith('.cjs')) queue.push(target);
    }
  }
  return found;
}
