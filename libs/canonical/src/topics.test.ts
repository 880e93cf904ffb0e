import { describe, expect, it } from 'vitest';
import { canonicalPartitions, providerOfRawTopic, topicDefinitions, topicNames, topics } from './topics.js';

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
});
