import { randomUUID } from 'node:crypto';
import * as Deferred from 'effect/Deferred';
import * as Effect from 'effect/Effect';
import type * as Scope from 'effect/Scope';
import { KafkaAdmin, type PartitionRange } from './KafkaAdmin.js';
import { KafkaClient } from './KafkaClient.js';
import { KafkaError } from './KafkaError.js';
import { kafkaCall } from './kafkaCall.js';
import { consumedRecord, type ConsumedRecord } from './records.js';

export interface FollowedRecords {
  readonly partition: number;
  readonly records: ReadonlyArray<ConsumedRecord>;
}

/** A reader of a changing set of a topic's partitions, each from its beginning, that knows where it stands in each. */
export interface PartitionFollower {
  /** Starts following `partitions` from their beginning; those followed already go on where they are. */
  readonly follow: (partitions: ReadonlyArray<number>) => Effect.Effect<void, KafkaError>;
  /** Stops following `partitions`: nothing more of them is read or handed out. */
  readonly unfollow: (partitions: ReadonlyArray<number>) => Effect.Effect<void>;
  /**
   * Follows `partitions` and waits until each is read up to the end it has when called (for
   * `read_committed`, its last stable offset): whatever committed before the call has been handed out.
   */
  readonly catchUp: (partitions: ReadonlyArray<number>) => Effect.Effect<void, KafkaError>;
  /**
   * Waits until every transaction that had written to `partitions` when called is over, then
   * catches up. A transaction's offsets can be stable before its markers reach these partitions;
   * a new owner that read those offsets must also read what the transaction wrote here.
   */
  readonly settle: (partitions: ReadonlyArray<number>) => Effect.Effect<void, KafkaError>;
  /** The partitions followed now. */
  readonly followed: () => ReadonlyArray<number>;
  /** Records between where the follower stands in `partition` and the partition's end as last seen; null when not followed. */
  readonly lag: (partition: number) => number | null;
}

interface Position {
  /** The next offset to hand out. */
  next: bigint;
  /** The partition's end, as last seen. */
  end: bigint;
}

/**
 * Follows partitions of `topic` (committed records only) and hands their records to `onRecords`,
 * in offset order within a partition, as they come, for as long as the scope lasts. One consumer
 * in a throw-away group of its own (kafkajs has no group-less assignment), which gets every
 * partition and fetches only the followed ones: the others stay paused. The group commits
 * nothing and is deleted when the scope closes.
 */
