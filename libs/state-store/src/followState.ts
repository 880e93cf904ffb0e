import type { KafkaRecordLike, MessageState } from '@msgstatus/canonical';
import { followPartitions, type KafkaAdmin, type KafkaClient, type KafkaError, type Placement } from '@msgstatus/kafka';
import * as Effect from 'effect/Effect';
import * as Runtime from 'effect/Runtime';
import type * as Scope from 'effect/Scope';
import { StateCopies } from './StateCopies.js';

/** One state record applied: a message's new state, or null when it was removed. */
export interface StateApplied {
  readonly partition: number;
  readonly messageId: string;
  readonly state: MessageState | null;
  /** The record's timestamp (ms). */
  readonly timestamp: number;
}

export interface FollowStateOptions {
  /** Keep each message's state (default): lookups and takeovers need it; a watcher that keeps its own index does not. */
  readonly keepStates?: boolean;
  /** Told of every record applied, in offset order within a partition. */
  readonly onApplied?: (applied: StateApplied) => void;
}

/** A message's state as a copy holds it, and how far behind the state topic that copy is. */
export interface HeldState {
  readonly state: MessageState;
  /** Records of its partition the copy has not read yet, as of its last fetch. */
  readonly lag: number;
}

/** The state topic, followed for a set of partitions that changes. */
export interface StateStore {
  /** Follows these partitions too, from their beginning (those held already go on). */
  readonly hold: (partitions: ReadonlyArray<number>) => Effect.Effect<void, KafkaError>;
  /** Stops following these partitions and forgets their states. */
  readonly release: (partitions: ReadonlyArray<number>) => Effect.Effect<void>;
  /** Holds these partitions and waits until everything committed to them before the call is applied. */
  readonly catchUp: (partitions: ReadonlyArray<number>) => Effect.Effect<void, KafkaError>;
  /**
   * Catches up once every transaction that wrote to these partitions before the call is over: what
   * a new owner needs after reading the group's offsets, whose commit may not have reached the state
   * topic yet.
   */
  readonly settle: (partitions: ReadonlyArray<number>) => Effect.Effect<void, KafkaError>;
  readonly held: () => ReadonlyArray<number>;
  /** The state of a message of a held partition; null when the partition is not held. */
  readonly get: (partition: number, messageId: string) => HeldState | undefined | null;
  readonly statesOf: (partition: number) => Iterable<MessageState>;
  readonly lag: (partition: number) => number | null;
  /** Messages held over all partitions. */
  readonly size: () => number;
  /** State records that could not be read, since the start. */
  readonly badRecords: () => number;
  /** Tells `listener` of every record applied from now on, until the returned function is called. */
  readonly watch: (listener: (applied: StateApplied) => void) => () => void;
}

/**
 * Follows the compacted state topic `topic` (`read_committed`, so a state is there only once the
 * transaction that wrote it committed) and keeps each held message's latest state. A record it
 * cannot read is counted and logged with its reason and place; it never stops the follower. The
 * one reader of the state topic: the projector restores and keeps standbys from it, the lookup
 * API answers from it, the poller watches it.
 */
export const followState = (topic: string, options: FollowStateOptions = {}): Effect.Effect<StateStore, KafkaError, KafkaClient | KafkaAdmin | Scope.Scope> =>
  Effect.gen(function* () {
    const runtime = yield* Effect.runtime<never>();
    const copies = new StateCopies({ keep: options.keepStates ?? true });
    const listeners = new Set<(applied: StateApplied) => void>();
    if (options.onApplied !== undefined) listeners.add(options.onApplied);
    const tell = (partition: number) =>
      listeners.size === 0
        ? undefined
        : (messageId: string, state: MessageState | null, record: KafkaRecordLike) => {
            const applied = { partition, messageId, state, timestamp: Number(record.timestamp) };
            for (const listener of listeners) listener(applied);
          };
    let bad = 0;
    const follower = yield* followPartitions(topic, ({ partition, records }) => {
      const unread = copies.apply(partition, records, tell(partition));
      bad += unread.length;
      for (const { reason, offset } of unread) {
        Runtime.runSync(runtime)(Effect.logWarning('state record skipped').pipe(Effect.annotateLogs({ topic, partition, offset, reason })));
      }
    });
    return {
      hold: follower.follow,
      release: (partitions) => Effect.zipRight(follower.unfollow(partitions), Effect.sync(() => partitions.forEach((partition) => copies.drop(partition)))),
      catchUp: follower.catchUp,
      settle: follower.settle,
      held: follower.followed,
      get: (partition, messageId) => {
        const lag = follower.lag(partition);
        if (lag === null) return null;
        const state = copies.get(partition, messageId);
        return state === undefined ? undefined : { state, lag };
      },
      statesOf: (partition) => copies.statesOf(partition),
      lag: follower.lag,
      size: () => copies.size,
      badRecords: () => bad,
      watch: (listener) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    } satisfies StateStore;
  });

/** What one instance holds, after an assignment: the lookup API routes by it. */
export interface Holding {
  /** The partitions this instance processes. */
  readonly active: ReadonlyArray<number>;
  /** The partitions whose state it keeps warm for another instance. */
  readonly standby: ReadonlyArray<number>;
  /** Every partition's holders, by endpoint, as the group's last assignment placed them; null before one, or when no standby assignor placed them. */
  readonly placement: Placement | null;
}
