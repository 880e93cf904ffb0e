import { dataElement, type EventRecord, type MessageIndex, type ProblemTable, type ReportSummary } from '../reportFormat.js';

function base64Bytes(text: string): Uint8Array {
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }).fromBase64;
  if (fromBase64 !== undefined) return fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Reads one embedded block: base64 of gzipped JSON, inflated by the browser's own gzip. */
async function inflate<T>(id: string): Promise<T> {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the report has no data block ${id}: the file is cut short`);
  const bytes = base64Bytes(element.textContent!.trim());
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return JSON.parse(await new Response(stream).text()) as T;
}

export const readSummary = (): ReportSummary => JSON.parse(document.getElementById(dataElement.summary)!.textContent!) as ReportSummary;
export const readMessageIndex = (): Promise<MessageIndex> => inflate<MessageIndex>(dataElement.messages);
export const readProblems = (): Promise<ProblemTable> => inflate<ProblemTable>(dataElement.problems);

/** The event chunks a page has opened, the most recent kept: a message's events are usually in one or two. */
export class EventChunks {
  readonly #cache = new Map<number, Promise<ReadonlyArray<EventRecord>>>();
  readonly #chunkSize: number;

  constructor(chunkSize: number, readonly keep = 24) {
    this.#chunkSize = chunkSize;
  }

  #chunk(index: number): Promise<ReadonlyArray<EventRecord>> {
    let chunk = this.#cache.get(index);
    if (chunk === undefined) chunk = inflate<ReadonlyArray<EventRecord>>(dataElement.chunk(index));
    this.#cache.delete(index);
    this.#cache.set(index, chunk);
    if (this.#cache.size > this.keep) this.#cache.delete(this.#cache.keys().next().value!);
    return chunk;
  }

  /** The events of these ordinals, in the same order. */
  async events(ordinals: ReadonlyArray<number>): Promise<EventRecord[]> {
    const records: EventRecord[] = [];
    for (const ordinal of ordinals) {
      const chunk = await this.#chunk(Math.floor(ordinal / this.#chunkSize));
      records.push(chunk[ordinal % this.#chunkSize]!);
    }
    return records;
  }
}
