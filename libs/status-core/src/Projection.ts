import { changeRecordOf, defaultStateRetentionMs, type Anomaly, type MessageState, type Observation, type StatusChangeRecord } from '@msgstatus/canonical';
import { decide as decideByMachine, isFailure, type DecisionRule, type MessageStatus, type Status } from '@msgstatus/status-machine';
import type { Accepted, Passed, ProjectOutcome } from './Outcome.js';

/** What is known of a message: the machine's memory, and the provider account when a payload named it. */
export type KnownMessage = MessageStatus & { readonly account?: string };

type Shape = Omit<KnownMessage, 'version'>;

// A status is kept as one small integer where it can be: the index of its shape (state, detail,
// attempt, channels: a few hundred distinct ones in real traffic, shared by millions of messages)
// times 2^20, plus its version. V8 stores such integers in the map entry itself, so a message costs
// its id and a map entry, about 100 bytes (docs/benchmarks.md). Rare statuses that do not fit
// (a 2,049th shape, a version of a million) are kept as objects.
const versionLimit = 1 << 20;
const shapeLimit = 1 << 11;

// End times are kept as seconds since 2020 (small integers, stored in the map entry) until 2054.
const clockOrigin = Date.UTC(2020, 0, 1);
const secondsOf = (ms: number) => Math.floor((ms - clockOrigin) / 1000);
const millisOf = (iso: string) => Date.parse(iso);
/** Read, or a failure: nothing but a later attempt moves it, and none comes weeks later. */
export const hasEnded = (state: Status): boolean => state === 'read' || isFailure(state);

export interface ProjectionOptions {
  /**
   * How long, in receipt time, a message that has ended is kept after its last change (default
   * 30 days). Decisions depend on it, so replay and the projector must be given the same.
   */
  readonly stateRetentionMs?: number;
}

/**
 * What an observation means for a message, given what is known of it (`known`, undefined when
 * nothing is): the decide of event sourcing. Pure: the same arguments give the same outcome. An
 * unknown message's observation that happened a retention or more before it was received is
 * Expired; everything else is the machine's decision, with what its consumers need (the change
 * record and the new state; a conflict's anomaly with both facts).
 */
export function decide(known: KnownMessage | undefined, observation: Observation, retentionMs: number = defaultStateRetentionMs): ProjectOutcome {
  if (known === undefined && millisOf(observation.observedAt) - millisOf(observation.occurredAt) >= retentionMs) {
    const reason = `${observation.messageId} is not known and its ${observation.state} happened at ${observation.occurredAt}, received ${observation.observedAt}: longer ago than the state retention, so it may belong to a message removed after it ended`;
    return { kind: 'expired', rule: 'expired', observation, reason };
  }
  const decision = decideByMachine(known, observation);
  switch (decision.kind) {
    case 'accepted': {
      const account = observation.account ?? known?.account;
      const status: KnownMessage = account === undefined ? decision.status : { ...decision.status, account };
      return new AcceptedOutcome(decision.rule, observation, changeRecordOf(observation, decision.change), status);
    }
    case 'conflict': {
      const anomaly: Anomaly = {
        messageId: observation.messageId,
        rule: decision.rule as Anomaly['rule'],
        reason: decision.reason,
        known: { messageId: observation.messageId, ...known!, channels: [...known!.channels] },
        observation,
      };
      return { kind: 'conflict', rule: decision.rule, observation, reason: decision.reason, anomaly };
    }
    default:
      return new PassedOutcome(decision.kind as 'duplicate' | 'stale', decision, observation);
  }
}

/** Accepted, with its state record written only when read: replay never reads it. */
class AcceptedOutcome implements Accepted {
  readonly kind = 'accepted';
  constructor(
    readonly rule: DecisionRule,
    readonly observation: Observation,
    readonly change: StatusChangeRecord,
    readonly status: KnownMessage,
  ) {}

  get state(): MessageState {
    const { state, detail, attempt, channels, version, account } = this.status;
    const [messageId, changedAt] = [this.observation.messageId, this.observation.observedAt];
    const copied = [...channels];
    return account === undefined
      ? { messageId, state, detail, attempt, channels: copied, version, changedAt }
      : { messageId, state, detail, attempt, channels: copied, version, account, changedAt };
  }
}

/** A duplicate or stale observation, its reason written only when read: most traffic is these. */
class PassedOutcome implements Passed {
  constructor(
    readonly kind: 'duplicate' | 'stale',
    readonly decision: { readonly rule: DecisionRule; readonly reason: string },
    readonly observation: Observation,
  ) {}

  get rule(): DecisionRule {
    return this.decision.rule;
  }

  get reason(): string {
    return this.decision.reason;
  }
}

/**
 * The latest status of every message of a log (or of one partition of it), folded from
 * observations in log order: `project` decides each observation and evolves the state by the
 * outcome. The one place the projector and replay decide. State is a cache of the log: the same
 * log gives the same outcomes, whatever was restored first.
 */
