import { describe, expect, it } from 'vitest';
import { canonicalPartitions, defaultTopicStorage, providerOfRawTopic, topicDefinitions, topicNames, topics } from './topics.js';

describe('topics', () => {
  it('follow <prefix>.<stage>[.<provider>], msgstatus by default', () => {
    expect([topics.raw('8x8'), topics.observations, topics.changes, topics.state, topics.deadLetter, topics.anomalies]).toEqual([
      'msgstatus.raw.8x8',
      'msgstatus.observations',
      'msgstatus.changes',
      'msgstatus.state',
      'msgstatus.dead-letter',
      'msgstatus.anomalies',
    ]);
    expect(topicNames('acme.prod').changes).toBe('acme.prod.changes');
  });

  it('tell the provider of a raw topic', () => {
    expect(providerOfRawTopic(topics, 'msgstatus.raw.alphasms')).toBe('alphasms');
    expect(providerOfRawTopic(topics, 'msgstatus.changes')).toBeNull();
    expect(providerOfRawTopic(topics, 'other.raw.8x8')).toBeNull();
  });

  it('are all co-partitioned, the state topic compacted', () => {
    const definitions = topicDefinitions(topics, ['8x8', 'chuanglan']);
    expect(definitions.map((definition) => definition.topic)).toEqual([
      'msgstatus.raw.8x8',
      'msgstatus.raw.chuanglan',
      'msgstatus.observations',
      'msgstatus.changes',
      'msgstatus.state',
      'msgstatus.dead-letter',
      'msgstatus.anomalies',
    ]);
    expect(new Set(definitions.map((definition) => definition.partitions))).toEqual(new Set([canonicalPartitions]));
    expect(definitions.filter((definition) => definition.configs['cleanup.policy'] === 'compact').map((definition) => definition.topic)).toEqual([
      'msgstatus.state',
    ]);
  });

  it('leave their replication to be fitted to the cluster by default, naming the settings that would set it, and are kept as long as configured', () => {
    const definitions = topicDefinitions(topics, ['8x8']);
    expect(definitions.filter((definition) => 'replicationFactor' in definition || 'minInsyncReplicas' in definition)).toEqual([]);
    expect(new Set(definitions.map((definition) => definition.setBy.replicationFactor))).toEqual(new Set(['MSGSTATUS_REPLICATION_FACTOR']));
    const retention = Object.fromEntries(definitions.map((definition) => [definition.topic, definition.configs['retention.ms']]));
    expect(retention).toEqual({
      'msgstatus.raw.8x8': String(30 * 86_400_000),
      'msgstatus.observations': '-1',
      'msgstatus.changes': '-1',
      'msgstatus.state': undefined,
      'msgstatus.dead-letter': String(30 * 86_400_000),
      'msgstatus.anomalies': String(90 * 86_400_000),
    });
  });

  it('take the storage they are given (a single local broker)', () => {
    const local = { ...defaultTopicStorage, replicationFactor: 1, minInsyncReplicas: 1, retentionMs: { ...defaultTopicStorage.retentionMs, raw: 1000 } };
    const [raw] = topicDefinitions(topics, ['8x8'], 2, local);
    expect(raw).toEqual({
      topic: 'msgstatus.raw.8x8',
      partitions: 2,
      replicationFactor: 1,
      minInsyncReplicas: 1,
      configs: { 'cleanup.policy': 'delete', 'retention.ms': '1000' },
      setBy: { replicationFactor: 'MSGSTATUS_REPLICATION_FACTOR', minInsyncReplicas: 'MSGSTATUS_MIN_INSYNC_REPLICAS' },
    });
  });
});
