/** A record to produce. Without `partition`, the key picks it (Java-compatible murmur2, as Kafka's own clients). */
export interface OutgoingRecord {
  readonly topic: string;
  readonly partition?: number;
  readonly key: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly headers?: Readonly<Record<string, string | Buffer>>;
  /** Milliseconds since the epoch, as a decimal string; the broker's time when absent. */
  readonly timestamp?: string;
}

/** A consumed record, with its headers as text-or-bytes (a repeated header keeps its last value). */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  /** Offsets are 64-bit: kept as decimal strings. */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, Buffer>>;
  /** Milliseconds since the epoch, as a decimal string. */
  readonly timestamp: string;
}

type ClientHeaders = Record<string, Buffer | string | ReadonlyArray<Buffer | string> | undefined> | undefined;

export function consumedRecord(
  topic: string,
  partition: number,
  message: { offset: string; key: Buffer | null; value: Buffer | null; headers?: ClientHeaders; timestamp: string },
): ConsumedRecord {
  const headers: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) headers[name] = typeof last === 'string' ? Buffer.from(last) : (last as Buffer);
  }
  return { topic, partition, offset: message.offset, key: message.key, value: message.value, headers, timestamp: message.timestamp };
}

type ClientMessage = { key: string | Buffer | null; value: string | Buffer | null; partition?: number; headers?: Record<string, string | Buffer>; timestamp?: string };

/** Groups records by topic, keeping their order, as a kafkajs `sendBatch` wants them. */
export function topicMessagesOf(records: ReadonlyArray<OutgoingRecord>) {
  const byTopic = new Map<string, ClientMessage[]>();
  for (const record of records) {
    let messages = byTopic.get(record.topic);
    if (messages === undefined) byTopic.set(record.topic, (messages = []));
    // kafkajs only reads these: no copy of each record on the hot path.
    messages.push(record as unknown as ClientMessage);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

const sizeOf = (part: string | Buffer | null | undefined): number => (part == null ? 0 : typeof part === 'string' ? part.length * 3 : part.length);

/**
 * Splits records into sends of at most `maxBytes` (keys, values and headers counted, text at its
 * worst UTF-8 size): the broker refuses a record batch over its `message.max.bytes` (1 MiB by
 * default), and one partition's records of one send travel as one batch.
 */
export function inSends<T extends OutgoingRecord>(records: ReadonlyArray<T>, maxBytes = 512 * 1024): T[][] {
  const sends: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const record of records) {
    let size = sizeOf(record.key) + sizeOf(record.value) + 64;
    for (const [name, value] of Object.entries(record.headers ?? {})) size += name.length + sizeOf(value);
    if (current.length > 0 && bytes + size > maxBytes) {
      sends.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) sends.push(current);
  return sends;
}
