import pc from 'picocolors';
import { allRules } from '../../../rules/index.js';
import { UsageError } from '../../errors.js';
import type { GlobalOptions } from '../index.js';
import { writeUserFile } from '../output.js';
import { useColor } from '../tty.js';

const RULES_FORMATS = ['text', 'json'];

/** `perf-lint rules`: every rule with its description, default severity, preset and fixability. */
export async function rulesCommand(opts: GlobalOptions): Promise<number> {
  const format = opts.format ?? 'text';
  if (!RULES_FORMATS.includes(format)) throw new UsageError(`--format '${format}': unknown rules format (use ${RULES_FORMATS.join(', ')})`);
  const emit = (text: string): void => {
    if (opts.output) writeUserFile(opts.output, text);
    else process.stdout.write(text);
  };
  if (format === 'json') {
    const data = allRules.map((r) => ({ id: r.id, description: r.meta.description, severity: r.meta.defaultSeverity, recommended: r.meta.recommended, fixable: r.meta.fixable, docs: r.docs }));
    emit(`${JSON.stringify(data, null, 2)}\n`);
    return 0;
  }
  const c = pc.createColors(useColor(opts.color, opts.output));
  const w = Math.max(...allRules.map((r) => r.id.length));
  const lines = allRules.map((r) => `${c.bold(r.id.padEnd(w))}  ${(r.meta.recommended ? r.meta.defaultSeverity : 'off').padEnd(5)}  ${r.meta.fixable ? c.green('fixable') : '       '}  ${r.meta.description}`);
  emit(`${lines.join('\n')}\n\n${c.dim('severity: default in the recommended preset; strict turns every rule on. Docs: docs/rules/<id>.md')}\n`);
  return 0;
}
