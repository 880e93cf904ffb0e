import * as Effect from 'effect/Effect';
import * as Runtime from 'effect/Runtime';
import * as Stream from 'effect/Stream';
import { KafkaClient } from './KafkaClient.js';
import { KafkaError } from './KafkaError.js';
import { kafkaCall } from './kafkaCall.js';
import { consumedRecord, type ConsumedRecord } from './records.js';
import { placementOf, standbyAssigners, type Placement, type StandbyAssignorOptions } from './standbyAssignor.js';

export interface ConsumerOptions {
  readonly groupId: string;
  readonly topics: ReadonlyArray<string>;
  /** Where a group without committed offsets starts. */
  readonly fromBeginning: boolean;
  /** How many partitions' batches may be out at once (never two of one partition). Default 1. */
  readonly concurrency?: number;
  /**
   * Called with the partitions of each topic every time the group hands this member its share,
   * and, with `standby`, the placement of the first topic (this member's standbys, every partition's holders).
   */
  readonly onAssignment?: (assignment: Readonly<Record<string, ReadonlyArray<number>>>, placement: Placement | null) => void;
  /** Partitions are placed by the standby assignor (warm copies of each partition's state on other members). */
  readonly standby?: StandbyAssignorOptions;
  /** How long the group waits for a silent member (a crashed one) before giving its partitions away. Default 30 s. */
  readonly sessionTimeoutMs?: number;
  /** Told when the group has begun a rebalance this member will join: what it would commit must commit now, under the generation that ends. */
  readonly onRebalancing?: () => void;
}

/** This member of the consumer group, in one generation: what a transactional offset commit is fenced by (KIP-447). */
export interface GroupMember {
  readonly generationId: number;
  readonly memberId: string;
}

/**
 * A batch of one partition, handed out until it is settled: kafkajs fetches nothing more of that
 * partition, and commits nothing, before `ack` or `redeliver`.
 */
export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: ReadonlyArray<ConsumedRecord>;
  /** The offset after this batch (control records included): the one to commit once it is processed. */
  readonly nextOffset: string;
  /** The partition's end when the batch was fetched: `highWatermark - nextOffset` is the consumer lag after it. */
  readonly highWatermark: string;
  /** Counts this member's group joins: what was built for a partition under an earlier one may be stale. */
  readonly assignment: number;
  /** The partitions of this topic assigned to this member when the batch was handed out. */
  readonly assignedPartitions: ReadonlyArray<number>;
  /** The member and generation the batch was fetched under. */
  readonly member: GroupMember;
  /**
   * Whether the consumer has joined its group again since the batch was fetched: the join
   * positioned every partition anew at the group's committed offsets, so the batch must be
   * `drop`ped, neither acknowledged nor redelivered.
   */
  readonly superseded: () => boolean;
  /** Processed: fetching goes on after the batch. Only the first of `ack` and `redeliver` counts. */
  readonly ack: Effect.Effect<void>;
  /** Not processed: the records are fetched again, from `offset` when given, else from the batch's first. */
  readonly redeliver: (offset?: string) => Effect.Effect<void>;
  /** Settled, the partition's position left as it is: for a batch `superseded` by a later join. */
  readonly drop: Effect.Effect<void>;
}

// Counted across consumers of the process: a consumer made anew after a failure never repeats a number.
let joins = 0;

/**
 * Consumes `topics` in a consumer group as a Stream of batches with explicit acknowledgement.
 * Unlike handing records to a queue from `eachBatch` (the effect-kafka pitfall), the kafkajs
 * callback waits until the stream's consumer settles the batch, so no offset runs ahead of the
 * processing. Auto-commit is off: offsets are committed by the caller (`ExactlyOnce` commits them
 * in the output transaction). Reads only committed records (`read_committed`).
 */
