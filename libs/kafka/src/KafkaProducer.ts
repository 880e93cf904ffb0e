import * as Context from 'effect/Context';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import type { Producer } from 'kafkajs';
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
 * The broker's answers that leave kafkajs's idempotent producer unable to send again: its
 * sequence numbers no longer match the partition's (a request that timed out while leaders moved,
 * then retried), and kafkajs keeps them, failing every later send with the same answer.
 */
export const brokenSequenceErrors: ReadonlySet<string> = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

/**
 * An idempotent producer (`acks=all`, one request in flight): a retried send never writes a record
 * twice nor out of order. For output that must commit with input offsets, use `ExactlyOnce`.
 *
 * A send refused for broken sequence state fails as any other, and the producer is replaced by a
 * new one (a new producer id) for the next send, so that the app recovers once the cluster has. The
 * failed send was never acknowledged: a caller that retries it may write a record its first attempt
 * wrote too (the old producer's idempotence does not carry over), which downstream deduplication absorbs.
 */
export class KafkaProducer extends Context.Tag('@msgstatus/kafka/KafkaProducer')<KafkaProducer, KafkaProducerService>() {
  static readonly layer: Layer.Layer<KafkaProducer, KafkaError, KafkaClient> = Layer.scoped(
    KafkaProducer,
    Effect.gen(function* () {
      const { kafka } = yield* KafkaClient;
      const connected = Effect.suspend(() => {
        const producer = kafka.producer({ createPartitioner: fastPartitioner, idempotent: true, maxInFlightRequests: 1 });
        return kafkaCall('producer connect', () => producer.connect()).pipe(Effect.as(producer));
      });
      const disconnect = (producer: Producer) => Effect.promise(() => producer.disconnect().catch(() => undefined));
      let current: Producer | null = yield* connected;
      yield* Effect.addFinalizer(() => (current === null ? Effect.void : disconnect(current)));
      // Connected on first use after a replacement: a broken producer is dropped at once, its successor made when needed.
      const producer = Effect.suspend(() => (current === null ? connected.pipe(Effect.tap((fresh) => (current = fresh))) : Effect.succeed(current)));
      const replaceIfBroken = (used: Producer) => (error: KafkaError) =>
        brokenSequenceErrors.has(error.errorType ?? '') && current === used
          ? Effect.logWarning(`Kafka producer replaced after ${error.errorType}; the next send uses a new producer id`).pipe(
              Effect.andThen(() => ((current = null), disconnect(used))),
            )
          : Effect.void;
      return {
        send: (records) =>
          Effect.flatMap(producer, (used) =>
            Effect.forEach(inSends(records), (send) => kafkaCall('send', () => used.sendBatch({ acks: -1, topicMessages: topicMessagesOf(send) })), {
              discard: true,
            }).pipe(Effect.tapError(replaceIfBroken(used))),
          ),
      };
    }),
  );
}
