import {
  changeRecordOf,
  closureRecordOf,
  defaultStateRetentionMs,
  messageIdParts,
  type Anomaly,
  type MessageState,
  type Observation,
  type ReceiptWindowSettings,
  type StatusChangeRecord,
} from '@msgstatus/canonical';
import { closeWindow, decide as decideByMachine, finalReason, type DecisionRule, type MessageStatus } from '@msgstatus/status-machine';
import type { Accepted, Closed, Passed, ProjectOutcome } from './Outcome.js';
import { ReceiptRules } from './ReceiptRules.js';

/**
 * What is known of a message: the machine's memory, the provider account when a payload named it,
 * and the sender's reference when a payload carried one.
 */
export type KnownMessage = MessageStatus & { readonly account?: string; readonly clientRef?: string };

type Shape = Omit<KnownMessage, 'version' | 'clientRef'>;

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
const isoOfSeconds = (seconds: number) => new Date(clockOrigin + seconds * 1000).toISOString();

export interface ProjectionOptions {
  /**
   * How long, in receipt time, a final message is kept after its last change (default 30 days).
   * Decisions depend on it, so replay and the projector must be given the same.
   */
  readonly stateRetentionMs?: number;
  /**
   * The receipt windows over the providers' defaults, or off (`MSGSTATUS_RECEIPT_WINDOWS`).
   * Decisions depend on them too.
   */
  readonly receiptWindows?: ReceiptWindowSettings;
}

const defaultRules = new ReceiptRules();

/**
 * What an observation means for a message, given what is known of it (`known`, undefined when
 * nothing is): the decide of event sourcing. Pure: the same arguments give the same outcome. An
 * unknown message's observation that happened a retention or more before it was received is
 * Expired; everything else is the machine's decision, with what its consumers need (the change
 * record and the new state; a conflict's anomaly with both facts).
 */
export function decide(
  known: KnownMessage | undefined,
  observation: Observation,
  retentionMs: number = defaultStateRetentionMs,
  rules: ReceiptRules = defaultRules,
): ProjectOutcome {
  if (known === undefined && millisOf(observation.observedAt) - millisOf(observation.occurredAt) >= retentionMs) {
    const reason = `${observation.messageId} is not known and its ${observation.state} happened at ${observation.occurredAt}, received ${observation.observedAt}: longer ago than the state retention, so it may belong to a message removed after it ended`;
    return { kind: 'expired', rule: 'expired', observation, reason };
  }
  const decision = decideByMachine(known, observation, rules.finality(observation.provider));
  switch (decision.kind) {
    case 'accepted': {
      const account = observation.account ?? known?.account;
      const clientRef = observation.clientRef ?? known?.clientRef;
      const status: KnownMessage = withRefs(decision.status, account, clientRef);
      return new AcceptedOutcome(decision.rule, observation, changeRecordOf(observation, decision.change, clientRef), status);
    }
    case 'conflict': {
      const anomaly: Anomaly = {
        messageId: observation.messageId,
        rule: decision.rule as Anomaly['rule'],
        reason: decision.reason,
        known: stateRecordOf(observation.messageId, known!),
        observation,
      };
      return { kind: 'conflict', rule: decision.rule, observation, reason: decision.reason, anomaly };
    }
    default:
      return new PassedOutcome(decision.kind as 'duplicate' | 'stale', decision, observation);
  }
}

const withRefs = (status: MessageStatus, account: string | undefined, clientRef: string | undefined): KnownMessage =>
  account === undefined && clientRef === undefined
    ? status
    : { ...status, ...(account === undefined ? {} : { account }), ...(clientRef === undefined ? {} : { clientRef }) };

