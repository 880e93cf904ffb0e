import type { Readable, Writable } from 'node:stream';
import type { Replay } from '@msgstatus/replay';
import { BufferedOutput } from './BufferedOutput.js';
import type { IngestPool } from './IngestPool.js';
import type { IngestedLines } from './ingestedLines.js';
import type { ProgressBar } from './ProgressBar.js';
import { readLines, RefusedLine, type LineBatch } from './readLines.js';

/** Replays one line as read: a refused line counts as an invalid raw event, with the reader's reason. */
export const replayLine = (replay: Replay, line: string | RefusedLine, number: number): string =>
  line instanceof RefusedLine ? replay.reading({ ok: false, reason: line.reason, provider: null }, number) : replay.line(line, number);

/** Reading and normalizing on worker threads, for inputs long enough to repay starting them. */
export interface ReplayWorkers {
  /** Starts the pool; `replayStream` closes it. */
  readonly start: () => IngestPool;
  /** Lines replayed here before the pool starts: a worker takes about as long to start as a few thousand lines take. */
  readonly afterLines: number;
}

/** Chunks read ahead of the fold per worker: enough to keep every worker busy while the fold runs. */
const chunksAheadPerWorker = 4;

/**
 * Replays a byte stream line by line, writing change records to `output` in input order. Stops
 * early when `signal` aborts (Ctrl-C); throws OutputClosedError when the output's reader goes away.
 * With workers, once `afterLines` lines are done, lines are read and normalized on the workers and
 * only the fold runs here, in input order: the same bytes out.
 */
export async function replayStream(input: Readable, replay: Replay, output: Writable, progress: ProgressBar | null, signal?: AbortSignal, workers?: ReplayWorkers): Promise<void> {
  const buffered = new BufferedOutput(output, { beforeWrite: () => progress?.clear() });
  const onBytes = progress === null ? undefined : (bytes: number) => progress.advance(bytes);
  let lastLine = 0;
  const write = async ({ firstLine, lines }: LineBatch, records: string): Promise<void> => {
    lastLine = firstLine + lines.length - 1;
    // One write a chunk read: large enough for speed, and a live pipe's records show as they come.
    if (records !== '') await buffered.write(records);
    await buffered.flush();
    progress?.lines(lines.length);
  };
  let pool: IngestPool | null = null;
  const ahead: Array<{ readonly batch: LineBatch; readonly ingested: Promise<IngestedLines> }> = [];
  const foldNext = async (): Promise<void> => {
    const { batch, ingested } = ahead.shift()!;
    const outcomes = await ingested;
    let records = '';
    for (let index = 0; index < outcomes.length; index++) {
      const items = outcomes[index]!;
      if (items !== null) records += replay.ingested(items, batch.firstLine + index);
    }
    await write(batch, records);
  };
  try {
    for await (const batch of readLines(input, { onBytes })) {
      if (signal?.aborted) return;
      if (pool === null && workers !== undefined && batch.firstLine > workers.afterLines) pool = workers.start();
      if (pool === null) {
        let records = '';
        for (let index = 0; index < batch.lines.length; index++) records += replayLine(replay, batch.lines[index]!, batch.firstLine + index);
        await write(batch, records);
        continue;
      }
      const ingested = pool.ingest(batch);
      // Awaited in its turn below; failing before then must not count as unhandled.
      ingested.catch(() => undefined);
      ahead.push({ batch, ingested });
      if (ahead.length >= chunksAheadPerWorker * pool.workers) await foldNext();
    }
    while (ahead.length > 0) {
      if (signal?.aborted) return;
      await foldNext();
    }
  } finally {
    await pool?.close();
  }
  // The windows the last receipts passed, as the projector closes them at the end of a batch.
  const closed = replay.end(lastLine);
  if (closed !== '') await buffered.write(closed);
  await buffered.flush();
}
