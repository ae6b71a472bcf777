import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { relPath } from '../../src/graph/format.js';
import type { ImportGraph } from '../../src/graph/types.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/graph');

/** Every import of the graph as one readable line: `from -> target (kind[, flags])`. */
export function edgeLines(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const mod of graph.modules.values()) {
    const from = relPath(graph.root, mod.file);
    for (const r of mod.imports) {
      let target: string;
      if (r.builtin) target = `builtin:${r.specifier}`;
      else if (r.resolved == null) target = `unresolved:${r.specifier}`;
      else target = relPath(graph.root, r.resolved);
      if (r.package) target = `${target} [${r.package}]`;
      const flags = [r.kind, r.nested ? 'nested' : '', r.inTry ? 'try' : '', r.names.length > 0 && r.names.every((n) => n.isType) ? 'all-type' : '']
        .filter(Boolean)
        .join(', ');
      out.push(`${from}:${r.line} -> ${target} (${flags})`);
    }
  }
  return out.sort();
}
