/** Colour only on a TTY, never with NO_COLOR or --no-color, never into a file. */
export function useColor(flag: boolean | undefined, output?: string): boolean {
  if (flag === false || output) return false;
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}
