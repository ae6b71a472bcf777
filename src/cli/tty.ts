/** Colour only on a TTY, never with NO_COLOR or --no-color, never into a file. */
export function useColor(flag: boolean | undefined, output?: string): boolean {
  if (flag === false || output) return false;
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

/** A one-line progress bar on stderr when stderr is a TTY; a no-op otherwise. */
export function progressBar(label: string): ((done: number, total: number, name: string) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total, name) => {
    const width = 24;
    const filled = total ? Math.round((done / total) * width) : width;
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${name}`;
    process.stderr.write(`\r${line.slice(0, (process.stderr.columns || 80) - 1).padEnd((process.stderr.columns || 80) - 1)}`);
    if (done >= total) process.stderr.write('\r\x1b[K');
  };
}
