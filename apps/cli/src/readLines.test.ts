import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLines } from './readLines.js';

async function collect(chunks: Buffer[]): Promise<Array<[number, string]>> {
  const lines: Array<[number, string]> = [];
  for await (const { firstLine, lines: batch } of readLines(Readable.from(chunks))) {
    batch.forEach((line, index) => lines.push([firstLine + index, line]));
  }
  return lines;
}

describe('readLines', () => {
  it('numbers lines across chunks, strips CRLF and keeps a last line without newline', async () => {
    const lines = await collect([Buffer.from('a\r\nb'), Buffer.from('c\n\nd')]);
    expect(lines).toEqual([
      [1, 'a'],
      [2, 'bc'],
      [3, ''],
      [4, 'd'],
    ]);
  });

  it('keeps a multi-byte character split between two chunks whole', async () => {
    const bytes = Buffer.from('{"text":"Đã giao ✓"}\n', 'utf8');
    const split = bytes.indexOf(Buffer.from('✓')) + 1;
    expect(await collect([bytes.subarray(0, split), bytes.subarray(split)])).toEqual([[1, '{"text":"Đã giao ✓"}']]);
  });

  it('streams: a long input is read chunk by chunk, never whole', async () => {
    let produced = 0;
    let maxAhead = 0;
    let consumed = 0;
    const source = new Readable({
      read() {
        if (produced >= 2_000) {
          this.push(null);
          return;
        }
        produced++;
        maxAhead = Math.max(maxAhead, produced - consumed);
        this.push(Buffer.from(`${'x'.repeat(1_000)}\n`.repeat(10)));
      },
      highWaterMark: 1 << 14,
    });
    for await (const { lines } of readLines(source)) consumed += lines.length / 10;
    expect(consumed).toBe(2_000);
    expect(maxAhead).toBeLessThan(20);
  });
});
