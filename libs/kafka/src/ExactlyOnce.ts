import * as Duration from 'effect/Duration';
import * as Effect from 'effect/Effect';
import * as Stream from 'effect/Stream';
import { Partitioners, type Producer } from 'kafkajs';
import { KafkaAdmin } from './KafkaAdmin.js';
import { KafkaClient } from './KafkaClient.js';
import { KafkaError } from './KafkaError.js';
import { consumeBatches, type ConsumedBatch } from './KafkaConsumer.js';
import { kafkaCall } from './kafkaCall.js';
import type { OutgoingRecord } from './records.js';
import { commitTransaction } from './transactions.js';

export interface ExactlyOnceOptions<E, R> {
  readonly groupId: string;
  readonly topics: ReadonlyArray<string>;
  /** Transactional ids are `<prefix>.<topic>.<partition>`: stable, one per input partition. */
  readonly transactionalIdPrefix: string;
  /** Partitions processed at once (each with its own producer, so transactions never overlap). */
  readonly concurrency?: number;
  readonly onAssignment?: (assignment: Readonly<Record<string, ReadonlyArray<number>>>) => void;
  /**
   * Runs before the first batch of a partition after every assignment and after every failed
   * commit, once earlier owners of the partition are fenced and their last transaction is over:
   * whatever the caller keeps per partition must be rebuilt here from committed data.
   */
  readonly prepare?: (topic: string, partition: number) => Effect.Effect<void, E, R>;
  /** The outputs of a batch. They commit atomically with the batch's offsets, or not at all. */
  readonly process: (batch: ConsumedBatch) => Effect.Effect<ReadonlyArray<OutgoingRecord>, E, R>;
  /** Waited after a failed commit before the batch is fetched again. Default 1 s. */
  readonly failureBackoff?: Duration.DurationInput;
}

interface PartitionSlot {
  readonly assignment: number;
  readonly producer: Producer;
}

/**
 * Consume-transform-produce, exactly once for `read_committed` readers. Every batch's outputs and
 * its input offsets commit in one Kafka transaction. kafkajs lacks KIP-447, so zombies are fenced
 * the pre-2.5 way: one transactional id per input partition. When a partition is (re)assigned, a
 * fresh producer registers that id (InitProducerId fences the previous owner and completes its
 * open transaction); only then are the committed offset read and `prepare` run, so neither can
 * miss a transaction that was still committing. A batch fetched from before the committed offset
 * (the previous owner committed while we joined) is skipped by seeking to it. Any failed commit
 * drops the partition's producer and state and redelivers the batch: the output is as if the
 * failed attempt never ran.
 */
export const runExactlyOnce = <E, R>(
  options: ExactlyOnceOptions<E, R>,
): Effect.Effect<void, KafkaError | E, R | KafkaClient | KafkaAdmin> =>
  Effect.gen(function* () {
    const { kafka } = yield* KafkaClient;
    const admin = yield* KafkaAdmin;
    const slots = new Map<string, PartitionSlot>();
    const failureBackoff = Duration.decode(options.failureBackoff ?? '1 second');

    const disconnect = (producer: Producer) => Effect.promise(() => producer.disconnect().catch(() => undefined));
    const release = (key: string) =>
      Effect.suspend(() => {
        const slot = slots.get(key);
        slots.delete(key);
        return slot === undefined ? Effect.void : disconnect(slot.producer);
      });
    yield* Effect.addFinalizer(() => Effect.forEach([...slots.keys()], release, { discard: true }));

    const fencedProducer = (topic: string, partition: number) =>
      Effect.suspend(() => {
        const producer = kafka.producer({
          transactionalId: `${options.transactionalIdPrefix}.${topic}.${partition}`,
          createPartitioner: Partitioners.DefaultPartitioner,
          idempotent: true,
          maxInFlightRequests: 1,
          transactionTimeout: 60_000,
        });
        // An empty transaction is how kafkajs sends InitProducerId; aborting it costs no request.
        return kafkaCall('fence earlier owners', async () => {
          await producer.connect();
          const transaction = await producer.transaction();
          await transaction.abort();
          return producer;
        }).pipe(Effect.tapError(() => disconnect(producer)));
      });

    /** The partition's producer, or null when the batch is behind the committed offset and was sent back. */
    const slotFor = (batch: ConsumedBatch) =>
      Effect.gen(function* () {
        const key = `${batch.topic}:${batch.partition}`;
        const current = slots.get(key);
        if (current !== undefined && current.assignment === batch.assignment) return current;
        yield* release(key);
        const producer = yield* fencedProducer(batch.topic, batch.partition);
        const committed = (yield* admin.committedOffsets(options.groupId, batch.topic).pipe(
          Effect.tapError(() => disconnect(producer)),
        )).get(batch.partition);
        if (committed !== undefined && BigInt(batch.records[0]!.offset) < BigInt(committed)) {
          yield* disconnect(producer);
          yield* Effect.logInfo('batch is behind the committed offset; seeking').pipe(
            Effect.annotateLogs({ topic: batch.topic, partition: batch.partition, committed }),
          );
          yield* batch.redeliver(committed);
          return null;
        }
        if (options.prepare !== undefined) yield* options.prepare(batch.topic, batch.partition).pipe(Effect.tapError(() => disconnect(producer)));
        const slot = { assignment: batch.assignment, producer };
        slots.set(key, slot);
        return slot;
      });

    const attempt = (batch: ConsumedBatch) =>
      Effect.gen(function* () {
        const slot = yield* slotFor(batch);
        if (slot === null) return;
        const outputs = yield* options.process(batch);
        yield* commitTransaction(() => slot.producer.transaction(), outputs, {
          groupId: options.groupId,
          topic: batch.topic,
          partition: batch.partition,
          offset: batch.nextOffset,
        });
        yield* batch.ack;
      });

    // Kafka failing (fenced, broker gone, timeouts) is weathered: drop what was built, wait, retry the batch.
    const handle = (batch: ConsumedBatch) =>
      attempt(batch).pipe(
        Effect.catchIf(
          (error): error is KafkaError => error instanceof KafkaError,
          (error) =>
            Effect.logWarning('batch not committed; it will be processed again').pipe(
              Effect.annotateLogs({ topic: batch.topic, partition: batch.partition, error: error.message }),
              Effect.zipRight(release(`${batch.topic}:${batch.partition}`)),
              Effect.zipRight(Effect.sleep(failureBackoff)),
              Effect.zipRight(batch.redeliver()),
            ),
        ),
        // Interrupted mid-batch (shutdown): the open transaction dies with its producer; nothing is acknowledged.
        Effect.onInterrupt(() => batch.redeliver()),
      );

    yield* consumeBatches({
      groupId: options.groupId,
      topics: options.topics,
      fromBeginning: true,
      concurrency: options.concurrency,
      onAssignment: options.onAssignment,
    }).pipe(Stream.mapEffect(handle, { concurrency: options.concurrency ?? 1, unordered: true }), Stream.runDrain);
  }).pipe(Effect.scoped);
