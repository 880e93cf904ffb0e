import * as Context from 'effect/Context';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import * as Schedule from 'effect/Schedule';
import { KafkaClient } from './KafkaClient.js';
import { KafkaError } from './KafkaError.js';
import { kafkaCall } from './kafkaCall.js';

const leadersKnown = Schedule.spaced('100 millis').pipe(Schedule.intersect(Schedule.recurs(100)));
const creationSettles = Schedule.spaced('250 millis').pipe(Schedule.intersect(Schedule.recurs(40)));

/** A topic as the application needs it. */
export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  /** Copies of each partition; the broker's default when absent. */
  readonly replicationFactor?: number;
  readonly configs?: Readonly<Record<string, string>>;
}

/** First and end offset of a partition; `end` is the last stable offset for read_committed readers. */
export interface PartitionRange {
  readonly partition: number;
  readonly start: string;
  readonly end: string;
}

export interface KafkaAdminService {
  /** Creates the missing topics; fails when an existing one has another partition count (co-partitioning). */
  readonly ensureTopics: (specs: ReadonlyArray<TopicSpec>) => Effect.Effect<void, KafkaError>;
  readonly partitionRanges: (topic: string) => Effect.Effect<ReadonlyArray<PartitionRange>, KafkaError>;
  /** Per partition, the first offset at or after `timestamp` (ms), or the end when none is. */
  readonly offsetsAt: (topic: string, timestamp: number) => Effect.Effect<ReadonlyMap<number, string>, KafkaError>;
  /** The group's committed offset per partition; partitions without one are absent. */
  readonly committedOffsets: (groupId: string, topic: string) => Effect.Effect<ReadonlyMap<number, string>, KafkaError>;
  readonly deleteGroup: (groupId: string) => Effect.Effect<void, KafkaError>;
  /** Deletes the topics that exist of these; the others are no error. */
  readonly deleteTopics: (topics: ReadonlyArray<string>) => Effect.Effect<void, KafkaError>;
}

/** Topic administration and offset queries, on one admin connection for the life of the layer. */
export class KafkaAdmin extends Context.Tag('@msgstatus/kafka/KafkaAdmin')<KafkaAdmin, KafkaAdminService>() {
  static readonly layer: Layer.Layer<KafkaAdmin, KafkaError, KafkaClient> = Layer.scoped(
    KafkaAdmin,
    Effect.gen(function* () {
      const { kafka } = yield* KafkaClient;
      const admin = yield* Effect.acquireRelease(
        Effect.suspend(() => {
          const admin = kafka.admin();
          return kafkaCall('admin connect', () => admin.connect()).pipe(Effect.as(admin));
        }),
        (admin) => Effect.promise(() => admin.disconnect().catch(() => undefined)),
      );

      const ensureTopics = (specs: ReadonlyArray<TopicSpec>) =>
        Effect.gen(function* () {
          const existing = new Set(yield* kafkaCall('list topics', () => admin.listTopics()));
          const missing = specs.filter((spec) => !existing.has(spec.topic));
          if (missing.length > 0) {
            yield* kafkaCall('create topics', () =>
              admin.createTopics({
                waitForLeaders: true,
                topics: missing.map((spec) => ({
                  topic: spec.topic,
                  numPartitions: spec.partitions,
                  replicationFactor: spec.replicationFactor ?? -1,
                  configEntries: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
                })),
              }),
            ).pipe(
              // Another instance may have created them in between: that is what we wanted.
              Effect.catchIf((error) => error.errorType === 'TOPIC_ALREADY_EXISTS', () => Effect.succeed(false)),
              Effect.mapError((error) =>
                error.errorType === 'INVALID_REPLICATION_FACTOR'
                  ? new KafkaError({
                      operation: 'create topics',
                      cause: new Error(
                        `replication factor ${missing[0]?.replicationFactor ?? 'default'} is more than the brokers the cluster has (a single local broker needs 1)`,
                      ),
                    })
                  : error,
              ),
            );
          }
          // `waitForLeaders` waits for the controller; a producer writing before the broker knows
          // the leaders gets NOT_LEADER for some partitions, and kafkajs's idempotent producer does
          // not recover from that partial failure (OUT_OF_ORDER_SEQUENCE_NUMBER on its retry).
          // Listing offsets needs the leader of every partition: once it answers, producing works.
          yield* Effect.forEach(specs, (spec) => kafkaCall(`offsets of ${spec.topic}`, () => admin.fetchTopicOffsets(spec.topic)), {
            discard: true,
          }).pipe(Effect.retry(leadersKnown));
          const { topics } = yield* kafkaCall('describe topics', () => admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.topic) }));
          for (const spec of specs) {
            const found = topics.find((topic) => topic.name === spec.topic);
            if (found !== undefined && found.partitions.length !== spec.partitions) {
              return yield* new KafkaError({
                operation: 'ensure topics',
                cause: new Error(
                  `topic ${spec.topic} has ${found.partitions.length} partitions, msgstatus needs ${spec.partitions} (co-partitioned topics must match)`,
                ),
              });
            }
          }
        }).pipe(
          // While topics are being created (by us or by others at the same time) the broker may
          // answer that it does not host them yet: kafkajs marks such answers retriable.
          Effect.retry({ schedule: creationSettles, while: (error) => (error.cause as { retriable?: unknown } | null)?.retriable === true }),
        );

      const partitionRanges = (topic: string) =>
        kafkaCall(`offsets of ${topic}`, () => admin.fetchTopicOffsets(topic)).pipe(
          Effect.map((offsets) =>
            offsets
              .map(({ partition, low, high }) => ({ partition, start: low, end: high }))
              .sort((a, b) => a.partition - b.partition),
          ),
        );

      const offsetsAt = (topic: string, timestamp: number) =>
        kafkaCall(`offsets of ${topic} at ${timestamp}`, () => admin.fetchTopicOffsetsByTimestamp(topic, timestamp)).pipe(
          Effect.map((offsets) => new Map(offsets.map(({ partition, offset }) => [partition, offset]))),
        );

      const committedOffsets = (groupId: string, topic: string) =>
        kafkaCall(`committed offsets of ${groupId}`, () => admin.fetchOffsets({ groupId, topics: [topic] })).pipe(
          Effect.map((answer) => {
            const committed = new Map<number, string>();
            for (const { partition, offset } of answer.find((entry) => entry.topic === topic)?.partitions ?? []) {
              if (offset !== '-1') committed.set(partition, offset);
            }
            return committed;
          }),
        );

      const deleteGroup = (groupId: string) =>
        kafkaCall(`delete group ${groupId}`, () => admin.deleteGroups([groupId])).pipe(Effect.asVoid);

      const deleteTopics = (topics: ReadonlyArray<string>) =>
        Effect.gen(function* () {
          const existing = new Set(yield* kafkaCall('list topics', () => admin.listTopics()));
          const doomed = topics.filter((topic) => existing.has(topic));
          if (doomed.length > 0) yield* kafkaCall('delete topics', () => admin.deleteTopics({ topics: doomed }));
        });

      return { ensureTopics, partitionRanges, offsetsAt, committedOffsets, deleteGroup, deleteTopics };
    }),
  );
}
