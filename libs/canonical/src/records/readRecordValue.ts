import type { z } from 'zod';
import type { KafkaRecordLike } from '../rawRecords.js';
import { schemaProblem } from '../schemaProblem.js';
import { unreadableVersion } from '../schemaVersion.js';

/** What one record of a keyed msgstatus topic says, or why it cannot be read (never a throw). */
export type RecordReading<T> =
  | { readonly ok: true; readonly messageId: string; readonly value: T }
  | { readonly ok: false; readonly messageId: string | null; readonly reason: string };

/** The part of a Kafka record a reader looks at. */
export type RecordParts = Pick<KafkaRecordLike, 'key' | 'value' | 'headers'>;

/**
 * The one rule every reader of our keyed topics (observations, changes, state, anomalies) follows,
 * in this order: a record of another major schema version is not read; the key is the messageId
 * (a record without one is refused); the value is JSON of the topic's schema; and it is about the
 * message its key names, since a record under another key lives on another message's partition.
 * `what` names the value in reasons ("an observation").
 */
export function readRecordValue<T extends { readonly messageId: string }>(record: RecordParts, schema: z.ZodType<T>, what: string): RecordReading<T> {
  const messageId = record.key === null || record.key.length === 0 ? null : record.key.toString('utf8');
  const otherVersion = unreadableVersion(record.headers);
  if (otherVersion !== null) return { ok: false, messageId, reason: otherVersion };
  if (messageId === null) return { ok: false, messageId, reason: `no key: ${what} is keyed by its messageId` };
  if (record.value === null) return { ok: false, messageId, reason: `no value: a record without ${what}` };
  let json: unknown;
  try {
    json = JSON.parse(record.value.toString('utf8'));
  } catch (error) {
    return { ok: false, messageId, reason: `not JSON: ${(error as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, messageId, reason: `not ${what}: ${schemaProblem(parsed.error)}` };
  if (parsed.data.messageId !== messageId) return { ok: false, messageId, reason: `keyed ${messageId} but about ${parsed.data.messageId}` };
  return { ok: true, messageId, value: parsed.data };
}
