import kafkajs from 'kafkajs';
import * as Context from 'effect/Context';
import * as Effect from 'effect/Effect';
import * as Either from 'effect/Either';
import * as Layer from 'effect/Layer';
import * as Schedule from 'effect/Schedule';
import { KafkaClient } from './KafkaClient.js';
import { KafkaError } from './KafkaError.js';
import { kafkaCall } from './kafkaCall.js';
import { fittedReplication, wantedCopies, type ClusterShape } from './topicReplication.js';

const { ConfigResourceTypes } = kafkajs;
const leadersKnown = Schedule.spaced('100 millis').pipe(Schedule.intersect(Schedule.recurs(100)));
const creationSettles = Schedule.spaced('250 millis').pipe(Schedule.intersect(Schedule.recurs(40)));
/** 50 ms, doubling to 1 s, about a minute in all: longer than a fenced transaction takes to settle. */
const pendingOffsetsSettle = Schedule.exponential('50 millis').pipe(Schedule.union(Schedule.spaced('1 second')), Schedule.intersect(Schedule.recurs(64)));

/** A topic as the application needs it. */
export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  /** Copies of each partition; fitted to the cluster when absent (`fittedReplication`). */
  readonly replicationFactor?: number;
  /** Copies that must have a write before it is acknowledged; fitted when absent. */
  readonly minInsyncReplicas?: number;
  readonly configs?: Readonly<Record<string, string>>;
  /** The settings that gave the two above, named in the error that says which one to change. */
  readonly setBy?: { readonly replicationFactor: string; readonly minInsyncReplicas: string };
}

const unnamedSettings = { replicationFactor: 'the replication factor', minInsyncReplicas: 'min.insync.replicas' };

/**
 * First and end offset of a partition; `end` is the last stable offset (what `read_committed`
 * readers can reach), or the high watermark when asked for `written` records.
 */
export interface PartitionRange {
  readonly partition: number;
  readonly start: string;
  readonly end: string;
}

export interface KafkaAdminService {
  /** Creates the missing topics; fails when an existing one has another partition count (co-partitioning). */
  readonly ensureTopics: (specs: ReadonlyArray<TopicSpec>) => Effect.Effect<void, KafkaError>;
  /** `written`: the end is the high watermark, records of transactions not yet over included. */
  readonly partitionRanges: (topic: string, ends?: 'stable' | 'written') => Effect.Effect<ReadonlyArray<PartitionRange>, KafkaError>;
  /** Per partition, the first offset at or after `timestamp` (ms), or the end when none is. */
  readonly offsetsAt: (topic: string, timestamp: number) => Effect.Effect<ReadonlyMap<number, string>, KafkaError>;
  /**
   * The group's committed offset per partition; partitions without one are absent. Stable: while a
   * transaction's offsets for the topic are still pending (committed or aborted, not yet applied
   * by the group coordinator) it waits, rather than answer with the offsets from before them.
   */
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

      /** The brokers' `default.replication.factor`, asked only when topics are to be created. */
      const defaultReplicationFactor = (brokerId: number) =>
        kafkaCall('describe broker configs', () =>
          admin.describeConfigs({
            includeSynonyms: false,
            resources: [{ type: ConfigResourceTypes.BROKER, name: String(brokerId), configNames: ['default.replication.factor'] }],
          }),
        ).pipe(
          Effect.map(({ resources }) => Number(resources[0]?.configEntries.find((entry) => entry.configName === 'default.replication.factor')?.configValue ?? 1) || 1),
        );

