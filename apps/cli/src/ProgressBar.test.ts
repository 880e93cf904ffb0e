import type { WriteStream } from 'node:tty';
import { describe, expect, it } from 'vitest';
import { ProgressBar } from './ProgressBar.js';

const terminal = () => {
  const written: string[] = [];
  return { written, stream: { write: (text: string) => written.push(text) } as unknown as WriteStream };
};

describe('ProgressBar', () => {
  it('draws the share of the file read and the line count', () => {
    const { written, stream } = terminal();
    const bar = new ProgressBar(stream, 1_000);
    bar.advance(500);
    bar.lines(1_234);
    bar.done();
    expect(written.at(-2)).toMatch(/^\r\[#{15}-{15}\] 50% · 1,234 lines · [\d,]+ lines\/s$/);
    expect(written.at(-1)).toBe('\n');
  });

  it('counts lines only when the size is unknown (stdin)', () => {
    const { written, stream } = terminal();
    const bar = new ProgressBar(stream, null);
    bar.lines(7);
    bar.done();
    expect(written.at(-2)).toMatch(/^\r7 lines · /);
  });
});
