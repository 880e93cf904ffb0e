import { z } from 'zod';
import type { KafkaRecordLike, RecordToSend } from './rawRecords.js';
import { schemaVersion, schemaVersionHeader } from './schemaVersion.js';

/**
 * Headers a dead-letter record adds to the original record's. The value, key and headers of the
 * original are kept as they were (the Kafka Connect convention): nothing of the input is lost, and
 * the record can be fixed and re-published as it is.
 */
export const deadLetterHeaders = {
  reason: 'dead-letter-reason',
  stage: 'dead-letter-stage',
  provider: 'dead-letter-provider',
  messageId: 'dead-letter-message-id',
  topic: 'dead-letter-topic',
  partition: 'dead-letter-partition',
  offset: 'dead-letter-offset',
  /** The original record's `schema-version`, when it had one: the record's own now names the dead letter's. */
  schemaVersion: 'dead-letter-schema-version',
} as const;

/**
 * The headers of a dead-letter record, as text: ours, and the original record's beside them (any
 * names; a provider's or another producer's). The value is the original's bytes, so the headers
 * are the whole of what we add.
 */
export const DeadLetterHeaders = z
  .object({
    [deadLetterHeaders.reason]: z.string().describe('Why it could not be used: one line of at most 1,000 characters'),
    [deadLetterHeaders.stage]: z.string().meta({ openEnum: true, examples: ['ingestor', 'projector'] }).describe('Which app refused it'),
    [deadLetterHeaders.provider]: z.string().optional().describe('The provider, when known'),
    [deadLetterHeaders.messageId]: z.string().optional().describe('The messageId, when known'),
    [deadLetterHeaders.topic]: z.string().describe('The topic of the original record'),
    [deadLetterHeaders.partition]: z.string().regex(/^\d+$/).describe('Its partition, in decimal'),
    [deadLetterHeaders.offset]: z.string().regex(/^\d+$/).describe('Its offset, in decimal'),
    [deadLetterHeaders.schemaVersion]: z.string().optional().describe("The original record's schema-version, when it had one"),
    [schemaVersionHeader]: z.literal(schemaVersion).describe('The version of this dead-letter schema'),
  })
  .catchall(z.string().describe("The original record's own headers, unchanged"));
export type DeadLetterHeaders = z.infer<typeof DeadLetterHeaders>;

export interface DeadLetterReason {
  /** Which app refused it: `ingestor` or `projector`. */
  readonly stage: string;
  readonly reason: string;
  readonly provider: string | null;
  readonly messageId: string | null;
}

/** The dead-letter record of an input record that could not be used, and why. */
export function deadLetterOf(record: KafkaRecordLike, why: DeadLetterReason, deadLetterTopic: string): RecordToSend {
  const headers: Record<string, string | Buffer> = { ...record.headers };
  headers[deadLetterHeaders.reason] = why.reason;
  headers[deadLetterHeaders.stage] = why.stage;
  if (why.provider !== null) headers[deadLetterHeaders.provider] = why.provider;
  if (why.messageId !== null) headers[deadLetterHeaders.messageId] = why.messageId;
  headers[deadLetterHeaders.topic] = record.topic;
  headers[deadLetterHeaders.partition] = String(record.partition);
  headers[deadLetterHeaders.offset] = record.offset;
  const originalVersion = record.headers[schemaVersionHeader];
  if (originalVersion !== undefined) headers[deadLetterHeaders.schemaVersion] = originalVersion;
  headers[schemaVersionHeader] = schemaVersion;
  return { topic: deadLetterTopic, key: record.key, value: record.value, headers };
}