      /** What the topics really have: copies per partition and min.insync.replicas, each value with its topics' count. */
      const replicationOf = (metadata: ReadonlyArray<{ readonly name: string; readonly partitions: ReadonlyArray<{ readonly replicas: ReadonlyArray<number> }> }>) =>
        Effect.gen(function* () {
          const { resources } = yield* kafkaCall('describe topic configs', () =>
            admin.describeConfigs({
              includeSynonyms: false,
              resources: metadata.map(({ name }) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['min.insync.replicas'] })),
            }),
          );
          const count = (values: ReadonlyArray<string>) => {
            const counts = new Map<string, number>();
            for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
            return [...counts].map(([value, topics]) => (topics === values.length ? value : `${value} (${topics} topics)`)).join(', ');
          };
          return {
            replicationFactor: count(metadata.map((topic) => String(Math.min(...topic.partitions.map((partition) => partition.replicas.length))))),
            minInsyncReplicas: count(resources.map((resource) => resource.configEntries[0]?.configValue ?? '?')),
            lowest: Math.min(...metadata.flatMap((topic) => topic.partitions.map((partition) => partition.replicas.length))),
          };
        });

      const ensureTopics = (specs: ReadonlyArray<TopicSpec>) =>
        Effect.gen(function* () {
          const existing = new Set(yield* kafkaCall('list topics', () => admin.listTopics()));
          const missing = specs.filter((spec) => !existing.has(spec.topic));
          const { brokers } = yield* kafkaCall('describe cluster', () => admin.describeCluster());
          if (missing.length > 0) {
            const cluster: ClusterShape = { brokers: brokers.length, defaultReplicationFactor: yield* defaultReplicationFactor(brokers[0]?.nodeId ?? 1) };
            const fitted = yield* Effect.forEach(missing, (spec) =>
              Either.match(fittedReplication(cluster, spec, spec.setBy ?? unnamedSettings), {
                onLeft: (problem) => Effect.fail(new KafkaError({ operation: 'create topics', cause: new Error(problem) })),
                onRight: (replication) => Effect.succeed({ spec, ...replication }),
              }),
            );
            yield* kafkaCall('create topics', () =>
              admin.createTopics({
                waitForLeaders: true,
                topics: fitted.map(({ spec, replicationFactor, minInsyncReplicas }) => ({
                  topic: spec.topic,
                  numPartitions: spec.partitions,
                  replicationFactor,
                  configEntries: Object.entries({ ...spec.configs, 'min.insync.replicas': String(minInsyncReplicas) }).map(([name, value]) => ({ name, value })),
                })),
              }),
            ).pipe(
              // Another instance may have created them in between: that is what we wanted.
              Effect.catchIf((error) => error.errorType === 'TOPIC_ALREADY_EXISTS', () => Effect.succeed(false)),
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
          const replication = yield* replicationOf(topics);
          const line =
            `${specs.length} topics ready (${missing.length} created now): replication ${replication.replicationFactor}, ` +
            `min.insync.replicas ${replication.minInsyncReplicas}, on a cluster of ${brokers.length} broker${brokers.length === 1 ? '' : 's'}`;
          // A single broker can hold one copy only: nothing to warn of. A cluster that could hold more can.
          yield* replication.lowest < Math.min(wantedCopies, brokers.length)
            ? Effect.logWarning(`${line}; some partitions have fewer copies than the cluster could hold: one broker's loss can lose their records`)
            : Effect.logInfo(line);
        }).pipe(
          // While topics are being created (by us or by others at the same time) the broker may
          // answer that it does not host them yet: kafkajs marks such answers retriable.
          Effect.retry({ schedule: creationSettles, while: (error) => (error.cause as { retriable?: unknown } | null)?.retriable === true }),
        );

      const partitionRanges = (topic: string, ends: 'stable' | 'written' = 'stable') =>
        // Our kafkajs patch takes the isolation level of the ListOffsets request (0: read_uncommitted).
        kafkaCall(`offsets of ${topic}`, () => admin.fetchTopicOffsets(topic, ends === 'written' ? { isolationLevel: 0 } : {})).pipe(
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
        kafkaCall(`committed offsets of ${groupId}`, () => admin.fetchOffsets({ groupId, topics: [topic], requireStable: true })).pipe(
          Effect.retry({ schedule: pendingOffsetsSettle, while: (error) => error.errorType === 'UNSTABLE_OFFSET_COMMIT' }),
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
