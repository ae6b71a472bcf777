import pc from 'picocolors';
import { allRules } from '../../../rules/index.js';
import type { GlobalOptions } from '../index.js';
import { useColor } from '../tty.js';

/** `perf-lint rules`: every rule with its description, default severity, preset and fixability. */
export async function rulesCommand(opts: GlobalOptions): Promise<number> {
  if (opts.format === 'json') {
    const data = allRules.map((r) => ({ id: r.id, description: r.meta.description, severity: r.meta.defaultSeverity, recommended: r.meta.recommended, fixable: r.meta.fixable, docs: r.docs }));
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return 0;
  }
  const c = pc.createColors(useColor(opts.color, opts.output));
  const w = Math.max(...allRules.map((r) => r.id.length));
  const lines = allRules.map((r) => `${c.bold(r.id.padEnd(w))}  ${(r.meta.recommended ? r.meta.defaultSeverity : 'off').padEnd(5)}  ${r.meta.fixable ? c.green('fixable') : '       '}  ${r.meta.description}`);
  process.stdout.write(`${lines.join('\n')}\n\n${c.dim('severity: default in the recommended preset; strict turns every rule on. Docs: docs/rules/<id>.md')}\n`);
  return 0;
}