/** The state record of a message (docs/contract.md section 8), fields in the schema's order; an anomaly's `known` has no `changedAt`. */
function stateRecordOf(messageId: string, status: KnownMessage, changedAt?: string): MessageState {
  const { state, detail, attempt, channels, version, account, clientRef } = status;
  const final = status.final ?? null;
  const record: MessageState = { messageId, state, detail, attempt, channels: [...channels], version };
  if (account !== undefined) record.account = account;
  if (changedAt !== undefined) record.changedAt = changedAt;
  record.final = final !== null;
  record.finalReason = final;
  if (clientRef !== undefined) record.clientRef = clientRef;
  return record;
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
    return stateRecordOf(this.observation.messageId, this.status, this.observation.observedAt);
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
 * outcome, and closes the receipt windows the log's receipt clock has passed. The one place the
 * projector and replay decide. State is a cache of the log: the same log gives the same outcomes,
 * whatever was restored first.
 */
export class Projection {
  readonly #statuses = new Map<string, number | KnownMessage>();
  readonly #shapes: Shape[] = [];
  readonly #shapeIndex = new Map<string, number>();
  /** Senders' references, apart from the shapes: each is one message's own. */
  readonly #clientRefs = new Map<string, string>();
  /** When each final message last changed (seconds, see clockOrigin), oldest change first. */
  readonly #endedAt = new Map<string, number>();
  /** Messages that are not final, by receipt window (seconds): when each last changed, oldest first. */
  readonly #open = new Map<number, Map<string, number>>();
  readonly #retentionMs: number;
  readonly #rules: ReceiptRules;
  /** Messages forgotten since `takeRemoved` was last called. */
  #removed: string[] = [];
  /** Windows closed since `takeClosed` was last called, in the order they closed. */
  #closed: Closed[] = [];
  /** The latest receipt time restored (ms) and seen (text): the clock that closes windows and removes final messages. */
  #clock = Number.NEGATIVE_INFINITY;
  #latestReceipt = '';
  /** The receipt minute windows were last swept at: the sweep runs once a minute of receipt time. */
  #sweptMinute = '';

  constructor(options: ProjectionOptions = {}) {
    this.#retentionMs = options.stateRetentionMs ?? defaultStateRetentionMs;
    this.#rules = options.receiptWindows === undefined ? defaultRules : new ReceiptRules(options.receiptWindows);
  }

  /**
   * Decides an observation and evolves the state by the outcome. The rules of time depend on the
   * observation's own receipt time and the message's, never on the wall clock; when a sweep ran
   * matters only for receipts out of order by more than 1% of a window, so replay and the projector
   * (a clock per partition each) decide alike:
   * - an open message whose window ended at or before this receipt is closed first (`takeClosed`
   *   gives its change), and the observation is decided against the final message;
   * - a final message whose last change was received a retention or more before this observation
   *   counts as removed (it may be removed already), and `decide` then sees an unknown message.
   * Windows the clock passed by 1% more than their length are closed too, for messages that
   * receive nothing more.
   */
  project(observation: Observation): ProjectOutcome {
    const { messageId, observedAt } = observation;
    // Canonical times (ISO UTC, milliseconds) order as text: no parse on the hot path.
    if (observedAt > this.#latestReceipt) {
      this.#latestReceipt = observedAt;
      // The minute is the first 16 characters (2026-01-05T10:00): a sweep at most once a minute.
      if (this.#sweptMinute === '' || !observedAt.startsWith(this.#sweptMinute)) this.#sweep(observedAt);
    }
    let known = this.get(messageId);
    // Parsed once: the windows and the retention measure in it, and evolve notes it.
    const receivedAt = secondsOf(millisOf(observedAt));
    if (known !== undefined) {
      if (known.final == null) {
        const closesAt = this.#closesAt(messageId, observation.provider, known);
        if (closesAt !== undefined && receivedAt >= closesAt) known = this.#close(messageId, known, closesAt);
      }
      if (known.final != null && this.#endedLongBefore(messageId, receivedAt)) {
        this.#forget(messageId);
        known = undefined;
      }
    }
    const outcome = decide(known, observation, this.#retentionMs, this.#rules);
    if (outcome.kind === 'accepted') this.#evolve(outcome, known, receivedAt);
    return outcome;
  }

  /** The evolve of event sourcing: only an accepted observation changes what is known; `receivedAt` in seconds. */
  #evolve(outcome: Accepted, known: KnownMessage | undefined, receivedAt: number): void {
    const { messageId, provider } = outcome.observation;
    const { status } = outcome;
    this.#statuses.set(messageId, this.#pack(status));
    if (status.clientRef !== undefined) this.#clientRefs.set(messageId, status.clientRef);
    if (known !== undefined && known.final == null) this.#windowOf(provider, known)?.delete(messageId);
    if (status.final != null) {
      this.#noteEnd(messageId, receivedAt);
      return;
    }
    // Not final any more (a state record restored without its finality), or open still: its window runs from now.
    if (known !== undefined && known.final != null) this.#endedAt.delete(messageId);
    this.#openWindow(messageId, provider, status, receivedAt);
  }

  #windowSeconds(provider: string, status: KnownMessage): number | null {
    const ms = this.#rules.windowMs(provider, status.channels[status.attempt - 1]);
    return ms === null ? null : Math.ceil(ms / 1000);
  }

  #windowOf(provider: string, status: KnownMessage): Map<string, number> | undefined {
    const window = this.#windowSeconds(provider, status);
    return window === null ? undefined : this.#open.get(window);
  }

  #openWindow(messageId: string, provider: string, status: KnownMessage, changedAt: number): void {
    const window = this.#windowSeconds(provider, status);
    if (window === null) return;
    let open = this.#open.get(window);
    if (open === undefined) this.#open.set(window, (open = new Map()));
    open.set(messageId, changedAt);
  }

  /** When an open message's window ends (seconds), if it has one. */
  #closesAt(messageId: string, provider: string, known: KnownMessage): number | undefined {
    const window = this.#windowSeconds(provider, known);
    if (window === null) return undefined;
    const changedAt = this.#open.get(window)?.get(messageId);
    return changedAt === undefined ? undefined : changedAt + window;
  }

  /** Closes an open message's window at `closesAt` (seconds): one more change, the state kept, final. */
  #close(messageId: string, known: KnownMessage, closesAt: number): KnownMessage {
    const { provider } = messageIdParts(messageId);
    this.#windowOf(provider, known)?.delete(messageId);
    const closure = closeWindow(known, this.#rules.finality(provider));
    if (closure === null) return known;
    const status = withRefs(closure.status, known.account, known.clientRef);
    this.#statuses.set(messageId, this.#pack(status));
    this.#noteEnd(messageId, closesAt);
    const closedAt = isoOfSeconds(closesAt);
    const change = closureRecordOf(messageId, closure.change, closedAt, known.clientRef);
    this.#closed.push({ kind: 'closed', rule: 'window-closed', messageId, change, state: stateRecordOf(messageId, status, closedAt) });
    return status;
  }

  /** Closes every window the clock has passed by 1% more than its length. Costs only what it closes. */
  #sweep(receipt: string): void {
    this.#sweptMinute = receipt.slice(0, 16);
    if (this.#open.size === 0) return;
    const clock = secondsOf(Math.max(this.#clock, millisOf(receipt)));
    for (const [window, open] of this.#open) {
      const horizon = clock - window - Math.ceil(window / 100);
      for (const [messageId, changedAt] of open) {
        if (changedAt > horizon) break;
        const known = this.get(messageId);
        if (known === undefined || known.final != null) open.delete(messageId);
        else this.#close(messageId, known, changedAt + window);
      }
    }
  }

  /**
   * Closes every window the receipt clock has passed (by 1% more than its length) now, not at the
   * next minute of receipt time: the projector calls it at the end of each batch and replay at the end
   * of its input, so both have closed the same windows once they have read the same log.
   */
  closeDue(): void {
    if (this.#latestReceipt !== '') this.#sweep(this.#latestReceipt);
  }

  /**
   * The windows closed since the last call, in the order they closed: each a change record to
   * write before the outcome of the observation just projected, and the message's new state.
   */
  takeClosed(): Closed[] {
    if (this.#closed.length === 0) return noClosures;
    const closed = this.#closed;
    this.#closed = [];
    return closed;
  }

  /**
   * Forgets the messages that became final a retention (and 1% more, for receipt times a little
   * out of order) before the latest receipt time seen; returns them with those forgotten on
   * access since the last call, for tombstones. Costs only what it removes. A closed window is
   * noted at its end, which can be older than messages noted before it: it then leaves with them,
   * up to 1% of its window (or a quiet partition's pause) late, never early.
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

  /** When the message last changed (ms since the epoch), if it is final. */
  endedAt(messageId: string): number | undefined {
    const seconds = this.#endedAt.get(messageId);
    return seconds === undefined ? undefined : clockOrigin + seconds * 1000;
  }

  #endedLongBefore(messageId: string, receivedAt: number): boolean {
    const endedAt = this.#endedAt.get(messageId);
    return endedAt !== undefined && receivedAt - endedAt >= Math.ceil(this.#retentionMs / 1000);
  }

  #noteEnd(messageId: string, changedAt: number): void {
    // Deleted and set again, so the map stays in order of change: removeEnded stops at the first young one.
    this.#endedAt.delete(messageId);
    this.#endedAt.set(messageId, changedAt);
  }

  #forget(messageId: string): void {
    this.#statuses.delete(messageId);
    this.#endedAt.delete(messageId);
    this.#clientRefs.delete(messageId);
    this.#removed.push(messageId);
  }

  get(messageId: string): KnownMessage | undefined {
    const kept = this.#statuses.get(messageId);
    if (typeof kept !== 'number') return kept;
    const shape = this.#shapes[Math.floor(kept / versionLimit)]!;
    const { state, detail, attempt, channels, account, final } = shape;
    const version = kept % versionLimit;
    const clientRef = this.#clientRefs.size === 0 ? undefined : this.#clientRefs.get(messageId);
    const status: KnownMessage = { state, detail, attempt, channels, version, final };
    return account === undefined && clientRef === undefined ? status : withRefs(status, account, clientRef);
  }

  /**
   * Puts back a message's status from a snapshot (the projector's state topic), with the receipt
   * time of its last change. A status without `final` (written before it existed) takes its
   * finality from its state. Call `restored` once all are back.
   */
  restore(messageId: string, status: KnownMessage, changedAt: number): void {
    const { provider } = messageIdParts(messageId);
    const final = finalReason(status, this.#rules.finality(provider));
    const known: KnownMessage = status.final === final ? status : { ...status, final };
    const previous = this.get(messageId);
    if (previous !== undefined && previous.final == null) this.#windowOf(provider, previous)?.delete(messageId);
    this.#statuses.set(messageId, this.#pack(known));
    if (known.clientRef !== undefined) this.#clientRefs.set(messageId, known.clientRef);
    else this.#clientRefs.delete(messageId);
    this.#endedAt.delete(messageId);
    const changed = secondsOf(changedAt);
    if (final !== null) this.#noteEnd(messageId, changed);
    else this.#openWindow(messageId, provider, known, changed);
    if (changedAt > this.#clock) this.#clock = changedAt;
  }

  /** Forgets a message, as a tombstone on the state topic says. */
  remove(messageId: string): void {
    const known = this.get(messageId);
    if (known !== undefined && known.final == null) this.#windowOf(messageIdParts(messageId).provider, known)?.delete(messageId);
    this.#statuses.delete(messageId);
    this.#endedAt.delete(messageId);
    this.#clientRefs.delete(messageId);
  }

  /** After a restore: final and open messages in order of their last change, as the sweeps need them. */
  restored(): void {
    const byChange = (map: Map<string, number>) => {
      const sorted = [...map].sort(([, a], [, b]) => a - b);
      map.clear();
      for (const [messageId, at] of sorted) map.set(messageId, at);
    };
    byChange(this.#endedAt);
    for (const open of this.#open.values()) byChange(open);
  }

  /** Messages known: open ones and final ones not yet removed. */
  get size(): number {
    return this.#statuses.size;
  }

  /** Messages final and not yet removed. */
  get finalCount(): number {
    return this.#endedAt.size;
  }

  /** Messages not final, waiting for a receipt within their window. */
  get openCount(): number {
    let count = 0;
    for (const open of this.#open.values()) count += open.size;
    return count;
  }

  #pack(status: KnownMessage): number | KnownMessage {
    if (status.version >= versionLimit) return status;
    const final = status.final ?? null;
    const key = `${status.state}|${status.detail}|${status.attempt}|${final}|${status.account ?? '\u0001'}|${status.channels.map((channel) => channel ?? '\u0000').join('|')}`;
    let index = this.#shapeIndex.get(key);
    if (index === undefined) {
      if (this.#shapes.length >= shapeLimit) return status;
      index = this.#shapes.length;
      const { state, detail, attempt, account } = status;
      this.#shapes.push(Object.freeze({ state, detail, attempt, channels: Object.freeze([...status.channels]), final, ...(account === undefined ? {} : { account }) }));
      this.#shapeIndex.set(key, index);
    }
    return index * versionLimit + status.version;
  }
}

const noClosures: Closed[] = [];