export const consumeBatches = (options: ConsumerOptions): Stream.Stream<ConsumedBatch, KafkaError, KafkaClient> =>
  Stream.asyncScoped<ConsumedBatch, KafkaError, KafkaClient>((emit) =>
    Effect.gen(function* () {
      const { kafka } = yield* KafkaClient;
      const consumer = yield* Effect.acquireRelease(
        Effect.suspend(() => {
          const consumer = kafka.consumer({
            groupId: options.groupId,
            readUncommitted: false,
            sessionTimeout: options.sessionTimeoutMs ?? 30_000,
            // Heartbeats well inside the session, as Kafka advises (at most a third of it).
            heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 5)),
            rebalanceTimeout: 60_000,
            ...(options.standby === undefined ? {} : { partitionAssigners: standbyAssigners(options.standby) }),
            // An idle fetch returns after this long at most. Outputs of transactions become visible
            // when they commit, which does not always wake a waiting read_committed fetch: a short
            // wait keeps the end-to-end latency low, at the cost of a few idle fetches a second.
            maxWaitTimeInMs: 100,
          });
          return kafkaCall('consumer connect', () => consumer.connect()).pipe(Effect.as(consumer));
        }),
        (consumer) => Effect.promise(() => consumer.disconnect().catch(() => undefined)),
      );
      const unsettled = new Set<() => void>();
      let closing = false;
      // Runs before the disconnect above: a batch still out must let kafkajs's callback return, and
      // one kafkajs hands out after this point returns at once (else the disconnect waits for it forever).
      yield* Effect.addFinalizer(() =>
        Effect.sync(() => {
          closing = true;
          unsettled.forEach((settle) => settle());
        }),
      );

      let assignment = 0;
      let assigned: Readonly<Record<string, ReadonlyArray<number>>> = {};
      let member: GroupMember = { generationId: -1, memberId: '' };
      const runtime = yield* Effect.runtime<never>();
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        assignment = ++joins;
        assigned = payload.memberAssignment;
        member = { generationId: payload.generationId, memberId: payload.memberId };
        // The first sign of life an operator sees of a consumer: before it, the group was still forming.
        const partitions = Object.entries(assigned).map(([topic, numbers]) => `${topic}: ${numbers.length === 0 ? 'none' : [...numbers].sort((a, b) => a - b).join(',')}`);
        Runtime.runFork(runtime)(
          Effect.logInfo(`joined group ${payload.groupId}`).pipe(
            Effect.annotateLogs({ memberId: payload.memberId, leader: payload.isLeader, joinMs: payload.duration, partitions: partitions.join('; ') || 'none' }),
          ),
        );
        options.onAssignment?.(assigned, placementOf(payload.memberAssignmentUserData, options.topics[0]!));
      });
      if (options.onRebalancing !== undefined) consumer.on(consumer.events.REBALANCING, () => options.onRebalancing?.());
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) void emit.fail(new KafkaError({ operation: `consume ${options.topics.join(', ')}`, cause: payload.error }));
      });

      yield* kafkaCall('subscribe', () => consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning }));
      yield* kafkaCall('consumer run', () =>
        consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: options.concurrency ?? 1,
          eachBatch: async ({ batch, resolveOffset }) => {
            if (batch.messages.length === 0 || closing) return;
            await new Promise<void>((release) => {
              let settled = false;
              // The first of ack / redeliver / shutdown wins; later calls do nothing (no seek after an ack).
              const settleWith = (effect: () => void) => () => {
                if (settled) return;
                settled = true;
                unsettled.delete(settle);
                effect();
                release();
              };
              const settle = settleWith(() => undefined);
              unsettled.add(settle);
              const lastOffset = batch.lastOffset();
              const fetchedUnder = assignment;
              void emit.single({
                topic: batch.topic,
                partition: batch.partition,
                records: batch.messages.map((message) => consumedRecord(batch.topic, batch.partition, message)),
                nextOffset: (BigInt(lastOffset) + 1n).toString(),
                highWatermark: batch.highWatermark,
                assignment,
                assignedPartitions: assigned[batch.topic] ?? [],
                member,
                superseded: () => assignment !== fetchedUnder,
                drop: Effect.sync(settle),
                ack: Effect.sync(settleWith(() => resolveOffset(lastOffset))),
                redeliver: (offset) =>
                  Effect.sync(
                    settleWith(() => consumer.seek({ topic: batch.topic, partition: batch.partition, offset: offset ?? batch.messages[0]!.offset })),
                  ),
              });
            });
          },
        }),
      );
    }),
  );
