import { isUtf8 } from 'node:buffer';
import { maxRawEventBytes, notUtf8, tooLarge } from './maxRawEventBytes.js';
import type { RawEvent } from './ProviderNormalizer.js';
import { parseProviderTime } from './providerTime.js';
import { providerIdPattern, RawEnvelope } from './RawEnvelope.js';
import type { EnvelopeReading } from './readEnvelope.js';
import { schemaProblem } from './schemaProblem.js';
import { schemaVersionHeader, schemaVersion, unreadableVersion } from './schemaVersion.js';
import { providerOfRawTopic, type Topics } from './topics.js';

/** Headers of a raw record (docs/contract.md section 1). */
export const rawHeaders = { provider: 'provider', receivedAt: 'received-at', callbackQuery: 'callback-query' } as const;

/** A Kafka record as msgstatus reads it (the Kafka lib's ConsumedRecord has this shape). */
export interface KafkaRecordLike {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, Buffer>>;
  /** Milliseconds since the epoch, as a decimal string. */
  readonly timestamp: string;
}

/** A record to write, in the shape of the Kafka lib's OutgoingRecord. */
export interface RecordToSend {
  readonly topic: string;
  readonly partition?: number;
  readonly key: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly headers?: Readonly<Record<string, string | Buffer>>;
}

/**
 * Reads a raw topic's record as a raw event, or says why it is not one. The provider is the
 * `provider` header, else the topic's; `received-at` falls back to the record's timestamp.
 */
export function readRawRecord(record: KafkaRecordLike, names: Topics): EnvelopeReading {
  const topicProvider = providerOfRawTopic(names, record.topic);
  const headerProvider = record.headers[rawHeaders.provider]?.toString('utf8') ?? null;
  const provider = headerProvider ?? topicProvider;
  if (headerProvider !== null && topicProvider !== null && headerProvider !== topicProvider) {
    return { ok: false, provider: headerProvider, reason: `provider header "${headerProvider}" on the raw topic of ${topicProvider}` };
  }
  const otherVersion = unreadableVersion(record.headers);
  if (otherVersion !== null) return { ok: false, provider, reason: otherVersion };
  if (record.value === null) return { ok: false, provider, reason: 'no payload (a record without value)' };
  if (record.value.length > maxRawEventBytes) return { ok: false, provider, reason: tooLarge(record.value.length) };
  if (!isUtf8(record.value)) return { ok: false, provider, reason: notUtf8('payload') };
  let payload: unknown;
  try {
    payload = JSON.parse(record.value.toString('utf8'));
  } catch (error) {
    return { ok: false, provider, reason: `payload is not JSON: ${(error as Error).message}` };
  }
  const receivedAtHeader = record.headers[rawHeaders.receivedAt]?.toString('utf8');
  // The hot path of the ingestor: the envelope's two fields checked by hand, as RawEnvelope would.
  const receivedAt = receivedAtHeader === undefined ? new Date(Number(record.timestamp)).toISOString() : parseProviderTime(receivedAtHeader);
  if (provider === null || !providerIdPattern.test(provider) || receivedAt === null) {
    const parsed = RawEnvelope.safeParse({ provider, receivedAt: receivedAtHeader, payload });
    return { ok: false, provider, reason: `not a raw event: ${parsed.success ? 'receivedAt: an ISO-8601 time' : schemaProblem(parsed.error)}` };
  }
  const event: RawEvent = { provider, receivedAt, payload, source: { topic: record.topic, partition: record.partition, offset: record.offset } };
  const callbackQuery = record.headers[rawHeaders.callbackQuery]?.toString('utf8');
  return { ok: true, event: callbackQuery === undefined ? event : { ...event, callbackQuery } };
}

/** The raw topic record of a raw envelope: the payload as its value; provider, time, callback query and schema version as headers. */
export function rawRecordOf(envelope: RawEnvelope, names: Topics, key: string | null): RecordToSend {
  const headers: Record<string, string> = { [rawHeaders.provider]: envelope.provider, [rawHeaders.receivedAt]: envelope.receivedAt };
  if (typeof envelope.callbackQuery === 'string' && envelope.callbackQuery.length <= 4000) headers[rawHeaders.callbackQuery] = envelope.callbackQuery;
  headers[schemaVersionHeader] = schemaVersion;
  return { topic: names.raw(envelope.provider), key, value: JSON.stringify(envelope.payload), headers };
}
