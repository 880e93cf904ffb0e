import { describe, expect, it } from '@effect/vitest';
import { followPartitions, KafkaAdmin, KafkaClient } from '@msgstatus/kafka';
import { kafkaTestLayer, localTopicStorage } from '@msgstatus/pipeline/testing';
import * as Effect from 'effect/Effect';
import * as Fiber from 'effect/Fiber';
import * as Option from 'effect/Option';

/**
 * A projector that takes a partition over reads the group's stable offsets, then restores the
 * partition's state from the state topic. The group coordinator can apply a commit's offsets
 * before the commit's marker reaches the state topic (the markers go to each partition on its
 * own), and until then the state topic's stable end stops before what that commit wrote: a copy
 * caught up to it would miss the commit's states while its offsets say they were applied.
 */
describe('settling a state partition for a take-over', () => {
  it.live(
    'waits for a transaction that wrote to it to be over, where catching up stops before its records',
    () =>
      Effect.gen(function* () {
        const { kafka } = yield* KafkaClient;
        const admin = yield* KafkaAdmin;
        const topic = `settle.${Date.now()}`;
        yield* admin.ensureTopics([{ topic, partitions: 2, replicationFactor: localTopicStorage.replicationFactor, minInsyncReplicas: localTopicStorage.minInsyncReplicas }]);
        yield* Effect.addFinalizer(() => Effect.ignore(admin.deleteTopics([topic])));
        const producer = kafka.producer({ transactionalId: `${topic}.owner`, idempotent: true, maxInFlightRequests: 1 });
        yield* Effect.acquireRelease(
          Effect.promise(() => producer.connect()),
          () => Effect.promise(() => producer.disconnect()),
        );
        const committedBefore = yield* Effect.promise(() => producer.transaction());
        yield* Effect.promise(() => committedBefore.send({ topic, messages: [{ key: 'before', value: 'committed', partition: 0 }] }));
        yield* Effect.promise(() => committedBefore.commit());
        const open = yield* Effect.promise(() => producer.transaction());
        yield* Effect.promise(() => open.send({ topic, messages: [{ key: 'open', value: 'not yet committed', partition: 0 }] }));

        const seen: string[] = [];
        const follower = yield* followPartitions(topic, ({ records }) => seen.push(...records.map((record) => record.key!.toString())));
        // Up to the stable end: what committed before, nothing of the open transaction.
        yield* follower.catchUp([0, 1]);
        expect(seen).toEqual(['before']);

        const settling = yield* Effect.fork(follower.settle([0, 1]));
        yield* Effect.sleep('1 second');
        expect(Option.isNone(yield* Fiber.poll(settling))).toBe(true);
        yield* Effect.promise(() => open.commit());
        yield* Fiber.join(settling);
        expect(seen).toEqual(['before', 'open']);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('settle-test'))),
    60_000,
  );
});
