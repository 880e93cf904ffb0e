import * as Config from 'effect/Config';
import type * as Duration from 'effect/Duration';
import * as Effect from 'effect/Effect';
import * as Schedule from 'effect/Schedule';
import * as Stream from 'effect/Stream';
import type { Kafka, Producer } from 'kafkajs';
import { consumeBatches, type ConsumedBatch, type ConsumerOptions } from './consumeBatches.js';
import { fastPartitioner } from './fastPartitioner.js';
import { KafkaError } from './KafkaError.js';
import { kafkaCall } from './kafkaCall.js';
import type { OutgoingRecord } from './records.js';

/**
 * How a stage's transactions are fenced against zombies (an instance that lost its partitions but
 * does not know it yet):
 * - `group` (KIP-447, brokers 2.5 and later): one transactional producer per instance, its
 *   transactions spanning all its partitions and committing every `commitIntervalMs`; the group
 *   coordinator refuses the offsets of a generation that is over, so a zombie's transaction aborts.
 * - `partition` (any broker): one transactional id, producer and transaction per input partition,
 *   a transaction per batch; a new owner's InitProducerId fences the old one.
 */
export const fencings = ['group', 'partition'] as const;
export type Fencing = (typeof fencings)[number];

/**
 * `partition` until `group` is exact on a cluster under faults: `npm run soak:cluster` with `group`
 * still loses a few changes (each its message's last) where `partition` is exact.
 */
export const defaultFencing: Fencing = 'partition';

export interface ExactlyOnceOptions<E, R> {
  readonly groupId: string;
  readonly topics: ReadonlyArray<string>;
  /**
   * Transactional ids start with it: `<prefix>.<topic>.<partition>`, stable, one per input
   * partition (`partition` fencing), or `<prefix>.<random id>`, one per instance (`group`).
   */
  readonly transactionalIdPrefix: string;
  /** Default `defaultFencing`. */
  readonly fencing?: Fencing;
  /** How often the open transaction commits under `group` fencing (Kafka Streams' commit.interval.ms). Default 100. */
  readonly commitIntervalMs?: number;
  /** Partitions processed at once (never two batches of one partition). */
  readonly concurrency?: number;
  readonly onAssignment?: ConsumerOptions['onAssignment'];
  readonly standby?: ConsumerOptions['standby'];
  readonly sessionTimeoutMs?: number;
  /**
   * Runs for partitions being taken over (after an assignment, or after a failed commit), once
   * their earlier owners' last transactions are over: whatever the caller keeps per partition must
   * be rebuilt here from committed data. Told the group's committed offset of each (absent: none
   * yet): what the caller kept of a partition is still current only when no one committed to it
   * since its own last commit.
   */
  readonly prepare?: (topic: string, partitions: ReadonlyArray<number>, committed: ReadonlyMap<number, string>) => Effect.Effect<void, E, R>;
  /** The outputs of a batch. They commit atomically with the batch's offsets, or not at all. */
  readonly process: (batch: ConsumedBatch) => Effect.Effect<ReadonlyArray<OutgoingRecord>, E, R>;
  /** Told after each committed batch, with its outputs and the seconds from fetched to committed. */
  readonly onCommitted?: (batch: ConsumedBatch, outputs: ReadonlyArray<OutgoingRecord>, seconds: number) => void;
  /** Told when a processed batch's transaction did not commit: it is aborted and the batch processed again. */
  readonly onAborted?: (batch: ConsumedBatch) => void;
  /** Waited after a failed commit before the batch is fetched again. Default 1 s. */
  readonly failureBackoff?: Duration.DurationInput;
}

/** Rejoins after 1 s, 2 s, 4 s ... then every 10 s, for as long as Kafka is away; other failures end the app. */
const reconnect = Schedule.exponential('1 second').pipe(
  Schedule.union(Schedule.spaced('10 seconds')),
  Schedule.whileInput((error: unknown) => error instanceof KafkaError),
);

/** The stage's batches: its group, from the beginning where nothing is committed yet. */
export const stageBatches = <E, R>(options: ExactlyOnceOptions<E, R>, onRebalancing?: () => void) =>
  consumeBatches({
    groupId: options.groupId,
    topics: options.topics,
    fromBeginning: true,
    concurrency: options.concurrency,
    onAssignment: options.onAssignment,
    standby: options.standby,
    sessionTimeoutMs: options.sessionTimeoutMs,
    onRebalancing,
  });

