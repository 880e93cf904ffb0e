import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** The complete lines of one chunk of input; `firstLine` is the 1-based number of `lines[0]`. */
export interface LineBatch {
  readonly firstLine: number;
  readonly lines: ReadonlyArray<string>;
}

/**
 * Streams the lines of a byte stream in batches (one per chunk read), never holding more than one
 * chunk and one partial line: a 2 GB file replays in constant memory. Batches rather than single
 * lines because an await per line costs more than replaying the line. `onBytes` sees progress.
 */
export async function* readLines(input: Readable, onBytes?: (bytes: number) => void): AsyncGenerator<LineBatch> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let next = 1;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    onBytes?.(chunk.length);
    const text = pending + decoder.write(chunk);
    const lines = text.split('\n');
    pending = lines.pop()!;
    if (lines.length === 0) continue;
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index]!;
      if (line.charCodeAt(line.length - 1) === 13) lines[index] = line.slice(0, -1);
    }
    yield { firstLine: next, lines };
    next += lines.length;
  }
  pending += decoder.end();
  if (pending !== '') yield { firstLine: next, lines: [pending.charCodeAt(pending.length - 1) === 13 ? pending.slice(0, -1) : pending] };
}
