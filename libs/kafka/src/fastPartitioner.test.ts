import fc from 'fast-check';
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { fastPartitioner } from './fastPartitioner.js';

const metadata = (partitions: number): PartitionerArgs['partitionMetadata'] =>
  Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));

describe('fastPartitioner', () => {
  it("gives kafkajs's DefaultPartitioner partition for a million random keys", () => {
    const theirs = Partitioners.DefaultPartitioner();
    const ours = fastPartitioner();
    const key = fc.oneof(
      { weight: 4, arbitrary: fc.string({ maxLength: 60 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
      { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
    );
    const samples = fc.sample(fc.tuple(key, fc.integer({ min: 1, max: 64 })), { numRuns: 1_000_000, seed: 42 });
    let differing = 0;
    for (const [value, partitions] of samples) {
      const args = { topic: 't', partitionMetadata: metadata(partitions), message: { key: value, value: null } };
      if (ours(args) !== theirs(args)) differing++;
    }
    expect(differing).toBe(0);
  }, 120_000);

  it('keeps an explicit partition, and sends keyless records round robin over every partition', () => {
    const ours = fastPartitioner();
    expect(ours({ topic: 't', partitionMetadata: metadata(6), message: { key: 'k', value: null, partition: 4 } })).toBe(4);
    const seen = new Set(Array.from({ length: 12 }, () => ours({ topic: 't', partitionMetadata: metadata(6), message: { value: null } })));
    expect(seen).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });
});
