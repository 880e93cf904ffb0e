import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * Streams the lines of a byte stream with their 1-based numbers, never holding more than one chunk
 * and one partial line: a 2 GB file replays in constant memory. `onBytes` sees progress.
 */
export async function* readLines(input: Readable, onBytes?: (bytes: number) => void): AsyncGenerator<[string, number]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    onBytes?.(chunk.length);
    const text = pending + decoder.write(chunk);
    let start = 0;
    let end = text.indexOf('\n', start);
    while (end !== -1) {
      yield [text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end), ++line];
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    pending = text.slice(start);
  }
  pending += decoder.end();
  if (pending !== '') yield [pending, ++line];
}
