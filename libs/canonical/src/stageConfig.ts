import * as Config from 'effect/Config';
import * as Option from 'effect/Option';
import { receiptWindowsConfig, type ReceiptWindowSettings } from './receiptWindows.js';
import { canonicalPartitions, defaultStateRetentionMs, defaultTopicPrefix, defaultTopicStorage, topicNames, topicStorageVariables, type Topics, type TopicStorage } from './topics.js';

/**
 * `MSGSTATUS_STATE_RETENTION_MS`: how long, in receipt time, a message that has ended (read, or a
 * failure) is kept after its last change (default 30 days). The projector and `msgstatus replay`
 * decide with it, so both must be given the same.
 */
export const stateRetentionConfig: Config.Config<number> = Config.integer('MSGSTATUS_STATE_RETENTION_MS').pipe(
  Config.withDefault(defaultStateRetentionMs),
  Config.validate({ message: 'MSGSTATUS_STATE_RETENTION_MS: at least 1000 (a second)', validation: (ms) => ms >= 1000 }),
);

/**
 * What the projector and `msgstatus replay` decide with, besides the log: the state retention and
 * the receipt windows. Both must be given the same for replay to equal the pipeline.
 */
export const projectionConfig = (
  providerIds: ReadonlyArray<string>,
): Config.Config<{ readonly stateRetentionMs: number; readonly receiptWindows: ReceiptWindowSettings; readonly partitions: number }> =>
  Config.all({ stateRetentionMs: stateRetentionConfig, receiptWindows: receiptWindowsConfig(providerIds), partitions: partitionsConfig });

/** `MSGSTATUS_PARTITIONS`: of the topics the apps create; replay keeps a receipt clock per partition by it. */
const partitionsConfig: Config.Config<number> = Config.integer('MSGSTATUS_PARTITIONS').pipe(
  Config.withDefault(canonicalPartitions),
  Config.validate({ message: 'at least 1', validation: (n) => n >= 1 }),
);

function retention(name: string, fallback: number): Config.Config<number> {
  return Config.integer(name).pipe(
    Config.withDefault(fallback),
    Config.validate({ message: 'milliseconds, or -1 for ever', validation: (ms) => ms === -1 || ms >= 1 }),
  );
}

/**
 * `MSGSTATUS_TOPIC_PREFIX` (default `msgstatus`), `MSGSTATUS_CONCURRENCY` (partitions at once,
 * default 32), `MSGSTATUS_SESSION_TIMEOUT_MS` (default 30000; the broker allows 6000 and up) and
 * `MSGSTATUS_PARTITIONS` (of the topics it creates, default 6), and how those topics are stored
 * (replication, retention: `TopicStorage`).
 */
