/** A one-line progress bar on a TTY stream (stderr by default); undefined when the stream is not a TTY. */
export function createProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): ((done: number, total: number, name: string) => void) | undefined {
  if (!stream.isTTY) return undefined;
  return (done, total, name) => {
    const width = 24;
    const filled = total ? Math.round((done / total) * width) : width;
    const cols = (stream.columns || 80) - 1;
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${name}`;
    stream.write(`\r${line.slice(0, cols).padEnd(cols)}`);
    if (done >= total) stream.write('\r\x1b[K');
  };
}
