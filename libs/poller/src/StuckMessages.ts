import type { Status } from '@msgstatus/status-machine';

export interface StuckPolicy {
  /** How long a message may stay in one of `stuckStates` before it is polled. */
  readonly stuckAfterMs: number;
  readonly stuckStates: ReadonlySet<Status>;
  /** Polls of one message in one state before giving up on it (the provider may never know more). */
  readonly maxPolls: number;
  /** The providers that can be polled; other messages are not tracked. */
  readonly providers: ReadonlySet<string>;
}

export interface TrackedMessage {
  readonly messageId: string;
  readonly provider: string;
  readonly providerMessageId: string;
  /** The provider account it was sent from, when a payload named it. */
  readonly account: string | null;
  /** The channel of each attempt. */
  readonly channels: ReadonlyArray<string | null>;
  readonly state: Status;
  readonly version: number;
  /** When the message entered its state (ms). */
  readonly since: number;
  readonly polls: number;
  readonly nextPollAt: number;
}

/**
 * The messages that may get stuck, by their latest state: polled once `stuckAfterMs` passed in a
 * stuck state, then again after twice as long each time, at most `maxPolls` times. A new state
 * (from a callback or from a poll's answer) starts the clock again or ends the tracking.
 */
export class StuckMessages {
  readonly #tracked = new Map<string, TrackedMessage>();
  readonly #policy: StuckPolicy;

  constructor(policy: StuckPolicy) {
    this.#policy = policy;
  }

  get size(): number {
    return this.#tracked.size;
  }

  /** A message's latest state, written at `at` (ms); null for a deleted message (a tombstone). */
  observe(
    messageId: string,
    latest: {
      readonly state: Status;
      readonly version: number;
      readonly account?: string | undefined;
      readonly channels?: ReadonlyArray<string | null>;
      readonly final?: boolean | undefined;
    } | null,
    at: number,
  ): void {
    const separator = messageId.indexOf(':');
    const provider = messageId.slice(0, separator);
    // A final message changes no more: whatever its provider answered would be refused (after-final).
    if (latest === null || latest.final === true || separator < 0 || !this.#policy.providers.has(provider) || !this.#policy.stuckStates.has(latest.state)) {
      this.#tracked.delete(messageId);
      return;
    }
    const known = this.#tracked.get(messageId);
    if (known !== undefined && known.version >= latest.version) return;
    this.#tracked.set(messageId, {
      messageId,
      provider,
      providerMessageId: messageId.slice(separator + 1),
      account: latest.account ?? null,
      channels: latest.channels ?? [],
      state: latest.state,
      version: latest.version,
      since: at,
      polls: 0,
      nextPollAt: at + this.#policy.stuckAfterMs,
    });
  }

  /** The messages due for a poll at `now`, longest waiting first. */
  due(now: number, limit = Number.POSITIVE_INFINITY): TrackedMessage[] {
    const due = [...this.#tracked.values()].filter((message) => message.nextPollAt <= now);
    return due.sort((a, b) => a.nextPollAt - b.nextPollAt).slice(0, limit);
  }

  /** Records a poll at `now`; returns false when the message had its last one and is let go. */
  polled(messageId: string, now: number): boolean {
    const message = this.#tracked.get(messageId);
    if (message === undefined) return false;
    const polls = message.polls + 1;
    if (polls >= this.#policy.maxPolls) {
      this.#tracked.delete(messageId);
      return false;
    }
    this.#tracked.set(messageId, { ...message, polls, nextPollAt: now + this.#policy.stuckAfterMs * 2 ** polls });
    return true;
  }
}
