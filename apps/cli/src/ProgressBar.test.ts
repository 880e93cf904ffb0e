import type { WriteStream } from 'node:tty';
import { describe, expect, it } from 'vitest';
import { ProgressBar } from './ProgressBar.js';

const clearLine = '\r\x1b[2K';

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
    expect(written.at(-1)!.startsWith(clearLine)).toBe(true);
    expect(written.at(-1)!.slice(clearLine.length)).toMatch(/^\[#{15}-{15}\] 50% · 1,234 lines · [\d,]+ lines\/s$/);
    bar.done();
    expect(written.at(-1)).toBe('\r\x1b[2K');
  });

  it('counts lines only when the size is unknown (stdin)', () => {
    const { written, stream } = terminal();
    const bar = new ProgressBar(stream, null);
    bar.lines(7);
    expect(written.at(-1)!.startsWith(`${clearLine}7 lines · `)).toBe(true);
  });

  it('clears itself once before output, and not at all when it is not shown', () => {
    const { written, stream } = terminal();
    const bar = new ProgressBar(stream, null);
    bar.clear();
    expect(written).toEqual([]);
    bar.lines(1);
    bar.clear();
    bar.clear();
    expect(written.slice(1)).toEqual(['\r\x1b[2K']);
  });
});
