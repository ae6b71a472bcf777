/** Colour only on a TTY, never with NO_COLOR or --no-color, never into a file. */
export function useColor(flag: boolean | undefined, output?: string): boolean {
  if (flag === false || output) return false;
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

/** One stderr line for what did not stop a command (the result stands, exit code unchanged). */
export function warn(message: string): void {
  process.stderr.write(`perf-lint: warning: ${message}\n`);
}
