import { readFileSync, statSync } from 'node:fs';
import { dirname, extname } from 'node:path';

/** Files and bytes of a module's eager closure (static imports, re-exports, top-level require). */
export interface StaticClosure {
  files: number;
  bytes: number;
  paths: string[];
}

interface AstNode {
  type: string;
  [key: string]: unknown;
}

const FUNCTION = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'MethodDefinition', 'PropertyDefinition']);

/** Specifiers of require('x') calls that run when the module is evaluated (outside any function). */
function eagerRequires(program: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    const n = node as AstNode;
    if (FUNCTION.has(n.type)) return;
    if (n.type === 'CallExpression') {
      const callee = n.callee as AstNode;
      const args = n.arguments as AstNode[];
      if (callee?.type === 'Identifier' && callee.name === 'require' && args.length === 1 && args[0].type === 'Literal' && typeof args[0].value === 'string') {
        out.push(args[0].value);
      }
    }
    for (const key in n) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const v = n[key];
      if (v !== null && typeof v === 'object') walk(v);
    }
  };
  walk(program);
  return out;
}

/**
 * Walks the eager closure of `entry` (or of several entries together) statically (oxc-parser + oxc-resolver): what evaluating it
 * loads at once, without running it. Used when measuring is off or fails.
 */
export async function staticClosure(entry: string | string[], kind: 'import' | 'require', limit = 5000): Promise<StaticClosure> {
  const { parseSync } = await import('oxc-parser');
  const { ResolverFactory } = await import('oxc-resolver');
  const resolver = new ResolverFactory({
    conditionNames: ['node', kind, 'default'],
    extensions: ['.js', '.mjs', '.cjs', '.json', '.node'],
    builtinModules: true,
  });
  const entries = typeof entry === 'string' ? [entry] : entry;
  const seen = new Set<string>(entries);
  const queue = [...entries];
  let bytes = 0;
  while (queue.length > 0 && seen.size <= limit) {
    const file = queue.shift()!;
    let source: string;
    try {
      bytes += statSync(file).size;
      source = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const ext = extname(file);
    if (ext === '.json' || ext === '.node') continue;
    let specifiers: string[];
    try {
      const r = parseSync(file, source, { sourceType: 'unambiguous' });
      specifiers = [
        ...r.module.staticImports.map((i) => i.moduleRequest.value),
        ...r.module.staticExports.flatMap((e) => e.entries.map((x) => x.moduleRequest?.value).filter((v): v is string => !!v)),
        ...eagerRequires(r.program),
      ];
    } catch {
      continue;
    }
    for (const spec of specifiers) {
      if (spec.startsWith('node:')) continue;
      const res = resolver.sync(dirname(file), spec);
      if (!res.path || seen.has(res.path)) continue;
      seen.add(res.path);
      queue.push(res.path);
    }
  }
  return { files: seen.size, bytes, paths: [...seen] };
}
