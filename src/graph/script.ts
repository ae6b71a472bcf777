import { closeSync, openSync, readSync, statSync } from 'node:fs';

/**
 * An extensionless file Node would run: a regular text file whose `#!` line names node (`#!/usr/bin/env
 * node`, `#!/usr/bin/env -S node --flag`, `#!/usr/local/bin/node`), or that has no `#!` line. A shell
 * script named in package.json `bin` is not one.
 */
export function isNodeScript(file: string): boolean {
  let head: string;
  try {
    if (!statSync(file).isFile()) return false;
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(256);
      head = buf.toString('utf8', 0, readSync(fd, buf, 0, buf.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  if (head.includes('\0')) return false;
  if (!head.startsWith('#!')) return true;
  // The interpreter: the program after `#!`, or for `env` the first word that is not an option or
  // a VAR=value setting.
  const words = head.slice(2).split(/\r?\n/, 1)[0].trim().split(/\s+/);
  let program = words[0] ?? '';
  if (program.endsWith('/env') || program === 'env') program = words.slice(1).find((w) => !w.startsWith('-') && !w.includes('=')) ?? '';
  const name = program.slice(program.lastIndexOf('/') + 1);
  return name === 'node' || name === 'nodejs';
}
