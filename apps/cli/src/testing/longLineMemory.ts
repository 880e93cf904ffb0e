// Run as `node --expose-gc --import tsx longLineMemory.ts <line bytes>`: streams one line of that
// many bytes, then a short line, through readLines, and prints what it retained at worst as JSON.
// A child process of its own, so the test's own heap does not blur the figure.
import { Readable } from 'node:stream';
import { readLines, RefusedLine } from '../readLines.js';

const lineBytes = Number(process.argv[2]);
const chunkBytes = 1 << 16;
const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error('run with --expose-gc');
const retained = (): number => {
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

let sent = 0;
let chunks = 0;
let worst = 0;
const baseline = retained();
const source = new Readable({
  read() {
    if (sent >= lineBytes) {
      this.push(Buffer.from('\n{"after":"the long line"}\n'));
      this.push(null);
      return;
    }
    const size = Math.min(chunkBytes, lineBytes - sent);
    sent += size;
    // Every 16 MiB, what is still reachable: the reader's state, not garbage waiting for a GC.
    if (++chunks % 256 === 0) worst = Math.max(worst, retained() - baseline);
    this.push(Buffer.alloc(size, 'x'));
  },
});

const started = performance.now();
const lines: Array<string | { refused: string }> = [];
for await (const batch of readLines(source)) for (const line of batch.lines) lines.push(line instanceof RefusedLine ? { refused: line.reason } : line);
process.stdout.write(`${JSON.stringify({ lines, worstRetainedBytes: Math.max(worst, retained() - baseline), seconds: (performance.now() - started) / 1000 })}\n`);
