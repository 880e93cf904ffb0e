import type { Readable, Writable } from 'node:stream';
import type { Replay } from '@msgstatus/replay';
import { BufferedOutput } from './BufferedOutput.js';
import type { ProgressBar } from './ProgressBar.js';
import { readLines, RefusedLine } from './readLines.js';

/** Replays one line as read: a refused line counts as an invalid raw event, with the reader's reason. */
export const replayLine = (replay: Replay, line: string | RefusedLine, number: number): string =>
  line instanceof RefusedLine ? replay.reading({ ok: false, reason: line.reason, provider: null }, number) : replay.line(line, number);

/**
 * Replays a byte stream line by line, writing change records to `output` in input order. Stops
 * early when `signal` aborts (Ctrl-C); throws OutputClosedError when the output's reader goes away.
 */
export async function replayStream(input: Readable, replay: Replay, output: Writable, progress: ProgressBar | null, signal?: AbortSignal): Promise<void> {
  const buffered = new BufferedOutput(output, { beforeWrite: () => progress?.clear() });
  const onBytes = progress === null ? undefined : (bytes: number) => progress.advance(bytes);
  let lastLine = 0;
  for await (const { firstLine, lines } of readLines(input, { onBytes })) {
    if (signal?.aborted) return;
    let records = '';
    for (let index = 0; index < lines.length; index++) records += replayLine(replay, lines[index]!, firstLine + index);
    lastLine = firstLine + lines.length - 1;
    // One write a chunk read: large enough for speed, and a live pipe's records show as they come.
    if (records !== '') await buffered.write(records);
    await buffered.flush();
    progress?.lines(lines.length);
  }
  // The windows the last receipts passed, as the projector closes them at the end of a batch.
  const closed = replay.end(lastLine);
  if (closed !== '') await buffered.write(closed);
  await buffered.flush();
}
