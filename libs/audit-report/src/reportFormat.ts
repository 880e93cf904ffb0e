/**
 * What the report's HTML embeds, as the page reads it. The summary is plain JSON, read at once;
 * everything that grows with the input (the message index, the problems, the events) is gzipped
 * JSON in base64, decoded when a view needs it, the events in chunks of `chunkSize`.
 */

/** The decisions the summary counts, in the order the page shows them; `closed` is a receipt window that closed, not an input. */
export const decisionKinds = ['accepted', 'duplicate', 'stale', 'conflict', 'expired', 'ignored', 'invalid', 'closed'] as const;
export type DecisionKindCount = Record<(typeof decisionKinds)[number], number>;

/** What a message's history shows, as bits of `MessageIndex.flags`. */
export const messageFlags = { fallback: 1, conflict: 2, late: 4, stale: 8, duplicate: 16, invalid: 32, expired: 64, final: 128, closed: 256 } as const;
export type MessageFlag = keyof typeof messageFlags;

export interface Journey {
  /** The channel of each attempt, in attempt order ("viber", "whatsapp"). */
  readonly channels: ReadonlyArray<string>;
  readonly messages: number;
  /** The journey's messages by final state. */
  readonly finals: Readonly<Record<string, number>>;
}

export interface ReportSummary {
  readonly input: string;
  readonly version: string;
  /** The counts of `msgstatus replay --report`, the same numbers. */
  readonly counts: Readonly<Record<string, number>>;
  readonly ignoredEvents: Readonly<Record<string, number>>;
  readonly decisionsByProvider: Readonly<Record<string, DecisionKindCount>>;
  readonly decisionsByChannel: Readonly<Record<string, DecisionKindCount>>;
  /** Messages by final state; "none" for a message whose every event was refused. */
  readonly finals: Readonly<Record<string, number>>;
  /** Messages by whether they are final at the end of the input and why (`open` while more may come). */
  readonly finality: Readonly<Record<string, number>>;
  readonly journeys: ReadonlyArray<Journey>;
  readonly messages: number;
  readonly events: number;
  readonly problems: number;
  readonly chunkSize: number;
  readonly chunks: number;
  /** A receipt that came this long after the provider's time is late. */
  readonly lateAfterMs: number;
}

/** The messages, column by column; a message's events are ordinals into the event chunks. */
export interface MessageIndex {
  readonly id: ReadonlyArray<string>;
  readonly providerMessageId: ReadonlyArray<string>;
  readonly finalState: ReadonlyArray<string>;
  readonly flags: ReadonlyArray<number>;
  readonly eventCount: ReadonlyArray<number>;
  /** Every message's event ordinals, message after message, each as the difference from the one before. */
  readonly eventDeltas: ReadonlyArray<number>;
}

/** Anomalies (conflicts), expired observations and invalid lines, column by column, in input order. */
export interface ProblemTable {
  readonly line: ReadonlyArray<number>;
  readonly kind: ReadonlyArray<'conflict' | 'expired' | 'invalid'>;
  readonly messageId: ReadonlyArray<string | null>;
  readonly provider: ReadonlyArray<string | null>;
  readonly rule: ReadonlyArray<string | null>;
  readonly reason: ReadonlyArray<string>;
}

export type EventOutcome =
  | { readonly kind: 'accepted'; readonly rule: string; readonly version: number; readonly previousState: string | null; readonly state: string; readonly final: string | null }
  | { readonly kind: 'closed'; readonly rule: 'window-closed'; readonly version: number; readonly state: string }
  | { readonly kind: 'duplicate' | 'stale' | 'conflict' | 'expired'; readonly rule: string; readonly reason: string }
  | { readonly kind: 'ignored'; readonly eventType: string; readonly reason: string }
  | { readonly kind: 'invalid'; readonly reason: string };

export interface EventObservation {
  readonly messageId: string;
  readonly state: string;
  readonly detail: string | null;
  readonly attempt: number | null;
  readonly channel: string | null;
  readonly occurredAt: string;
  readonly providerStatus: string;
  readonly eventId: string;
  readonly error: { readonly code: string; readonly message: string | null } | null;
}

/** One item of a raw event, as `msgstatus timeline --json` tells it. */
export interface EventRecord {
  readonly line: number;
  /** The attempt the machine placed the observation on, with its channel ("attempt 2 · WhatsApp"); null when not normalized. */
  readonly lane: string | null;
  readonly receivedAt: string | null;
  readonly provider: string | null;
  readonly payload: unknown;
  readonly observation: EventObservation | null;
  readonly outcome: EventOutcome;
}

/** The ids of the HTML elements that hold the embedded data. */
export const dataElement = {
  summary: 'msgstatus-summary',
  messages: 'msgstatus-messages',
  problems: 'msgstatus-problems',
  chunk: (index: number) => `msgstatus-events-${index}`,
} as const;
