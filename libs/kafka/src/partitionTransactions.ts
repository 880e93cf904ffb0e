import * as Duration from 'effect/Duration';
import * as Effect from 'effect/Effect';
import * as Stream from 'effect/Stream';
import type { Producer } from 'kafkajs';
import type { ConsumedBatch } from './consumeBatches.js';
import { behindCommitted, disconnect, logTakenOver, rejoiningOnKafkaFailure, stageBatches, transactionalProducer, type ExactlyOnceOptions } from './exactlyOnce.js';
import { KafkaAdmin } from './KafkaAdmin.js';
import { KafkaClient } from './KafkaClient.js';
import { KafkaError } from './KafkaError.js';
import { commitTransaction } from './transactions.js';

interface PartitionSlot {
  readonly assignment: number;
  readonly producer: Producer;
  /** The group's committed offset when the partition was taken over. */
  readonly committed: string | null;
}

/**
 * `partition` fencing, for brokers before 2.5: every batch's outputs and its input offsets commit
 * in one Kafka transaction, and zombies are fenced the pre-KIP-447 way: one transactional id per
 * input partition. When a partition is (re)assigned, a
 * fresh producer registers that id (InitProducerId fences the previous owner and completes its
 * open transaction); only then are the committed offset read and `prepare` run, so neither can
 * miss a transaction that was still committing. A batch fetched from before the committed offset
 * (the previous owner committed while we joined) is skipped by seeking to it. Any failed commit
 * drops the partition's producer and state and redelivers the batch: the output is as if the
 * failed attempt never ran.
 */
export const runPartitionTransactions = <E, R>(
  options: ExactlyOnceOptions<E, R>,
): Effect.Effect<void, KafkaError | E, R | KafkaClient | KafkaAdmin> =>
  Effect.gen(function* () {
    const { kafka } = yield* KafkaClient;
    const admin = yield* KafkaAdmin;
    const slots = new Map<string, PartitionSlot>();
    const failureBackoff = Duration.decode(options.failureBackoff ?? '1 second');

    const release = (key: string) =>
      Effect.suspend(() => {
        const slot = slots.get(key);
        slots.delete(key);
        return slot === undefined ? Effect.void : disconnect(slot.producer);
      });
    yield* Effect.addFinalizer(() => Effect.forEach([...slots.keys()], release, { discard: true }));

    const fencedProducer = (topic: string, partition: number) =>
      transactionalProducer(kafka, `${options.transactionalIdPrefix}.${topic}.${partition}`, 60_000);

    const keyOf = (topic: string, partition: number) => `${topic}:${partition}`;
    const preparing = yield* Effect.makeSemaphore(1);

    /**
     * Takes over the partitions of `topic` this member was assigned and has no current producer
     * for: all are fenced at once, their committed offsets read in one request and `prepare` run
     * once for all of them (one state read per rebalance, not one per partition).
     */
    const takeOver = (topic: string, assignment: number, partitions: ReadonlyArray<number>) =>
      preparing.withPermits(1)(
        Effect.gen(function* () {
          const stale = partitions.filter((partition) => slots.get(keyOf(topic, partition))?.assignment !== assignment);
          if (stale.length === 0) return;
          yield* Effect.forEach(stale, (partition) => release(keyOf(topic, partition)), { discard: true });
          const producers: Producer[] = [];
          const abandon = Effect.suspend(() => Effect.forEach(producers, disconnect, { discard: true }));
          for (const partition of stale) producers.push(yield* fencedProducer(topic, partition).pipe(Effect.tapError(() => abandon)));
          const committed = yield* admin.committedOffsets(options.groupId, topic).pipe(Effect.tapError(() => abandon));
          if (options.prepare !== undefined) yield* options.prepare(topic, stale, committed).pipe(Effect.tapError(() => abandon));
          stale.forEach((partition, index) =>
            slots.set(keyOf(topic, partition), { assignment, producer: producers[index]!, committed: committed.get(partition) ?? null }),
          );
          yield* logTakenOver(topic, stale, committed, assignment);
        }),
      );

    /** The partition's slot, or null when the batch is behind the committed offset and was sent back. */
    const slotFor = (batch: ConsumedBatch) =>
      Effect.gen(function* () {
        const key = keyOf(batch.topic, batch.partition);
        const current = slots.get(key);
        if (current !== undefined && current.assignment === batch.assignment) return current;
        const partitions = batch.assignedPartitions.includes(batch.partition) ? batch.assignedPartitions : [...batch.assignedPartitions, batch.partition];
        yield* takeOver(batch.topic, batch.assignment, partitions);
        const slot = slots.get(key)!;
        return (yield* behindCommitted(batch, slot.committed)) ? null : slot;
      });

    const attempt = (batch: ConsumedBatch) =>
      Effect.gen(function* () {
        const started = performance.now();
        const slot = yield* slotFor(batch);
        if (slot === null) return;
        // Once processing starts, a shutdown waits for the transaction to commit (or fail) rather
        // than leave it open until the broker's timeout.
        yield* Effect.uninterruptible(
          Effect.gen(function* () {
            const outputs = yield* options.process(batch);
            yield* commitTransaction(() => slot.producer.transaction(), outputs, {
              groupId: options.groupId,
              offsets: [{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }],
            });
            yield* batch.ack;
            yield* Effect.logDebug('batch committed').pipe(
              Effect.annotateLogs({ topic: batch.topic, partition: batch.partition, from: batch.records[0]!.offset, next: batch.nextOffset, outputs: outputs.length }),
            );
            options.onCommitted?.(batch, outputs, (performance.now() - started) / 1000);
          }),
        );
      });

    // Kafka failing (fenced, broker gone, timeouts) is weathered: drop what was built, wait, retry the batch.
    const handle = (batch: ConsumedBatch) =>
      attempt(batch).pipe(
        Effect.catchIf(
          (error): error is KafkaError => error instanceof KafkaError,
          (error) =>
            Effect.sync(() => options.onAborted?.(batch)).pipe(
              Effect.zipRight(Effect.logWarning('batch not committed; it will be processed again')),
              Effect.annotateLogs({ topic: batch.topic, partition: batch.partition, error: error.message }),
              Effect.zipRight(release(keyOf(batch.topic, batch.partition))),
              Effect.zipRight(Effect.sleep(failureBackoff)),
              Effect.zipRight(batch.redeliver()),
            ),
        ),
        // Interrupted mid-batch (shutdown): the open transaction dies with its producer; nothing is acknowledged.
        Effect.onInterrupt(() => batch.redeliver()),
      );

    yield* stageBatches(options).pipe(
      Stream.mapEffect(handle, { concurrency: options.concurrency ?? 1, unordered: true }),
      rejoiningOnKafkaFailure,
      Stream.runDrain,
    );
  }).pipe(Effect.scoped);
