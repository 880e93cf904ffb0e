import * as Effect from 'effect/Effect';
import * as Schedule from 'effect/Schedule';
import type { KafkaError } from './KafkaError.js';
import { kafkaCall } from './kafkaCall.js';
import { inSends, topicMessagesOf, type OutgoingRecord } from './records.js';

/** What a transaction offers, as kafkajs's `Transaction` has it. */
export interface TransactionPort {
  sendBatch(batch: { topicMessages: ReturnType<typeof topicMessagesOf>; acks?: number }): Promise<unknown>;
  sendOffsets(offsets: {
    consumerGroupId: string;
    topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
  }): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
  isActive(): boolean;
}

/** The input position a transaction commits with its outputs. */
export interface ConsumedPosition {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  /** The next offset to consume. */
  readonly offset: string;
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
 * Produces `records` and commits `position` in one transaction. A CONCURRENT_TRANSACTIONS answer
 * is retried step by step with `retry`; any other failure aborts (best effort) and fails: the
 * caller must then drop the producer and everything it built for the batch.
 */
export const commitTransaction = (
  begin: () => Promise<TransactionPort>,
  records: ReadonlyArray<OutgoingRecord>,
  position: ConsumedPosition,
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
      yield* step('send offsets', () =>
        transaction.sendOffsets({
          consumerGroupId: position.groupId,
          topics: [{ topic: position.topic, partitions: [{ partition: position.partition, offset: position.offset }] }],
        }),
      );
      yield* kafkaCall('commit transaction', () => transaction.commit());
    }).pipe(
      Effect.tapError(() =>
        transaction.isActive() ? Effect.ignore(kafkaCall('abort transaction', () => transaction.abort())) : Effect.void,
      ),
    );
  });

