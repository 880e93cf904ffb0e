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
  readonly configs: Readonly<Record<string, string>>;
}

/** Every topic the pipeline needs, all with `partitions` partitions, and their configuration. */
export function topicDefinitions(
  names: Topics,
  providerIds: ReadonlyArray<string>,
  partitions: number = canonicalPartitions,
): ReadonlyArray<TopicDefinition> {
  const plain = (topic: string): TopicDefinition => ({ topic, partitions, configs: {} });
  return [
    ...providerIds.map((provider) => plain(names.raw(provider))),
    plain(names.observations),
    plain(names.changes),
    // Compaction keeps the latest state per message; the log (observations) stays the truth.
    { topic: names.state, partitions, configs: { 'cleanup.policy': 'compact' } },
    plain(names.deadLetter),
    plain(names.anomalies),
  ];
}
