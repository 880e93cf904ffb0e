import { describe, expect, it } from '@effect/vitest';
import { KafkaProducer, readToEnd } from '@msgstatus/kafka';
import { kafkaTestLayer, setUpTopics } from '@msgstatus/pipeline/testing';
import * as Chunk from 'effect/Chunk';
import * as Effect from 'effect/Effect';
import * as Stream from 'effect/Stream';

// The test kit's "consumed" check reads a partition from a group's committed offset, to tell a
// partition that ends in transaction markers from one with records still unread.
describe('readToEnd from given offsets', () => {
  it.live(
    'reads a partition from an offset to its end, and nothing from its end',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('read-from', 1);
        const producer = yield* KafkaProducer;
        yield* producer.send(Array.from({ length: 10 }, (_, index) => ({ topic: names.observations, key: `k${index}`, value: `v${index}` })));
        const read = (offset: string) =>
          readToEnd(names.observations, { partitions: [0], from: new Map([[0, offset]]) }).pipe(
            Stream.runCollect,
            Effect.map((records) => Chunk.toReadonlyArray(records).map((record) => record.value!.toString())),
          );
        expect(yield* read('7')).toEqual(['v7', 'v8', 'v9']);
        expect(yield* read('0')).toHaveLength(10);
        expect(yield* read('10')).toEqual([]);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('read-from-test'))),
    60_000,
  );
});
