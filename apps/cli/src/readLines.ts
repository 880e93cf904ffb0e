import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { lineTooLong, maxRawLineBytes, notUtf8 } from '@msgstatus/canonical';

/** A line the reader would not keep (too long, not UTF-8): counted and reported, never parsed. */
export class RefusedLine {
  constructor(readonly reason: string) {}
}

/** The complete lines of one chunk of input; `firstLine` is the 1-based number of `lines[0]`. */
export interface LineBatch {
  readonly firstLine: number;
  readonly lines: ReadonlyArray<string | RefusedLine>;
}

export interface ReadLinesOptions {
  /** Sees every chunk's size, for progress. */
  readonly onBytes?: (bytes: number) => void;
  readonly maxLineBytes?: number;
}

const newline = 0x0a;
const carriageReturn = 0x0d;
const byteOrderMark = '\uFEFF';

/** One line's bytes (without its newline) as text, or why not. */
function lineOf(bytes: Buffer): string | RefusedLine {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === carriageReturn ? bytes.length - 1 : bytes.length;
  const line = end === bytes.length ? bytes : bytes.subarray(0, end);
  return isUtf8(line) ? line.toString('utf8') : new RefusedLine(notUtf8('line'));
}

/**
 * Streams the lines of a byte stream in batches (one per chunk read), never holding more than one
 * chunk and one line of at most `maxLineBytes`: a longer line is counted and skipped as it
 * streams by, so memory follows the limit, not the input. Lines are checked as UTF-8 on their
 * bytes (a broken sequence is refused, as the ingestor refuses it, not replaced), and a byte order
 * mark before the first line is dropped. Batches rather than single lines because an await per
 * line costs more than replaying the line.
 */
export async function* readLines(input: Readable, options: ReadLinesOptions = {}): AsyncGenerator<LineBatch> {
  const maxLineBytes = options.maxLineBytes ?? maxRawLineBytes;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** Bytes of an overlong line seen so far; -1 while the current line is within the limit. */
  let skipped = -1;
  let next = 1;

  const completeLine = (tail: Buffer): string | RefusedLine => {
    if (skipped >= 0) {
      const refused = new RefusedLine(lineTooLong(skipped + tail.length));
      skipped = -1;
      return refused;
    }
    if (pendingBytes + tail.length > maxLineBytes) {
      const refused = new RefusedLine(lineTooLong(pendingBytes + tail.length));
      pending = [];
      pendingBytes = 0;
      return refused;
    }
    const bytes = pendingBytes === 0 ? tail : Buffer.concat([...pending, tail]);
    pending = [];
    pendingBytes = 0;
    return lineOf(bytes);
  };

  const keepPartial = (tail: Buffer): void => {
    if (tail.length === 0) return;
    if (skipped >= 0) skipped += tail.length;
    else if (pendingBytes + tail.length > maxLineBytes) {
      skipped = pendingBytes + tail.length;
      pending = [];
      pendingBytes = 0;
    } else {
      pending.push(tail);
      pendingBytes += tail.length;
    }
  };

  for await (const chunk of input as AsyncIterable<Buffer>) {
    options.onBytes?.(chunk.length);
    const lines: Array<string | RefusedLine> = [];
    const first = chunk.indexOf(newline);
    if (first < 0) {
      keepPartial(chunk);
      continue;
    }
    lines.push(completeLine(chunk.subarray(0, first)));
    const last = chunk.lastIndexOf(newline);
    if (last > first) {
      const whole = chunk.subarray(first + 1, last);
      // The common case: a chunk of short UTF-8 lines is checked and decoded in one call each.
      if (whole.length <= maxLineBytes && isUtf8(whole)) {
        for (const line of whole.toString('utf8').split('\n')) lines.push(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line);
      } else {
        for (let start = first + 1; start <= last; ) {
          const end = chunk.indexOf(newline, start);
          lines.push(end - start > maxLineBytes ? new RefusedLine(lineTooLong(end - start)) : lineOf(chunk.subarray(start, end)));
          start = end + 1;
        }
      }
    }
    keepPartial(chunk.subarray(last + 1));
    if (next === 1 && typeof lines[0] === 'string' && lines[0].startsWith(byteOrderMark)) lines[0] = lines[0].slice(1);
    yield { firstLine: next, lines };
    next += lines.length;
  }
  if (pendingBytes > 0 || skipped >= 0) {
    const line = completeLine(Buffer.alloc(0));
    yield { firstLine: next, lines: [next === 1 && typeof line === 'string' && line.startsWith(byteOrderMark) ? line.slice(1) : line] };
  }
}
