/**
 * Every Kafka topic of msgstatus, written down once. Names follow `msgstatus.<stage>[.<provider>]`;
 * all downstream topics are keyed by `messageId` and share one partition count so that a message's
 * observations, changes and state sit in partitions of the same number (co-partitioned).
 */
export const canonicalPartitions = 6;

export const topics = {
  /** Raw provider events, one topic per provider, keyed by the provider's message id where one is named. */
  raw: (provider: string) => `msgstatus.raw.${provider}`,
  /** Canonical observations (the event log), keyed by messageId. */
  observations: 'msgstatus.observations',
  /** Canonical status changes (the output stream), keyed by messageId. */
  changes: 'msgstatus.changes',
  /** Latest state per message, compacted: the projector's snapshot, a cache of the log. */
  state: 'msgstatus.state',
  /** Raw events or items that could not be normalized, with the reason and the original bytes. */
  deadLetter: 'msgstatus.dead-letter',
  /** Conflicting observations, with both facts. */
  anomalies: 'msgstatus.anomalies',
} as const;

/** Topic configurations beyond the defaults. */
export const topicConfigs: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [topics.state]: { 'cleanup.policy': 'compact' },
};
