import { describe, expect, it } from '@effect/vitest';
import { KafkaAdmin, KafkaClient, KafkaProducer } from '@msgstatus/kafka';
import { kafkaTestLayer, localTopicStorage } from '@msgstatus/pipeline/testing';
import * as Effect from 'effect/Effect';
import * as Fiber from 'effect/Fiber';
import * as Option from 'effect/Option';
import * as Schedule from 'effect/Schedule';

/**
 * A stage that takes a partition over fences its earlier owner, then reads the group's committed
 * offset. The fenced owner's last transaction may have committed, and its offsets still be
 * pending: the group coordinator applies a commit's offsets after the transaction is complete.
 * Read then without KIP-447's require_stable, the offset is the one from before that transaction,
 * and the batch it committed is processed a second time.
 */
describe('offsets of a transaction not yet applied', () => {
  const withPendingOffsets = (label: string, offset: string) =>
    Effect.gen(function* () {
      const { kafka } = yield* KafkaClient;
      const admin = yield* KafkaAdmin;
      const topic = `stable-offsets.${label}.${Date.now()}`;
      const groupId = `${topic}.group`;
      yield* admin.ensureTopics([{ topic, partitions: 1, replicationFactor: localTopicStorage.replicationFactor, minInsyncReplicas: localTopicStorage.minInsyncReplicas }]);
      yield* Effect.addFinalizer(() => Effect.ignore(admin.deleteGroup(groupId).pipe(Effect.zipRight(admin.deleteTopics([topic])))));
      yield* (yield* KafkaProducer).send(Array.from({ length: 10 }, (_, index) => ({ topic, key: `k${index}`, value: `v${index}`, partition: 0 })));
      const producer = kafka.producer({ transactionalId: `${topic}.owner`, idempotent: true, maxInFlightRequests: 1 });
      yield* Effect.acquireRelease(
        Effect.promise(() => producer.connect()),
        () => Effect.promise(() => producer.disconnect()),
      );
      // On a fresh broker the group's coordinator is still being made (NOT_COORDINATOR): begin again.
      const transaction = yield* Effect.tryPromise(async () => {
        const transaction = await producer.transaction();
        return transaction
          .sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 0, offset }] }] })
          .then(() => transaction, (error: unknown) => transaction.abort().then(() => Promise.reject(error)));
      }).pipe(Effect.retry(Schedule.spaced('500 millis').pipe(Schedule.intersect(Schedule.recurs(20)))), Effect.orDie);
      return { kafka, admin, topic, groupId, transaction };
    });

  it.live(
    'are refused with UNSTABLE_OFFSET_COMMIT when asked for stable ones, and committedOffsets waits until they are applied',
    () =>
      Effect.gen(function* () {
        const { kafka, admin, topic, groupId, transaction } = yield* withPendingOffsets('admin', '7');
        const plain = kafka.admin();
        yield* Effect.acquireRelease(Effect.promise(() => plain.connect()), () => Effect.promise(() => plain.disconnect()));
        // Kafka's plain answer while they are pending: the offsets from before (none).
        const before = yield* Effect.promise(() => plain.fetchOffsets({ groupId, topics: [topic] }));
        expect(before[0]?.partitions.map(({ offset }) => offset)).toEqual(['-1']);
        const refusal = yield* Effect.promise(() => plain.fetchOffsets({ groupId, topics: [topic], requireStable: true }).then(() => 'answered', (error: { type?: string }) => error.type));
        expect(refusal).toBe('UNSTABLE_OFFSET_COMMIT');

        const waiting = yield* Effect.fork(admin.committedOffsets(groupId, topic));
        yield* Effect.sleep('500 millis');
        expect(Option.isNone(yield* Fiber.poll(waiting))).toBe(true);
        yield* Effect.promise(() => transaction.commit());
        expect([...(yield* Fiber.join(waiting))]).toEqual([[0, '7']]);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('stable-offsets-admin-test'))),
    60_000,
  );

  it.live(
    'are where a read_committed consumer joining meanwhile starts, once they are',
    () =>
      Effect.gen(function* () {
        const { kafka, topic, groupId, transaction } = yield* withPendingOffsets('consumer', '4');
        const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
        yield* Effect.acquireRelease(Effect.promise(() => consumer.connect()), () => Effect.promise(() => consumer.disconnect()));
        const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
        const first = new Promise<string>((resolve) => {
          void consumer.subscribe({ topics: [topic], fromBeginning: true }).then(() =>
            consumer.run({ autoCommit: false, eachMessage: async ({ message }) => resolve(message.offset) }),
          );
        });
        yield* Effect.promise(() => joined);
        // Long enough for the consumer to have asked for its offsets and, unpatched, started from the beginning.
        yield* Effect.sleep('1500 millis');
        yield* Effect.promise(() => transaction.commit());
        expect(yield* Effect.promise(() => first)).toBe('4');
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('stable-offsets-consumer-test'))),
    60_000,
  );
});
