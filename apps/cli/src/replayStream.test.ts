import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { rawEventLines } from '@msgstatus/pipeline/testing';
import { Replay } from '@msgstatus/replay';
import { describe, expect, it } from 'vitest';
import { IngestPool } from './IngestPool.js';
import { replayStream, type ReplayWorkers } from './replayStream.js';

const sample = readFileSync(new URL('../samples/provider-events.ndjson', import.meta.url), 'utf8');
/** The CLI's own script: its workers serve ingestion, as the installed CLI's do. */
const script = new URL('./bin.ts', import.meta.url);

/** Every kind of line: the sample's providers, generated traffic, blank lines, a refused line that is not UTF-8. */
const corpus = Buffer.concat([
  Buffer.from(`${sample}\n   \n`),
  Buffer.from([...rawEventLines(3_000, 300)].join('\n')),
  Buffer.from('\n'),
  Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]),
  Buffer.from(sample),
]);

/** Replays the corpus in small chunks (many tasks); returns what was written and the report's text. */
async function replayed(workers?: ReplayWorkers): Promise<{ output: string; report: string }> {
  const replay = new Replay({ file: 'corpus.ndjson' });
  const written: string[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString());
      done();
    },
  });
  const chunks = Array.from({ length: Math.ceil(corpus.length / 4096) }, (_, index) => corpus.subarray(index * 4096, (index + 1) * 4096));
  await replayStream(Readable.from(chunks), replay, output, null, undefined, workers);
  return { output: written.join(''), report: [...replay.reportText()].join('') };
}

describe('replayStream with ingestion workers', () => {
  it('writes the same bytes and the same report as without them', async () => {
    let started = 0;
    const withWorkers = await replayed({
      afterLines: 100,
      start: () => {
        started++;
        return new IngestPool({ script, workers: 2, file: 'corpus.ndjson' });
      },
    });
    const alone = await replayed();
    expect(started).toBe(1);
    expect(alone.output.split('\n').length).toBeGreaterThan(500);
    expect(alone.report).toContain('line is not UTF-8');
    expect(withWorkers.output).toBe(alone.output);
    expect(withWorkers.report).toBe(alone.report);
  }, 60_000);

  it('fails rather than waits when a worker dies', async () => {
    const dying = join(mkdtempSync(join(tmpdir(), 'msgstatus-worker-')), 'dies.mjs');
    writeFileSync(dying, 'process.exit(3);\n');
    const run = replayed({ afterLines: 0, start: () => new IngestPool({ script: pathToFileURL(dying), workers: 1, file: 'corpus.ndjson' }) });
    await expect(run).rejects.toThrow('an ingestion worker failed: it exited with code 3; --workers 0 replays on the main thread alone');
  });
});
