import { describe, expect, it } from '@effect/vitest';
import { KafkaAdmin, KafkaClient, KafkaProducer, runExactlyOnce } from '@msgstatus/kafka';
import { collectUntil, kafkaTestLayer, localTopicStorage, readAll } from '@msgstatus/pipeline/testing';
import * as Deferred from 'effect/Deferred';
import * as Effect from 'effect/Effect';
import * as Schedule from 'effect/Schedule';

/**
 * Group fencing (KIP-447, `MSGSTATUS_FENCING=group`): one transactional producer per instance, its offsets sent
 * with the group generation that consumed them. A member whose generation is over must have its
 * offsets refused by the group coordinator, so that its transaction aborts and nothing of it
 * reaches a read_committed reader.
 */
describe('zombies fenced by the consumer group', () => {
  const topicsOf = (label: string, partitions: number) =>
    Effect.gen(function* () {
      const admin = yield* KafkaAdmin;
      const input = `zombie.${label}.${Date.now()}`;
      const output = `${input}.out`;
      const storage = { replicationFactor: localTopicStorage.replicationFactor, minInsyncReplicas: localTopicStorage.minInsyncReplicas };
      yield* admin.ensureTopics([input, output].map((topic) => ({ topic, partitions, ...storage })));
      yield* Effect.addFinalizer(() => Effect.ignore(admin.deleteGroup(`${input}.group`).pipe(Effect.zipRight(admin.deleteTopics([input, output])))));
      return { input, output, groupId: `${input}.group` };
    });

  it.live(
    "refuses, on the real broker, offsets sent with a generation that is over or a member that is not the group's",
    () =>
      Effect.gen(function* () {
        const { kafka } = yield* KafkaClient;
        const { input, output, groupId } = yield* topicsOf('protocol', 1);
        const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
        yield* Effect.acquireRelease(Effect.promise(() => consumer.connect()), () => Effect.promise(() => consumer.disconnect()));
        const joined = new Promise<{ generationId: number; memberId: string }>((resolve) => consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => resolve(payload)));
        yield* Effect.promise(() => consumer.subscribe({ topics: [input] }).then(() => consumer.run({ autoCommit: false, eachMessage: async () => undefined })));
        const member = yield* Effect.promise(() => joined);
        const producer = kafka.producer({ transactionalId: `${input}.producer`, idempotent: true, maxInFlightRequests: 1 });
        yield* Effect.acquireRelease(Effect.promise(() => producer.connect()), () => Effect.promise(() => producer.disconnect()));
        /** One transaction writing `value` and committing offset 1 as `as`; the broker's refusal, or "committed". */
        const commitAs = (value: string, as: { generationId: number; memberId: string }) =>
          Effect.tryPromise(async () => {
            const transaction = await producer.transaction();
            await transaction.send({ topic: output, messages: [{ value }] });
            try {
              await transaction.sendOffsets({ consumerGroupId: groupId, ...as, topics: [{ topic: input, partitions: [{ partition: 0, offset: '1' }] }] });
            } catch (error) {
              await transaction.abort();
              return (error as { type?: string }).type ?? String(error);
            }
            await transaction.commit();
            return 'committed';
            // On a fresh broker the group's coordinator may still be loading: try again.
          }).pipe(Effect.retry(Schedule.spaced('500 millis').pipe(Schedule.intersect(Schedule.recurs(10)))), Effect.orDie);

        expect(yield* commitAs('stale generation', { ...member, generationId: member.generationId + 1 })).toBe('ILLEGAL_GENERATION');
        expect(yield* commitAs('unknown member', { ...member, memberId: 'nobody' })).toBe('UNKNOWN_MEMBER_ID');
        expect(yield* commitAs('current member', member)).toBe('committed');
        // The refused transactions' records were written, then aborted: a read_committed reader sees only the one that committed.
        expect((yield* readAll(output)).map((record) => record.value!.toString())).toEqual(['current member']);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('zombie-protocol-test'))),
    60_000,
  );

  it.live(
    'fences an instance that stalls past its session and wakes after its partitions moved: every input is written once, none by the zombie',
    () =>
      Effect.gen(function* () {
        const { input, output, groupId } = yield* topicsOf('stage', 2);
        const count = 200;
        yield* (yield* KafkaProducer).send(Array.from({ length: count }, (_, index) => ({ topic: input, partition: index % 2, key: `k${index}`, value: String(index) })));
        const stalled = yield* Deferred.make<void>();
        const wake = yield* Deferred.make<void>();
        const zombie = { committed: 0, aborted: 0 };
        const instance = (name: string, stallFirstBatch: boolean) =>
          runExactlyOnce({
            groupId,
            topics: [input],
            transactionalIdPrefix: `${input}.stage`,
            fencing: 'group',
            // One batch at a time: a stalled batch stops the consumer's heartbeats, as a paused process's would stop.
            concurrency: 1,
            sessionTimeoutMs: 6_000,
            commitIntervalMs: 20,
            process: (batch) =>
              Effect.gen(function* () {
                if (stallFirstBatch && !(yield* Deferred.isDone(stalled))) {
                  yield* Deferred.succeed(stalled, undefined);
                  yield* Deferred.await(wake);
                }
                return batch.records.map((record) => ({ topic: output, key: record.key, value: `${name}:${record.value!.toString()}` }));
              }),
            onCommitted: () => {
              if (name === 'zombie') zombie.committed++;
            },
            onAborted: () => {
              if (name === 'zombie') zombie.aborted++;
            },
          });
        yield* Effect.forkScoped(instance('zombie', true));
        yield* Deferred.await(stalled);
        yield* Effect.forkScoped(instance('successor', false));
        // The successor gets both partitions once the zombie's session has expired, and writes every input.
        const written = yield* collectUntil(output, (records) => records.length >= count, 90_000);
        expect(new Set(written.map((record) => record.value!.toString()))).toEqual(new Set(Array.from({ length: count }, (_, index) => `successor:${index}`)));

        yield* Deferred.succeed(wake, undefined);
        // The zombie's stalled batch is thrown away: refused by the group, or dropped at its next join.
        yield* Effect.sleep('100 millis').pipe(Effect.repeat({ until: () => zombie.aborted > 0 }), Effect.timeout('30 seconds'));
        yield* Effect.sleep('3 seconds');
        expect(zombie.committed).toBe(0);
        const final = (yield* readAll(output)).map((record) => record.value!.toString());
        expect(final).toHaveLength(count);
        expect(final.filter((value) => value.startsWith('zombie:'))).toEqual([]);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('zombie-stage-test'))),
    120_000,
  );
});
