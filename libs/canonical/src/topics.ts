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
  /** Copies of each partition; -1 leaves it to the broker's `default.replication.factor`. */
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

const day = 24 * 60 * 60 * 1000;

/** How long a message that ended stays in the state after its last change, unless configured: 30 days (docs/contract.md section 8). */
export const defaultStateRetentionMs = 30 * day;

/**
 * How the topics msgstatus creates are stored. The defaults suit a production cluster of three
 * brokers or more: each partition on three, a write acknowledged by two (with `acks=all`, which
 * every producer of ours uses), so one broker can fail without losing or refusing anything. A
 * single local broker needs 1 and 1 (the tests and the demo say so). Retention is in
 * milliseconds, -1 for ever.
 */
export interface TopicStorage {
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
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
  replicationFactor: 3,
  minInsyncReplicas: 2,
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
    replicationFactor,
    configs: { 'min.insync.replicas': String(minInsyncReplicas), ...configs },
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
