import { MessageState, unreadableVersion, type KafkaRecordLike } from '@msgstatus/canonical';

/** What a state-topic record says: a message's latest state, its removal (a tombstone), or why it is neither. */
export type StateRecordReading =
  | { readonly ok: true; readonly messageId: string; readonly state: MessageState | null }
  | { readonly ok: false; readonly reason: string };

/** Reads a state record without ever throwing: a bad one is for counting and logging, not for dying. */
export function readStateRecord(record: Pick<KafkaRecordLike, 'key' | 'value' | 'headers'>): StateRecordReading {
  const messageId = record.key?.toString('utf8');
  if (messageId === undefined || messageId === '') return { ok: false, reason: 'no key' };
  if (record.value === null) return { ok: true, messageId, state: null };
  const otherVersion = unreadableVersion(record.headers);
  if (otherVersion !== null) return { ok: false, reason: otherVersion };
  let json: unknown;
  try {
    json = JSON.parse(record.value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
  const parsed = MessageState.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'not a message state' };
  if (parsed.data.messageId !== messageId) return { ok: false, reason: `keyed ${messageId} but about ${parsed.data.messageId}` };
  return { ok: true, messageId, state: parsed.data };
}
