import { changeRecordOf, type Observation, type StatusChangeRecord } from '@msgstatus/canonical';
import { decide, isFailure, type Decision, type MessageStatus, type Status } from '@msgstatus/status-machine';

/**
 * An observation of a message that is not known and that happened longer than the state retention
 * before it was received: it cannot be told from a late receipt of a message removed after it
 * ended, so it is not applied (it would start that message again at version 1). Counted.
 */
export interface Expired {
  readonly kind: 'expired';
  readonly rule: 'expired';
  readonly reason: string;
}

export type ProjectionDecision = Decision | Expired;

export interface ProjectionStep {
  readonly decision: ProjectionDecision;
  /** The change record to emit, when the observation was accepted. */
  readonly record: StatusChangeRecord | null;
}

type Shape = Omit<MessageStatus, 'version'>;

// A status is kept as one small integer where it can be: the index of its shape (state, detail,
// attempt, channels: a few hundred distinct ones in real traffic, shared by millions of messages)
// times 2^20, plus its version. V8 stores such integers in the map entry itself, so a message costs
// its id and a map entry, about 100 bytes (docs/benchmarks.md). Rare statuses that do not fit
// (a 2,049th shape, a version of a million) are kept as objects.
const versionLimit = 1 << 20;
const shapeLimit = 1 << 11;

/** How long an ended message is kept after its last change, unless told otherwise: 30 days. */
export const defaultStateRetentionMs = 30 * 24 * 60 * 60 * 1000;
// End times are kept as seconds since 2020 (small integers, stored in the map entry) until 2054.
const clockOrigin = Date.UTC(2020, 0, 1);
const secondsOf = (ms: number) => Math.floor((ms - clockOrigin) / 1000);
const millisOf = (iso: string) => Date.parse(iso);
/** Read, or a failure: nothing but a later attempt moves it, and none comes weeks later. */
export const hasEnded = (state: Status): boolean => state === 'read' || isFailure(state);

export interface StatusProjectionOptions {
  /**
   * How long, in receipt time, a message that has ended is kept after its last change (default
   * 30 days). Decisions depend on it, so replay and the projector must be given the same.
   */
  readonly stateRetentionMs?: number;
}

/**
 * The latest status of every message, folded from observations in log order: the one place the
 * replay CLI and the projector decide. State is a cache of the log: the same log gives the same
 * records, whatever was restored first.
 */
export class StatusProjection {
  readonly #statuses = new Map<string, number | MessageStatus>();
  readonly #shapes: Shape[] = [];
  readonly #shapeIndex = new Map<string, number>();
  /** When each ended message last changed (seconds, see clockOrigin), oldest change first. */
  readonly #endedAt = new Map<string, number>();
  readonly #retentionMs: number;
  /** Messages forgotten since `takeRemoved` was last called. */
  #removed: string[] = [];
  /** The latest receipt time seen (ms): the clock that removes ended messages. */
  #clock = Number.NEGATIVE_INFINITY;

  constructor(options: StatusProjectionOptions = {}) {
    this.#retentionMs = options.stateRetentionMs ?? defaultStateRetentionMs;
  }

