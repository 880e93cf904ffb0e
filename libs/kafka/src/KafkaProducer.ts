import * as Context from 'effect/Context';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import { fastPartitioner } from './fastPartitioner.js';
import { KafkaClient } from './KafkaClient.js';
import type { KafkaError } from './KafkaError.js';
import { kafkaCall } from './kafkaCall.js';
import { inSends, topicMessagesOf, type OutgoingRecord } from './records.js';

export interface KafkaProducerService {
  /** Sends the records and succeeds once every one is acknowledged by all in-sync replicas. */
  readonly send: (records: ReadonlyArray<OutgoingRecord>) => Effect.Effect<void, KafkaError>;
}

/**
 * An idempotent producer (`acks=all`, one request in flight): a retried send never writes a record
 * twice nor out of order. For output that must commit with input offsets, use `ExactlyOnce`.
 */
export class KafkaProducer extends Context.Tag('@msgstatus/kafka/KafkaProducer')<KafkaProducer, KafkaProducerService>() {
  static readonly layer: Layer.Layer<KafkaProducer, KafkaError, KafkaClient> = Layer.scoped(
    KafkaProducer,
    Effect.gen(function* () {
      const { kafka } = yield* KafkaClient;
      const producer = yield* Effect.acquireRelease(
        Effect.suspend(() => {
          const producer = kafka.producer({ createPartitioner: fastPartitioner, idempotent: true, maxInFlightRequests: 1 });
          return kafkaCall('producer connect', () => producer.connect()).pipe(Effect.as(producer));
        }),
        (producer) => Effect.promise(() => producer.disconnect().catch(() => undefined)),
      );
      return {
        send: (records) =>
          Effect.forEach(inSends(records), (send) => kafkaCall('send', () => producer.sendBatch({ acks: -1, topicMessages: topicMessagesOf(send) })), {
            discard: true,
          }),
      };
    }),
  );
}
