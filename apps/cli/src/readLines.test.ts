import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { maxRawLineBytes } from '@msgstatus/canonical';
import { describe, expect, it } from 'vitest';
import { readLines, RefusedLine } from './readLines.js';

type Read = [number, string | { refused: string }];

async function collect(chunks: Buffer[], maxLineBytes?: number): Promise<Read[]> {
  const lines: Read[] = [];
  for await (const { firstLine, lines: batch } of readLines(Readable.from(chunks), { maxLineBytes })) {
    batch.forEach((line, index) => lines.push([firstLine + index, line instanceof RefusedLine ? { refused: line.reason } : line]));
  }
  return lines;
}

describe('readLines', () => {
  it('numbers lines across chunks, strips CRLF and keeps a last line without newline', async () => {
    const lines = await collect([Buffer.from('a\r\nb'), Buffer.from('c\n\nd\r\ne\n')]);
    expect(lines).toEqual([
      [1, 'a'],
      [2, 'bc'],
      [3, ''],
      [4, 'd'],
      [5, 'e'],
    ]);
    expect(await collect([Buffer.from('x\ny')])).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
  });

  it('keeps a multi-byte character split between two chunks whole', async () => {
    const bytes = Buffer.from('{"text":"Đã giao ✓"}\n', 'utf8');
    const split = bytes.indexOf(Buffer.from('✓')) + 1;
    expect(await collect([bytes.subarray(0, split), bytes.subarray(split)])).toEqual([[1, '{"text":"Đã giao ✓"}']]);
  });

  it('drops a byte order mark before the first line only', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(await collect([Buffer.concat([bom, Buffer.from('{"a":1}\n'), bom, Buffer.from('{"b":2}\n')])])).toEqual([
      [1, '{"a":1}'],
      [2, '\uFEFF{"b":2}'],
    ]);
    expect(await collect([Buffer.concat([bom, Buffer.from('{"a":1}')])])).toEqual([[1, '{"a":1}']]);
  });

  it('refuses a line that is not UTF-8 instead of replacing its bytes, and reads the lines around it', async () => {
    for (const broken of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      const chunk = Buffer.concat([Buffer.from('ok\n{"text":"'), Buffer.from(broken), Buffer.from('"}\nok too\n')]);
      expect(await collect([chunk])).toEqual([
        [1, 'ok'],
        [2, { refused: 'line is not UTF-8' }],
        [3, 'ok too'],
      ]);
    }
  });

  it('skips a line over the limit wherever it falls in the chunks, naming its size, and reads on', async () => {
    const long = 'x'.repeat(100);
    const input = Buffer.from(`short\n${long}\n${long}\nafter\n${long}`);
    const expected: Read[] = [
      [1, 'short'],
      [2, { refused: 'line of 100 bytes is over the limit of 1114112 (a raw event is at most 1048576 bytes)' }],
      [3, { refused: 'line of 100 bytes is over the limit of 1114112 (a raw event is at most 1048576 bytes)' }],
      [4, 'after'],
      [5, { refused: 'line of 100 bytes is over the limit of 1114112 (a raw event is at most 1048576 bytes)' }],
    ];
    expect(maxRawLineBytes).toBe(1114112);
    for (const size of [1, 7, 64, input.length]) {
      const chunks = Array.from({ length: Math.ceil(input.length / size) }, (_, index) => input.subarray(index * size, (index + 1) * size));
      expect(await collect(chunks, 99)).toEqual(expected);
    }
    expect(await collect([Buffer.from(`${'y'.repeat(99)}\n`)], 99)).toEqual([[1, 'y'.repeat(99)]]);
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

  // The reader once grew a line without newline by string concatenation: 80 MB took 918 MB.
  it.each([80_000_000, 800_000_000])('skips a line of %d bytes in memory that does not grow with it, measured after garbage collection', (bytes) => {
    const script = new URL('./testing/longLineMemory.ts', import.meta.url).pathname;
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, String(bytes)], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { lines: unknown[]; worstRetainedBytes: number };
    expect(result.lines).toEqual([
      { refused: `line of ${bytes} bytes is over the limit of 1114112 (a raw event is at most 1048576 bytes)` },
      '{"after":"the long line"}',
    ]);
    // A 64 KiB chunk in flight and freed chunks the collector has not yet swept: a few MiB, the
    // same for 80 MB as for 800 MB. Holding the line would be its whole size.
    expect(result.worstRetainedBytes).toBeLessThan(32 * 1024 * 1024);
  }, 130_000);
});
