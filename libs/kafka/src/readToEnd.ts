import { randomUUID } from 'node:crypto';
import * as Chunk from 'effect/Chunk';
import * as Effect from 'effect/Effect';
import * as Stream from 'effect/Stream';
import { KafkaAdmin } from './KafkaAdmin.js';
import { KafkaClient } from './KafkaClient.js';
import { KafkaError } from './KafkaError.js';
import { kafkaCall } from './kafkaCall.js';
import { consumedRecord, type ConsumedRecord } from './records.js';

export interface ReadToEndOptions {
  /** Only these partitions (all when absent). */
  readonly partitions?: ReadonlyArray<number>;
  /** Start at the first record at or after this time (ms since the epoch), else at the beginning. */
  readonly since?: number;
  /** Start at these offsets, by partition (over `since`). */
  readonly from?: ReadonlyMap<number, string>;
}

const before = (offset: string, end: string): boolean => BigInt(offset) < BigInt(end);

/**
 * The committed records of a topic as they are now, from the beginning (or `since`) to the end
 * offsets taken when the read starts, then the stream ends. In partition order within a partition,
 * interleaved across partitions. Reads through a throw-away consumer group that commits nothing
 * and is deleted afterwards (kafkajs has no group-less assignment).
 */
export const readToEnd = (
  topic: string,
  options: ReadToEndOptions = {},
): Stream.Stream<ConsumedRecord, KafkaError, KafkaClient | KafkaAdmin> =>
  Stream.unwrapScoped(
    Effect.gen(function* () {
      const admin = yield* KafkaAdmin;
      const ranges = (yield* admin.partitionRanges(topic)).filter(
        (range) => options.partitions === undefined || options.partitions.includes(range.partition),
      );
      const starts = options.since === undefined ? null : yield* admin.offsetsAt(topic, options.since);
      const pending = new Map<number, { start: string; end: string }>();
      for (const range of ranges) {
        const start = options.from?.get(range.partition) ?? starts?.get(range.partition) ?? range.start;
        if (before(start, range.end)) pending.set(range.partition, { start, end: range.end });
      }
      if (pending.size === 0) return Stream.empty;
      const { kafka, options: client } = yield* KafkaClient;
      const groupId = `${client.clientId}.reader.${randomUUID()}`;
      return Stream.asyncScoped<ConsumedRecord, KafkaError>((emit) =>
        Effect.gen(function* () {
          const consumer = yield* Effect.acquireRelease(
            Effect.suspend(() => {
              const consumer = kafka.consumer({ groupId, readUncommitted: false });
              return kafkaCall('reader connect', () => consumer.connect()).pipe(Effect.as(consumer));
            }),
            (consumer) =>
              Effect.promise(() => consumer.disconnect().catch(() => undefined)).pipe(
                Effect.zipRight(Effect.ignore(admin.deleteGroup(groupId))),
              ),
          );
          const reached = (partition: number, lastOffset: string) => {
            const range = pending.get(partition);
            if (range !== undefined && !before(lastOffset, (BigInt(range.end) - 1n).toString())) pending.delete(partition);
            if (pending.size === 0) void emit.end();
          };
          // Progress is followed on batch events, which also cover batches of control records only.
          consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => reached(payload.partition, payload.lastOffset));
          consumer.on(consumer.events.CRASH, ({ payload }) => {
            if (!payload.restart) void emit.fail(new KafkaError({ operation: `read ${topic}`, cause: payload.error }));
          });
          consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
            const mine = payload.memberAssignment[topic] ?? [];
            const others = mine.filter((partition) => !pending.has(partition));
            if (others.length > 0) consumer.pause([{ topic, partitions: others }]);
            for (const [partition, { start }] of pending) consumer.seek({ topic, partition, offset: start });
          });
          yield* kafkaCall('reader subscribe', () => consumer.subscribe({ topics: [topic], fromBeginning: true }));
          yield* kafkaCall('reader run', () =>
            consumer.run({
              autoCommit: false,
              eachBatch: async ({ batch }) => {
                const range = pending.get(batch.partition);
                if (range === undefined) return;
                const records = batch.messages
                  .filter((message) => before(message.offset, range.end))
                  .map((message) => consumedRecord(topic, batch.partition, message));
                if (records.length > 0) await emit.chunk(Chunk.unsafeFromArray(records));
              },
            }),
          );
        }),
      );
    }),
  );