export class Projection {
  readonly #statuses = new Map<string, number | KnownMessage>();
  readonly #shapes: Shape[] = [];
  readonly #shapeIndex = new Map<string, number>();
  /** When each ended message last changed (seconds, see clockOrigin), oldest change first. */
  readonly #endedAt = new Map<string, number>();
  readonly #retentionMs: number;
  /** Messages forgotten since `takeRemoved` was last called. */
  #removed: string[] = [];
  /** The latest receipt time restored (ms) and seen (text): the clock that removes ended messages. */
  #clock = Number.NEGATIVE_INFINITY;
  #latestReceipt = '';

  constructor(options: ProjectionOptions = {}) {
    this.#retentionMs = options.stateRetentionMs ?? defaultStateRetentionMs;
  }

  /**
   * Decides an observation and evolves the state by the outcome. The retention rules depend only
   * on the observation's own times and the message's, never on the wall clock or on when
   * `removeEnded` ran, so replay and any partitioning of the projector decide alike: a message
   * that has ended, whose last change was received a retention or more before this observation,
   * counts as removed (it may be removed already), and `decide` then sees an unknown message.
   */
  project(observation: Observation): ProjectOutcome {
    // Canonical times (ISO UTC, milliseconds) order as text: no parse on the hot path.
    if (observation.observedAt > this.#latestReceipt) this.#latestReceipt = observation.observedAt;
    let known = this.get(observation.messageId);
    // Times are parsed only where a rule needs them: for messages that have ended, and in evolve
    // for changes that end one.
    if (known !== undefined && hasEnded(known.state) && this.#endedLongBefore(observation.messageId, millisOf(observation.observedAt))) {
      this.#forget(observation.messageId);
      known = undefined;
    }
    const outcome = decide(known, observation, this.#retentionMs);
    if (outcome.kind === 'accepted') this.#evolve(outcome, known !== undefined && hasEnded(known.state));
    return outcome;
  }

  /** The evolve of event sourcing: only an accepted observation changes what is known. */
  #evolve(outcome: Accepted, wasEnded: boolean): void {
    const { messageId, observedAt } = outcome.observation;
    this.#statuses.set(messageId, this.#pack(outcome.status));
    if (hasEnded(outcome.status.state)) {
      this.#noteEnd(messageId, millisOf(observedAt));
    } else if (wasEnded) {
      // A later attempt after a failure: the message has not ended any more.
      this.#endedAt.delete(messageId);
    }
  }

  /**
   * Forgets the messages that ended a retention (and 1% more, for receipt times a little out of
   * order) before the latest receipt time seen; returns them with those forgotten on access since
   * the last call, for tombstones. Costs only what it removes.
   */
  removeEnded(): string[] {
    const clock = this.#latestReceipt === '' ? this.#clock : Math.max(this.#clock, millisOf(this.#latestReceipt));
    const horizon = secondsOf(clock - this.#retentionMs * 1.01);
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

  #noteEnd(messageId: string, changedAt: number): void {
    // Deleted and set again, so the map stays in order of change: removeEnded stops at the first young one.
    this.#endedAt.delete(messageId);
    this.#endedAt.set(messageId, secondsOf(changedAt));
  }

  #forget(messageId: string): void {
    this.#statuses.delete(messageId);
    this.#endedAt.delete(messageId);
    this.#removed.push(messageId);
  }

  get(messageId: string): KnownMessage | undefined {
    const kept = this.#statuses.get(messageId);
    if (typeof kept !== 'number') return kept;
    const shape = this.#shapes[Math.floor(kept / versionLimit)]!;
    const { state, detail, attempt, channels, account } = shape;
    const version = kept % versionLimit;
    return account === undefined ? { state, detail, attempt, channels, version } : { state, detail, attempt, channels, version, account };
  }

  /**
   * Puts back a message's status from a snapshot (the projector's state topic), with the receipt
   * time of its last change. Call `restored` once all are back.
   */
  restore(messageId: string, status: KnownMessage, changedAt: number): void {
    this.#statuses.set(messageId, this.#pack(status));
    this.#endedAt.delete(messageId);
    if (hasEnded(status.state)) {
      this.#noteEnd(messageId, changedAt);
      if (changedAt > this.#clock) this.#clock = changedAt;
    }
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

  #pack(status: KnownMessage): number | KnownMessage {
    if (status.version >= versionLimit) return status;
    const key = `${status.state}|${status.detail}|${status.attempt}|${status.account ?? '\u0001'}|${status.channels.map((channel) => channel ?? '\u0000').join('|')}`;
    let index = this.#shapeIndex.get(key);
    if (index === undefined) {
      if (this.#shapes.length >= shapeLimit) return status;
      index = this.#shapes.length;
      const { state, detail, attempt, account } = status;
      this.#shapes.push(Object.freeze({ state, detail, attempt, channels: Object.freeze([...status.channels]), ...(account === undefined ? {} : { account }) }));
      this.#shapeIndex.set(key, index);
    }
    return index * versionLimit + status.version;
  }
}