/**
 * Runs `stream` again with a new consumer when Kafka failed it: kafkajs gives up on a broker that
 * stays away (a restart, an outage), and a new consumer joins when it is back. What was built under
 * the old one is stale by its assignment number.
 */
export const rejoiningOnKafkaFailure = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  stream.pipe(
    Stream.tapError((error) =>
      error instanceof KafkaError ? Effect.logWarning('consumer stopped; joining again').pipe(Effect.annotateLogs({ error: error.message })) : Effect.void,
    ),
    Stream.retry(reconnect),
  );

export const disconnect = (producer: Producer) => Effect.promise(() => producer.disconnect().catch(() => undefined));

/**
 * A connected transactional producer that has registered `transactionalId`: InitProducerId fences
 * any earlier producer of that id and completes its open transaction.
 */
export const transactionalProducer = (kafka: Kafka, transactionalId: string, transactionTimeout: number) =>
  Effect.suspend(() => {
    const producer = kafka.producer({
      transactionalId,
      createPartitioner: fastPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout,
      // Right after a commit the broker answers CONCURRENT_TRANSACTIONS until its markers are
      // written (a few ms); kafkajs's default first retry after 100 ms and more would add that
      // to every batch's latency.
      retry: { initialRetryTime: 10, maxRetryTime: 1_000, retries: 10 },
    });
    // An empty transaction is how kafkajs sends InitProducerId; aborting it costs no request.
    return kafkaCall('register transactional id', async () => {
      await producer.connect();
      const transaction = await producer.transaction();
      await transaction.abort();
      return producer;
    }).pipe(Effect.tapError(() => disconnect(producer)));
  });

/**
 * Whether `batch` starts before the group's committed offset of its partition, as known when the
 * partition was taken over: the previous owner committed after this member's join fetched its
 * offsets. Such a batch is sent back to start at the committed offset.
 */
export const behindCommitted = (batch: ConsumedBatch, committed: string | null) =>
  Effect.gen(function* () {
    if (committed === null || BigInt(batch.records[0]!.offset) >= BigInt(committed)) return false;
    yield* Effect.logInfo('batch is behind the committed offset; seeking').pipe(Effect.annotateLogs({ topic: batch.topic, partition: batch.partition, committed }));
    yield* batch.redeliver(committed);
    return true;
  });

/** The log line of partitions taken over, with the committed offset each starts from. */
export const logTakenOver = (topic: string, partitions: ReadonlyArray<number>, committed: ReadonlyMap<number, string>, assignment: number) =>
  Effect.logInfo('partitions taken over').pipe(
    Effect.annotateLogs({ topic, partitions: partitions.map((partition) => `${partition}@${committed.get(partition) ?? 'none'}`).join(','), assignment }),
  );

/** How the stages' transactions run: `MSGSTATUS_FENCING` (default `defaultFencing`) and `MSGSTATUS_COMMIT_INTERVAL_MS` (default 100). */
export const transactionsConfig: Config.Config<{ readonly fencing: Fencing; readonly commitIntervalMs: number }> = Config.all({
  fencing: Config.literal(...fencings)('MSGSTATUS_FENCING').pipe(Config.withDefault(defaultFencing)),
  // Validated before the default: a refusal then names the variable.
  commitIntervalMs: Config.integer('MSGSTATUS_COMMIT_INTERVAL_MS').pipe(
    Config.validate({ message: 'milliseconds, at least 1', validation: (ms) => ms >= 1 }),
    Config.withDefault(100),
  ),
});

/** `transactionsConfig`'s variables, for the README's configuration table (checked against the Config). */
export const transactionsVariables = [
  {
    name: 'MSGSTATUS_FENCING',
    default: defaultFencing,
    description:
      '`partition`: a transaction per batch and input partition, fenced by its transactional id (any broker); `group`: one transaction per instance and commit interval, zombies fenced by the consumer group (brokers 2.5 and later; not yet exact under the cluster soak\'s faults)',
  },
  { name: 'MSGSTATUS_COMMIT_INTERVAL_MS', default: '100', description: 'How often a stage commits its open transaction with `group` fencing' },
] as const;
