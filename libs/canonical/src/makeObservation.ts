import { hash } from 'node:crypto';
import type { Detail, Status } from '@msgstatus/status-machine';
import type { Observation, ProviderError } from './Observation.js';
import type { RawEvent } from './ProviderNormalizer.js';
import { canonicalChannel } from './statusWords.js';

export interface ObservationFacts {
  readonly providerMessageId: string;
  /** The provider account the message was sent from, when the payload names it. */
  readonly account?: string | null | undefined;
  readonly state: Status;
  readonly detail: Detail | null;
  readonly attempt: number | null;
  readonly channel: string | null;
  /** The provider's own time of the status (ISO UTC), or null when it gives none. */
  readonly providerTime: string | null;
  readonly error: ProviderError | null;
  readonly providerStatus: string;
  /** The sender's own reference, when the provider echoes it. */
  readonly clientRef?: string | null | undefined;
}

/**
 * The id of an observation, from what it says rather than from provider event ids (Chuanglan
 * reuses those): a redelivered webhook or a repeated poll answer hashes to the same id.
 */
export function observationEventId(provider: string, facts: ObservationFacts, channel: string | null): string {
  const content = JSON.stringify([
    provider,
    facts.providerMessageId,
    facts.attempt,
    channel,
    facts.providerStatus,
    facts.providerTime,
  ]);
  return hash('sha256', content, 'hex').slice(0, 32);
}

/** An observation from what a provider said, stamped with the envelope's provider, time and source. */
export function makeObservation(event: RawEvent, facts: ObservationFacts): Observation {
  const channel = canonicalChannel(facts.channel);
  const observation: Observation = {
    eventId: observationEventId(event.provider, facts, channel),
    messageId: `${event.provider}:${facts.providerMessageId}`,
    provider: event.provider,
    providerMessageId: facts.providerMessageId,
    state: facts.state,
    detail: facts.detail,
    attempt: facts.attempt,
    channel,
    occurredAt: facts.providerTime ?? event.receivedAt,
    observedAt: event.receivedAt,
    error: facts.error,
    providerStatus: facts.providerStatus,
    source: event.source,
  };
  // Only when named, so observations of providers without accounts keep their shape.
  if (facts.account) observation.account = facts.account;
  if (facts.clientRef) observation.clientRef = facts.clientRef;
  return observation;
}
