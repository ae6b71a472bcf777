import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/progress.js';

function stream(isTTY: boolean): { s: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(w, { isTTY, columns: 60 });
  return { s: w, text: () => text };
}

describe('progress bar', () => {
  it('draws a bar on one line of a TTY and clears it when done', () => {
    const { s, text } = stream(true);
    const p = createProgress('pricing packages', s)!;
    p(1, 4, 'lodash');
    expect(text()).toBe(`\r${'pricing packages [######------------------] 1/4 lodash'.padEnd(59)}`);
    p(4, 4, 'rxjs');
    expect(text().endsWith('\r\x1b[K')).toBe(true);
    expect(text()).toContain('[########################] 4/4 rxjs');
  });

  it('is off when the stream is not a TTY', () => {
    expect(createProgress('pricing packages', stream(false).s)).toBeUndefined();
  });
});