export const stageConfig: Config.Config<{
  readonly names: Topics;
  readonly concurrency: number;
  readonly sessionTimeoutMs: number;
  readonly partitions: number;
  readonly storage: TopicStorage;
  readonly stateRetentionMs: number;
}> = Config.all({
  names: Config.string('MSGSTATUS_TOPIC_PREFIX').pipe(
    Config.withDefault(defaultTopicPrefix),
    Config.validate({ message: 'a topic prefix: letters, digits, ., _ and -', validation: (prefix) => /^[A-Za-z0-9._-]{1,100}$/.test(prefix) }),
    Config.map(topicNames),
  ),
  // Every assigned partition in flight at once (the ingestor has 3 × 6): each has its own producer,
  // and while one waits on its transaction's round trips the others compute (docs/benchmarks.md).
  concurrency: Config.integer('MSGSTATUS_CONCURRENCY').pipe(
    Config.withDefault(32),
    Config.validate({ message: 'at least 1', validation: (n) => n >= 1 }),
  ),
  partitions: partitionsConfig,
  storage: Config.all({
    // Unset: fitted to the cluster when topics are created (TopicStorage says how).
    replicationFactor: Config.integer(topicStorageVariables.replicationFactor).pipe(
      Config.validate({ message: 'at least 1', validation: (n) => n >= 1 }),
      Config.option,
      Config.map(Option.getOrUndefined),
    ),
    minInsyncReplicas: Config.integer(topicStorageVariables.minInsyncReplicas).pipe(
      Config.validate({ message: 'at least 1', validation: (n) => n >= 1 }),
      Config.option,
      Config.map(Option.getOrUndefined),
    ),
    retentionMs: Config.all({
      raw: retention('MSGSTATUS_RETENTION_RAW_MS', defaultTopicStorage.retentionMs.raw),
      observations: retention('MSGSTATUS_RETENTION_OBSERVATIONS_MS', defaultTopicStorage.retentionMs.observations),
      changes: retention('MSGSTATUS_RETENTION_CHANGES_MS', defaultTopicStorage.retentionMs.changes),
      deadLetter: retention('MSGSTATUS_RETENTION_DEAD_LETTER_MS', defaultTopicStorage.retentionMs.deadLetter),
      anomalies: retention('MSGSTATUS_RETENTION_ANOMALIES_MS', defaultTopicStorage.retentionMs.anomalies),
    }),
  }).pipe(
    Config.validate({
      message:
        `${topicStorageVariables.minInsyncReplicas} may not exceed ${topicStorageVariables.replicationFactor} (no write could ever be acknowledged): ` +
        'lower it, or unset both and the topics fit the cluster (1 and 1 on one broker, 3 and 2 on three or more)',
      validation: ({ replicationFactor, minInsyncReplicas }) => replicationFactor === undefined || minInsyncReplicas === undefined || minInsyncReplicas <= replicationFactor,
    }),
  ),
  stateRetentionMs: stateRetentionConfig,
  sessionTimeoutMs: Config.integer('MSGSTATUS_SESSION_TIMEOUT_MS').pipe(
    Config.withDefault(30_000),
    Config.validate({ message: 'at least 6000 (the broker refuses shorter sessions)', validation: (n) => n >= 6_000 }),
  ),
});

export const stageVariables = [
  { name: 'MSGSTATUS_TOPIC_PREFIX', default: 'msgstatus', description: 'Prefix of every topic name (`<prefix>.changes`, ...)' },
  { name: 'MSGSTATUS_CONCURRENCY', default: '32', description: 'Partitions processed at once' },
  { name: 'MSGSTATUS_PARTITIONS', default: String(canonicalPartitions), description: 'Partitions of the topics it creates when missing; replay keeps a receipt clock per partition, as the projector does, so give it the observations topic\'s count' },
  { name: topicStorageVariables.replicationFactor, default: null, description: "Copies of each partition of the topics it creates; unset, 3 (or the brokers' own `default.replication.factor` where raised), or as many as there are brokers when fewer" },
  { name: topicStorageVariables.minInsyncReplicas, default: null, description: 'Copies that must have a write before it is acknowledged (`min.insync.replicas`); unset, one less than the copies, between 1 and 2' },
  { name: 'MSGSTATUS_RETENTION_RAW_MS', default: String(defaultTopicStorage.retentionMs.raw), description: 'How long raw topics keep provider events (30 days; -1 for ever)' },
  { name: 'MSGSTATUS_RETENTION_OBSERVATIONS_MS', default: '-1', description: 'How long the observations topic (the event log) is kept (-1: for ever)' },
  { name: 'MSGSTATUS_RETENTION_CHANGES_MS', default: '-1', description: 'How long the changes topic is kept (-1: for ever, so a consumer can rebuild from it)' },
  { name: 'MSGSTATUS_RETENTION_DEAD_LETTER_MS', default: String(defaultTopicStorage.retentionMs.deadLetter), description: 'How long dead letters are kept (30 days)' },
  { name: 'MSGSTATUS_RETENTION_ANOMALIES_MS', default: String(defaultTopicStorage.retentionMs.anomalies), description: 'How long anomalies are kept (90 days)' },
  { name: 'MSGSTATUS_STATE_RETENTION_MS', default: String(30 * 86_400_000), description: 'How long a final message stays in the state after its last change (30 days); replay and the projector must agree' },
  { name: 'MSGSTATUS_SESSION_TIMEOUT_MS', default: '30000', description: "How long a crashed member's partitions wait before moving (6000 and up)" },
] as const;
