import type { Observation } from '@msgstatus/canonical';
import type { IngestOutcome } from '@msgstatus/status-core';

/** A task's outcomes, one list a line in order; null for a blank line. */
export type IngestedLines = ReadonlyArray<IngestOutcome[] | null>;

/** An observation without what its line gives all its items (provider, receipt time, source). */
type ObservedItem = [
  eventId: string,
  providerMessageId: string,
  state: Observation['state'],
  detail: Observation['detail'],
  attempt: number | null,
  channel: string | null,
  occurredAt: string,
  error: Observation['error'],
  providerStatus: string,
  account: string | 0,
  clientRef: string | 0,
];
/** A line's outcomes on the wire: the provider and receipt time its observations share, then each item. */
type LineOnWire = [provider: string, receivedAt: string, ...items: Array<ObservedItem | IngestOutcome>] | [];

const observedItem = (observation: Observation): ObservedItem => [
  observation.eventId,
  observation.providerMessageId,
  observation.state,
  observation.detail,
  observation.attempt,
  observation.channel,
  observation.occurredAt,
  observation.error,
  observation.providerStatus,
  observation.account ?? 0,
  observation.clientRef ?? 0,
];

/**
 * A task's outcomes as text for the way back from a worker: JSON, with each observation a flat
 * array without what its line repeats (about half the characters, and no keys), since parsing it
 * is the main thread's cost of the workers' help.
 */
export function encodeIngested(lines: IngestedLines): string {
  return JSON.stringify(
    lines.map((outcomes): LineOnWire | null => {
      if (outcomes === null) return null;
      const first = outcomes.find((outcome) => outcome.kind === 'observed');
      if (first === undefined) return ['', '', ...outcomes];
      const { provider, observedAt } = first.observation;
      return [provider, observedAt, ...outcomes.map((outcome) => (outcome.kind === 'observed' ? observedItem(outcome.observation) : outcome))];
    }),
  );
}

/** Reads `encodeIngested`'s text back: observations as makeObservation builds them, keys in its order, sourced to `file`'s lines. */
export function decodeIngested(text: string, file: string, firstLine: number): IngestedLines {
  const lines = JSON.parse(text) as Array<LineOnWire | null>;
  return lines.map((wire, index): IngestOutcome[] | null => {
    if (wire === null) return null;
    const [provider, observedAt] = wire as [string, string];
    const outcomes: IngestOutcome[] = [];
    for (let item = 2; item < wire.length; item++) {
      const entry = wire[item] as ObservedItem | IngestOutcome;
      if (!Array.isArray(entry)) {
        outcomes.push(entry);
        continue;
      }
      const [eventId, providerMessageId, state, detail, attempt, channel, occurredAt, error, providerStatus, account, clientRef] = entry;
      const observation: Observation = {
        eventId,
        messageId: `${provider}:${providerMessageId}`,
        provider,
        providerMessageId,
        state,
        detail,
        attempt,
        channel,
        occurredAt,
        observedAt,
        error,
        providerStatus,
        source: { file, line: firstLine + index },
      };
      if (account !== 0) observation.account = account;
      if (clientRef !== 0) observation.clientRef = clientRef;
      outcomes.push({ kind: 'observed', observation });
    }
    return outcomes;
  });
}
