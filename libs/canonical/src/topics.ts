/**
 * Every Kafka topic of msgstatus, written down once. Names follow `<prefix>.<stage>[.<provider>]`
 * with the prefix `msgstatus` unless configured (`MSGSTATUS_TOPIC_PREFIX`; tests use a unique one).
 * All topics share one partition count (6 unless `MSGSTATUS_PARTITIONS` says otherwise) so that a message's observations, changes and state sit in
 * partitions of the same number (co-partitioned); the projector relies on it to restore state.
 */
export const canonicalPartitions = 6;

export interface Topics {
  readonly prefix: string;
  /** Raw provider events, one topic per provider, keyed by the provider's message id(s). */
  readonly raw: (provider: string) => string;
  /** Canonical observations (the event log), keyed by messageId. */
  readonly observations: string;
  /** Canonical status changes (the output stream), keyed by messageId. */
  readonly changes: string;
  /** Latest state per message, compacted: the projector's snapshot, a cache of the log. */
  readonly state: string;
  /** Raw events or items that could not be normalized: original bytes, with the reason in headers. */
  readonly deadLetter: string;
  /** Conflicting observations, with both facts. */
  readonly anomalies: string;
}

export const defaultTopicPrefix = 'msgstatus';

export function topicNames(prefix: string = defaultTopicPrefix): Topics {
  return {
    prefix,
    raw: (provider) => `${prefix}.raw.${provider}`,
    observations: `${prefix}.observations`,
    changes: `${prefix}.changes`,
    state: `${prefix}.state`,
    deadLetter: `${prefix}.dead-letter`,
    anomalies: `${prefix}.anomalies`,
  };
}

/** The default topic names. */
export const topics: Topics = topicNames();

/** The provider whose raw topic this is, or null. */
export function providerOfRawTopic(names: Topics, topic: string): string | null {
  const head = `${names.prefix}.raw.`;
  return topic.startsWith(head) && topic.length > head.length ? topic.slice(head.length) : null;
}

export interface TopicDefinition {
  readonly topic: string;
  readonly partitions: number;
  /** Copies of each partition; absent: fitted to the cluster when the topic is created (`TopicStorage`). */
  readonly replicationFactor?: number;
  /** Copies that must have a write before it is acknowledged; absent: fitted as the replication is. */
  readonly minInsyncReplicas?: number;
  readonly configs: Readonly<Record<string, string>>;
  /** The settings that gave the two above, for the message that says which one to change. */
  readonly setBy: { readonly replicationFactor: string; readonly minInsyncReplicas: string };
}

/** The variables that set a topic's replication (stageConfig reads them; errors name them). */
export const topicStorageVariables = { replicationFactor: 'MSGSTATUS_REPLICATION_FACTOR', minInsyncReplicas: 'MSGSTATUS_MIN_INSYNC_REPLICAS' } as const;

const day = 24 * 60 * 60 * 1000;

/** How long a message that ended stays in the state after its last change, unless configured: 30 days (docs/contract.md section 8). */
export const defaultStateRetentionMs = 30 * day;

/**
 * How the topics msgstatus creates are stored. Replication left unset is fitted to the cluster
 * when the topics are created: each partition on three brokers, a write acknowledged by two (with
 * `acks=all`, which every producer of ours uses), so one broker can fail without losing or
 * refusing anything; on a cluster of fewer brokers, on as many as there are (one broker: 1 and 1).
 * Not the broker's own `default.replication.factor`, which Kafka ships as 1: on a cluster nobody
 * configured that would make unreplicated topics without a word. Retention is in milliseconds, -1
 * for ever.
 */
export interface TopicStorage {
  readonly replicationFactor?: number;
  readonly minInsyncReplicas?: number;
  readonly retentionMs: {
    /** Raw provider events: what `msgstatus replay --from-topic` audits. */
    readonly raw: number;
    /** The event log: the truth the state is rebuilt from; for ever by default. */
    readonly observations: number;
    /** The output stream: a consumer rebuilds its view from it; for ever by default. */
    readonly changes: number;
    readonly deadLetter: number;
    readonly anomalies: number;
  };
}

export const defaultTopicStorage: TopicStorage = {
  retentionMs: { raw: 30 * day, observations: -1, changes: -1, deadLetter: 30 * day, anomalies: 90 * day },
};

/** Every topic the pipeline needs, all with `partitions` partitions, stored as `storage` says. */
export function topicDefinitions(
  names: Topics,
  providerIds: ReadonlyArray<string>,
  partitions: number = canonicalPartitions,
  storage: TopicStorage = defaultTopicStorage,
): ReadonlyArray<TopicDefinition> {
  const { replicationFactor, minInsyncReplicas, retentionMs } = storage;
  const definition = (topic: string, configs: Record<string, string>): TopicDefinition => ({
    topic,
    partitions,
    ...(replicationFactor === undefined ? {} : { replicationFactor }),
    ...(minInsyncReplicas === undefined ? {} : { minInsyncReplicas }),
    configs,
    setBy: topicStorageVariables,
  });
  const kept = (topic: string, retention: number) => definition(topic, { 'cleanup.policy': 'delete', 'retention.ms': String(retention) });
  return [
    ...providerIds.map((provider) => kept(names.raw(provider), retentionMs.raw)),
    kept(names.observations, retentionMs.observations),
    kept(names.changes, retentionMs.changes),
    // Compaction keeps the latest state per message; the log (observations) stays the truth. A
    // removed message's tombstone stays a day, long enough for every reader of the topic to see it.
    definition(names.state, { 'cleanup.policy': 'compact', 'delete.retention.ms': String(day) }),
    kept(names.deadLetter, retentionMs.deadLetter),
    kept(names.anomalies, retentionMs.anomalies),
  ];
}
