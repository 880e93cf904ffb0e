import { hash } from 'node:crypto';
import type { StatusChange } from '@msgstatus/status-machine';
import type { Observation } from './Observation.js';
import type { StatusChangeRecord } from './StatusChangeRecord.js';

/** The change record an accepted observation emits, fields in the contract's order; `clientRef` as known of the message. */
export function changeRecordOf(observation: Observation, change: StatusChange, clientRef = observation.clientRef): StatusChangeRecord {
  const record: StatusChangeRecord = {
    messageId: observation.messageId,
    version: change.version,
    state: change.state,
    previousState: change.previousState,
    detail: change.detail,
    attempt: change.attempt,
    channel: observation.channel,
    occurredAt: observation.occurredAt,
    observedAt: observation.observedAt,
    error: observation.error,
    provider: observation.provider,
    providerMessageId: observation.providerMessageId,
    eventId: observation.eventId,
    final: change.final !== null,
    finalReason: change.final,
  };
  if (clientRef !== undefined) record.clientRef = clientRef;
  return record;
}

/** A message id's parts: `<provider>:<provider message id>` (provider ids hold no colon). */
export function messageIdParts(messageId: string): { readonly provider: string; readonly providerMessageId: string } {
  const colon = messageId.indexOf(':');
  return { provider: messageId.slice(0, colon), providerMessageId: messageId.slice(colon + 1) };
}

/**
 * The change record of a closed receipt window: the state stays, the message becomes final, at the
 * window's end in receipt time (`closedAt`, ISO). No observation caused it, so its event id is
 * derived from the message and version: the same closure always has the same id.
 */
export function closureRecordOf(messageId: string, change: StatusChange, closedAt: string, clientRef?: string): StatusChangeRecord {
  const { provider, providerMessageId } = messageIdParts(messageId);
  const record: StatusChangeRecord = {
    messageId,
    version: change.version,
    state: change.state,
    previousState: change.previousState,
    detail: change.detail,
    attempt: change.attempt,
    channel: change.channel,
    occurredAt: closedAt,
    observedAt: closedAt,
    error: null,
    provider,
    providerMessageId,
    eventId: hash('sha256', JSON.stringify(['window-closed', messageId, change.version]), 'hex').slice(0, 32),
    final: true,
    finalReason: change.final,
  };
  if (clientRef !== undefined) record.clientRef = clientRef;
  return record;
}