export const followPartitions = (
  topic: string,
  onRecords: (batch: FollowedRecords) => void,
): Effect.Effect<PartitionFollower, KafkaError, KafkaClient | KafkaAdmin | Scope.Scope> =>
  Effect.gen(function* () {
    const admin = yield* KafkaAdmin;
    const { kafka, options: client } = yield* KafkaClient;
    const groupId = `${client.clientId}.follower.${randomUUID()}`;
    const positions = new Map<number, Position>();
    const joined = yield* Deferred.make<void>();
    const crashed = yield* Deferred.make<never, KafkaError>();
    /**
     * Whether the consumer is in its group: between a crash kafkajs recovers from and the join of
     * its restart, it has no group, and seek, pause and resume throw. Positions set meanwhile are
     * sought at the join, which pauses every partition not followed.
     */
    let running = false;

    const consumer = yield* Effect.acquireRelease(
      Effect.suspend(() => {
        // A short wait: a standby's lag is its takeover time, and lookups report it.
        const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 100 });
        return kafkaCall('follower connect', () => consumer.connect()).pipe(Effect.as(consumer));
      }),
      (consumer) => Effect.promise(() => consumer.disconnect().catch(() => undefined)).pipe(Effect.zipRight(Effect.ignore(admin.deleteGroup(groupId)))),
    );
    const apply = () => {
      if (!running) return;
      const all = consumer.paused().find((entry) => entry.topic === topic)?.partitions ?? [];
      const resume = [...positions.keys()].filter((partition) => all.includes(partition));
      if (resume.length > 0) consumer.resume([{ topic, partitions: resume }]);
    };
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      running = true;
      const mine = payload.memberAssignment[topic] ?? [];
      const others = mine.filter((partition) => !positions.has(partition));
      if (others.length > 0) consumer.pause([{ topic, partitions: others }]);
      for (const [partition, { next }] of positions) consumer.seek({ topic, partition, offset: next.toString() });
      Effect.runSync(Deferred.succeed(joined, undefined));
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const position = positions.get(payload.partition);
      if (position === undefined) return;
      const after = BigInt(payload.lastOffset) + 1n;
      if (after > position.next) position.next = after;
      const end = BigInt(payload.highWatermark);
      if (end > position.end) position.end = end;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      running = false;
      if (!payload.restart) Effect.runSync(Deferred.fail(crashed, new KafkaError({ operation: `follow ${topic}`, cause: payload.error })));
    });
    yield* kafkaCall('follower subscribe', () => consumer.subscribe({ topics: [topic], fromBeginning: true }));
    yield* kafkaCall('follower run', () =>
      consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const position = positions.get(batch.partition);
          if (position === undefined) return;
          // A batch fetched before a seek back to the beginning is not handed out.
          const records = batch.messages.filter((message) => BigInt(message.offset) >= position.next).map((message) => consumedRecord(topic, batch.partition, message));
          if (records.length > 0) onRecords({ partition: batch.partition, records });
        },
      }),
    );
    yield* Effect.raceFirst(Deferred.await(joined), Deferred.await(crashed));

    const follow = (partitions: ReadonlyArray<number>) =>
      Effect.gen(function* () {
        const fresh = partitions.filter((partition) => !positions.has(partition));
        if (fresh.length === 0) return;
        const ranges = yield* admin.partitionRanges(topic);
        for (const range of ranges.filter((entry) => fresh.includes(entry.partition))) {
          positions.set(range.partition, { next: BigInt(range.start), end: BigInt(range.end) });
          if (running) consumer.seek({ topic, partition: range.partition, offset: range.start });
        }
        apply();
      });

    const unfollow = (partitions: ReadonlyArray<number>) =>
      Effect.sync(() => {
        const known = partitions.filter((partition) => positions.delete(partition));
        if (known.length > 0 && running) consumer.pause([{ topic, partitions: known }]);
      });

    const caughtUp = (ends: ReadonlyMap<number, bigint>) => [...ends].every(([partition, end]) => (positions.get(partition)?.next ?? -1n) >= end);
    const catchUp = (partitions: ReadonlyArray<number>) =>
      Effect.gen(function* () {
        yield* follow(partitions);
        const ends = new Map((yield* admin.partitionRanges(topic)).filter((range) => partitions.includes(range.partition)).map((range) => [range.partition, BigInt(range.end)]));
        for (const [partition, end] of ends) {
          const position = positions.get(partition);
          if (position !== undefined && end > position.end) position.end = end;
        }
        while (!caughtUp(ends)) {
          if (yield* Deferred.isDone(crashed)) return yield* Deferred.await(crashed);
          yield* Effect.sleep('5 millis');
        }
      });

    const settle = (partitions: ReadonlyArray<number>) =>
      Effect.gen(function* () {
        const endsOf = (ranges: ReadonlyArray<PartitionRange>) =>
          new Map(ranges.filter((range) => partitions.includes(range.partition)).map((range) => [range.partition, BigInt(range.end)]));
        const written = endsOf(yield* admin.partitionRanges(topic, 'written'));
        // The stable end passes the written one once no transaction that wrote below it is open.
        const over = (stable: ReadonlyMap<number, bigint>) => [...written].every(([partition, end]) => (stable.get(partition) ?? -1n) >= end);
        while (!over(endsOf(yield* admin.partitionRanges(topic)))) yield* Effect.sleep('20 millis');
        yield* catchUp(partitions);
      });

    return {
      follow,
      unfollow,
      catchUp,
      settle,
      followed: () => [...positions.keys()].sort((left, right) => left - right),
      lag: (partition) => {
        const position = positions.get(partition);
        return position === undefined ? null : Math.max(0, Number(position.end - position.next));
      },
    } satisfies PartitionFollower;
  });
