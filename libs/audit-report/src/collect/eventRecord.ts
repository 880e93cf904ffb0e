import type { RawEvent } from '@msgstatus/canonical';
import type { Closed, IngestOutcome, ProjectOutcome } from '@msgstatus/status-core';
import type { EventObservation, EventOutcome, EventRecord } from '../reportFormat.js';

/** What replay saw of one item of a line (`ReplayEntry` of @msgstatus/replay has this shape). */
export interface AuditEntry {
  readonly line: number;
  readonly event: RawEvent | null;
  readonly ingested: IngestOutcome;
  readonly projected: ProjectOutcome | null;
}

export const laneName = (attempt: number, channel: string | null): string => `attempt ${attempt} · ${channel ?? 'no channel'}`;

/** The decision on an item, with its rule and reason, as the timeline tells it. */
export function outcomeOf(entry: AuditEntry): EventOutcome {
  const { ingested, projected } = entry;
  if (ingested.kind === 'invalid') return { kind: 'invalid', reason: ingested.reason };
  if (ingested.kind === 'ignored') return { kind: 'ignored', eventType: ingested.eventType, reason: ingested.reason };
  const outcome = projected!;
  if (outcome.kind === 'accepted') {
    const { version, previousState, state, finalReason } = outcome.change;
    return { kind: 'accepted', rule: outcome.rule, version, previousState, state, final: finalReason ?? null };
  }
  return { kind: outcome.kind, rule: outcome.rule, reason: outcome.reason };
}

function observationOf(entry: AuditEntry): EventObservation | null {
  if (entry.ingested.kind !== 'observed') return null;
  const { messageId, state, detail, attempt, channel, occurredAt, providerStatus, eventId, error } = entry.ingested.observation;
  return { messageId, state, detail, attempt, channel, occurredAt, providerStatus, eventId, error };
}

/** One item as the report embeds it: the raw event, its observation, the decision, and its lane (see `laneName`). */
export const eventRecord = (entry: AuditEntry, lane: string | null): EventRecord => ({
  line: entry.line,
  lane,
  receivedAt: entry.event?.receivedAt ?? null,
  provider: entry.event?.provider ?? (entry.ingested.kind === 'observed' ? entry.ingested.observation.provider : entry.ingested.provider),
  payload: entry.event?.payload ?? null,
  observation: observationOf(entry),
  outcome: outcomeOf(entry),
});

/**
 * A receipt window that closed, as an event of its message: at the window's end, in the lane of the
 * attempt it closed, with no raw event or observation (no provider said anything).
 */
export const closureRecord = (closed: Closed, line: number): EventRecord => ({
  line,
  lane: laneName(closed.change.attempt, closed.change.channel),
  receivedAt: closed.change.observedAt,
  provider: closed.change.provider,
  payload: null,
  observation: null,
  outcome: { kind: 'closed', rule: 'window-closed', version: closed.change.version, state: closed.change.state },
});
