import * as Effect from 'effect/Effect';
import * as Schedule from 'effect/Schedule';
import type { GroupMember } from './consumeBatches.js';
import type { KafkaError } from './KafkaError.js';
import { kafkaCall } from './kafkaCall.js';
import { inSends, topicMessagesOf, type OutgoingRecord } from './records.js';

/** What a transaction offers, as kafkajs's `Transaction` has it. */
export interface TransactionPort {
  sendBatch(batch: { topicMessages: ReturnType<typeof topicMessagesOf>; acks?: number }): Promise<unknown>;
  sendOffsets(offsets: {
    consumerGroupId: string;
    generationId?: number;
    memberId?: string;
    topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
  }): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
  isActive(): boolean;
}

/** The input positions a transaction commits with its outputs. */
export interface ConsumedPositions {
  readonly groupId: string;
  /**
   * The member and generation that consumed them: the group refuses them once the generation is
   * over (KIP-447). Absent, they are taken from whoever sends them (the per-partition scheme,
   * which fences with transactional ids instead).
   */
  readonly member?: GroupMember;
  /** The next offset to consume, by topic and partition. */
  readonly offsets: ReadonlyArray<{ readonly topic: string; readonly partition: number; readonly offset: string }>;
}

/**
 * Right after a commit the coordinator is still writing its markers, and the next transaction's
 * `AddPartitionsToTxn` / `AddOffsetsToTxn` get CONCURRENT_TRANSACTIONS ("another concurrent
 * operation on the same transaction was ongoing"). kafkajs does not retry the second at all
 * (kafkajs #430) and not always the first (#1068); the broker expects the client to. Both requests
 * are safe to repeat: nothing was added when they failed.
 */
export const isConcurrentTransactions = (error: KafkaError): boolean =>
  error.errorType === 'CONCURRENT_TRANSACTIONS' || /another concurrent operation/i.test(error.message);

/** Waits 10, 20, 40 ... ms, about 5 s in all, then gives up. */
export const concurrentTransactionsRetry: Schedule.Schedule<unknown, KafkaError> = Schedule.exponential('10 millis').pipe(
  Schedule.union(Schedule.spaced('1 second')),
  Schedule.intersect(Schedule.recurs(12)),
);

/**
 * Produces `records` and commits `positions` in one transaction. A CONCURRENT_TRANSACTIONS answer
 * is retried step by step with `retry`; any other failure aborts (best effort) and fails: the
 * caller must then drop the producer and everything it built for the batches.
 */
export const commitTransaction = (
  begin: () => Promise<TransactionPort>,
  records: ReadonlyArray<OutgoingRecord>,
  positions: ConsumedPositions,
  retry: Schedule.Schedule<unknown, KafkaError> = concurrentTransactionsRetry,
): Effect.Effect<void, KafkaError> =>
  Effect.gen(function* () {
    const step = <A>(operation: string, call: () => Promise<A>) =>
      kafkaCall(operation, call).pipe(Effect.retry({ schedule: retry, while: isConcurrentTransactions }));
    const transaction = yield* kafkaCall('begin transaction', begin);
    yield* Effect.gen(function* () {
      for (const send of inSends(records)) {
        yield* step('transactional send', () => transaction.sendBatch({ acks: -1, topicMessages: topicMessagesOf(send) }));
      }
      const topics = new Map<string, Array<{ partition: number; offset: string }>>();
      for (const { topic, partition, offset } of positions.offsets) {
        const partitions = topics.get(topic) ?? [];
        partitions.push({ partition, offset });
        topics.set(topic, partitions);
      }
      yield* step('send offsets', () =>
        transaction.sendOffsets({
          consumerGroupId: positions.groupId,
          ...positions.member,
          topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })),
        }),
      );
      yield* kafkaCall('commit transaction', () => transaction.commit());
    }).pipe(
      Effect.tapError(() =>
        transaction.isActive() ? Effect.ignore(kafkaCall('abort transaction', () => transaction.abort())) : Effect.void,
      ),
    );
  });

