import type { StatusChange } from '@msgstatus/status-machine';
import type { Observation } from './Observation.js';
import type { StatusChangeRecord } from './StatusChangeRecord.js';

/** The change record an accepted observation emits, fields in the contract's order. */
export function changeRecordOf(observation: Observation, change: StatusChange): StatusChangeRecord {
  return {
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
  };
}
