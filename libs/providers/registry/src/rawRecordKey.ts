import type { RawEnvelope } from '@msgstatus/canonical';
import { normalizerOf, normalizeRawEvent } from './normalizeRawEvent.js';

/**
 * The Kafka key of a raw event's record, which decides what keeps its order. For most providers
 * it is the provider message id the payload reports on, so one message's raw events share a
 * partition. Providers that answer about many messages at once (`rawRecordKey: 'provider'`,
 * AlphaSMS) key every record by the provider id: one partition keeps all their answers in order.
 * A payload that unexpectedly names several messages is keyed by their ids, sorted and
 * comma-joined; one that names none (an API error) has no key.
 */
export function rawRecordKey(envelope: RawEnvelope): string | null {
  if (normalizerOf(envelope.provider)?.rawRecordKey === 'provider') return envelope.provider;
  const prefix = `${envelope.provider}:`;
  const ids = new Set<string>();
  const { provider, receivedAt, payload } = envelope;
  for (const item of normalizeRawEvent({ provider, receivedAt, payload, source: { file: 'key', line: 1 } })) {
    const messageId = item._tag === 'Observed' ? item.observation.messageId : item._tag === 'Invalid' ? item.messageId : null;
    if (messageId !== null && messageId.startsWith(prefix)) ids.add(messageId.slice(prefix.length));
  }
  return ids.size === 0 ? null : [...ids].sort().join(',');
}
