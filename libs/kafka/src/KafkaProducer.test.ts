import { describe, expect, it } from '@effect/vitest';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import type { Kafka } from 'kafkajs';
import { KafkaClient } from './KafkaClient.js';
import { KafkaProducer } from './KafkaProducer.js';

const protocolError = (type: string) => Object.assign(new Error(`broker answered ${type}`), { type });

/** A client whose producers fail their sends with `failures`, in turn, then succeed; what each producer did is recorded. */
function scriptedClient(failures: Error[]) {
  const producers: Array<{ sends: number; disconnected: boolean }> = [];
  const kafka = {
    producer: () => {
      const record = { sends: 0, disconnected: false };
      producers.push(record);
      return {
        connect: async () => undefined,
        disconnect: async () => void (record.disconnected = true),
        sendBatch: async () => {
          record.sends++;
          const failure = failures.shift();
          if (failure !== undefined) throw failure;
          return [];
        },
      };
    },
  } as unknown as Kafka;
  const layer = KafkaProducer.layer.pipe(Layer.provide(Layer.succeed(KafkaClient, { kafka, options: {} as never })), Layer.provide(Logger.remove(Logger.defaultLogger)));
  return { producers, layer };
}

const record = { topic: 'observations', key: 'm1', value: '{}' };

describe('KafkaProducer', () => {
  it.effect('replaces a producer whose sequence state the broker refused, so that the next send goes through', () => {
    const { producers, layer } = scriptedClient([protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER')]);
    return Effect.gen(function* () {
      const producer = yield* KafkaProducer;
      const first = yield* Effect.either(producer.send([record]));
      expect(first._tag).toBe('Left');
      yield* producer.send([record]);
      expect(producers).toEqual([
        { sends: 1, disconnected: true },
        { sends: 1, disconnected: false },
      ]);
    }).pipe(Effect.provide(layer));
  });

  it.effect('keeps its producer through a failure kafkajs recovers from by itself', () => {
    const { producers, layer } = scriptedClient([protocolError('NOT_LEADER_FOR_PARTITION')]);
    return Effect.gen(function* () {
      const producer = yield* KafkaProducer;
      expect((yield* Effect.either(producer.send([record])))._tag).toBe('Left');
      yield* producer.send([record]);
      expect(producers).toEqual([{ sends: 2, disconnected: false }]);
    }).pipe(Effect.provide(layer));
  });
});