  /**
   * Decides an observation and applies it when accepted. The retention rules depend only on the
   * observation's own times and the message's, never on the wall clock or on when `removeEnded`
   * ran, so replay and any partitioning of the projector decide alike:
   * - a message that has ended and whose last change was received a retention or more before
   *   this observation counts as removed (it may be removed already);
   * - an observation of a message not known, which happened a retention or more before it was
   *   received, is Expired.
   */
  apply(observation: Observation): ProjectionStep {
    const observedAt = millisOf(observation.observedAt);
    if (observedAt > this.#clock) this.#clock = observedAt;
    let current = this.get(observation.messageId);
    if (current !== undefined && this.#endedLongBefore(observation.messageId, observedAt)) {
      this.#forget(observation.messageId);
      current = undefined;
    }
    if (current === undefined && observedAt - millisOf(observation.occurredAt) >= this.#retentionMs) {
      const reason = `${observation.messageId} is not known and its ${observation.state} happened at ${observation.occurredAt}, received ${observation.observedAt}: longer ago than the state retention, so it may belong to a message removed after it ended`;
      return { decision: { kind: 'expired', rule: 'expired', reason }, record: null };
    }
    const decision = decide(current, observation);
    if (decision.kind !== 'accepted') return { decision, record: null };
    this.#statuses.set(observation.messageId, this.#pack(decision.status));
    this.#noteChange(observation.messageId, decision.status.state, observedAt);
    return { decision, record: changeRecordOf(observation, decision.change) };
  }

  /**
   * Forgets the messages that ended a retention (and 1% more, for receipt times a little out of
   * order) before the latest receipt time seen; returns them with those forgotten on access since
   * the last call, for tombstones. Costs only what it removes.
   */
  removeEnded(): string[] {
    const horizon = secondsOf(this.#clock - this.#retentionMs * 1.01);
    for (const [messageId, endedAt] of this.#endedAt) {
      if (endedAt > horizon) break;
      this.#forget(messageId);
    }
    const removed = this.#removed;
    this.#removed = [];
    return removed;
  }

  /** When the message last changed (ms since the epoch), if it has ended. */
  endedAt(messageId: string): number | undefined {
    const seconds = this.#endedAt.get(messageId);
    return seconds === undefined ? undefined : clockOrigin + seconds * 1000;
  }

  #endedLongBefore(messageId: string, observedAt: number): boolean {
    const endedAt = this.#endedAt.get(messageId);
    return endedAt !== undefined && secondsOf(observedAt) - endedAt >= Math.ceil(this.#retentionMs / 1000);
  }

  #noteChange(messageId: string, state: Status, changedAt: number): void {
    // Deleted and set again, so the map stays in order of change: removeEnded stops at the first young one.
    this.#endedAt.delete(messageId);
    if (hasEnded(state)) this.#endedAt.set(messageId, secondsOf(changedAt));
  }

  #forget(messageId: string): void {
    this.#statuses.delete(messageId);
    this.#endedAt.delete(messageId);
    this.#removed.push(messageId);
  }

  get(messageId: string): MessageStatus | undefined {
    const kept = this.#statuses.get(messageId);
    if (typeof kept !== 'number') return kept;
    const shape = this.#shapes[Math.floor(kept / versionLimit)]!;
    return { state: shape.state, detail: shape.detail, attempt: shape.attempt, channels: shape.channels, version: kept % versionLimit };
  }

  /**
   * Puts back a message's status from a snapshot (the projector's state topic), with the receipt
   * time of its last change. Call `restored` once all are back.
   */
  restore(messageId: string, status: MessageStatus, changedAt: number): void {
    this.#statuses.set(messageId, this.#pack(status));
    this.#noteChange(messageId, status.state, changedAt);
    if (changedAt > this.#clock) this.#clock = changedAt;
  }

  /** Forgets a message, as a tombstone on the state topic says. */
  remove(messageId: string): void {
    this.#statuses.delete(messageId);
    this.#endedAt.delete(messageId);
  }

  /** After a restore: ended messages in order of their last change, as removeEnded needs them. */
  restored(): void {
    const byChange = [...this.#endedAt].sort(([, a], [, b]) => a - b);
    this.#endedAt.clear();
    for (const [messageId, endedAt] of byChange) this.#endedAt.set(messageId, endedAt);
  }

  get size(): number {
    return this.#statuses.size;
  }

  #pack(status: MessageStatus): number | MessageStatus {
    if (status.version >= versionLimit) return status;
    const key = `${status.state}|${status.detail}|${status.attempt}|${status.channels.map((channel) => channel ?? '\u0000').join('|')}`;
    let index = this.#shapeIndex.get(key);
    if (index === undefined) {
      if (this.#shapes.length >= shapeLimit) return status;
      index = this.#shapes.length;
      this.#shapes.push(Object.freeze({ state: status.state, detail: status.detail, attempt: status.attempt, channels: Object.freeze([...status.channels]) }));
      this.#shapeIndex.set(key, index);
    }
    return index * versionLimit + status.version;
  }
}
