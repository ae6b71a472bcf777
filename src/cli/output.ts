import { writeFileSync } from 'node:fs';
import { fsReason, InputError } from '../errors.js';

/**
 * Writes a file the user named (--output, --save, --write-baseline, ...). A path that cannot be
 * written is bad input: one line naming it and the reason, exit 2, not an internal error.
 */
export function writeUserFile(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new InputError(file, `cannot write (${fsReason(err)})`);
  }
}
