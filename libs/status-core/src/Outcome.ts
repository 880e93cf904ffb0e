import type { Anomaly, MessageState, Observation, StatusChangeRecord } from '@msgstatus/canonical';
import type { DecisionRule, MessageStatus } from '@msgstatus/status-machine';

/** An item of a raw event that reports a message's status. */
export interface Observed {
  readonly kind: 'observed';
  readonly observation: Observation;
}

/** An item that carries no message status by its provider's definition: counted by its event type. */
export interface Ignored {
  readonly kind: 'ignored';
  readonly provider: string;
  readonly eventType: string;
  readonly reason: string;
}

/** Input that cannot be used: a dead letter, or an invalid line of a replay, with the reason. */
export interface Invalid {
  readonly kind: 'invalid';
  readonly provider: string | null;
  readonly messageId: string | null;
  readonly reason: string;
}

/** An observation that moved its message: the change record to emit and the message's new state. */
export interface Accepted {
  readonly kind: 'accepted';
  readonly rule: DecisionRule;
  readonly observation: Observation;
  readonly change: StatusChangeRecord;
  /** What is known of the message now (the machine's memory, its account and the sender's reference). */
  readonly status: MessageStatus & { readonly account?: string; readonly clientRef?: string };
  /** The state record of the message now, as the state topic holds it. */
  readonly state: MessageState;
}

/** An observation that says nothing new (duplicate) or happened before what is known (stale). */
export interface Passed {
  readonly kind: 'duplicate' | 'stale';
  readonly rule: DecisionRule;
  readonly observation: Observation;
  readonly reason: string;
}

/** An observation that contradicts a terminal fact: not applied, its anomaly published. */
export interface Conflict {
  readonly kind: 'conflict';
  readonly rule: DecisionRule;
  readonly observation: Observation;
  readonly reason: string;
  readonly anomaly: Anomaly;
}

/** An observation of an unknown message older than the state retention: not applied (docs/contract.md section 3). */
export interface Expired {
  readonly kind: 'expired';
  readonly rule: 'expired';
  readonly observation: Observation;
  readonly reason: string;
}

/**
 * A receipt window that closed: no receipt came in time, so the message is final as it stands. Not
 * a decision on an observation: the log's receipt clock passed the window's end.
 */
export interface Closed {
  readonly kind: 'closed';
  readonly rule: 'window-closed';
  readonly messageId: string;
  /** The change record to write: the state kept, `final` with reason `window-closed`. */
  readonly change: StatusChangeRecord;
  /** The state record of the message now. */
  readonly state: MessageState;
}

/** What ingesting a raw event gives, one per item. */
export type IngestOutcome = Observed | Ignored | Invalid;
/** What projecting an observation gives. */
export type ProjectOutcome = Accepted | Passed | Conflict | Expired;
/** Everything the core can say of an input, and of the clock: the one vocabulary of the ingestor, the projector, replay and the metrics. */
export type Outcome = IngestOutcome | ProjectOutcome | Closed;
export type OutcomeKind = Outcome['kind'];
