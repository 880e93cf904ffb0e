import { describe, expect, it } from 'vitest';
import { murmur2OfKey, partitionOf } from './partitionOf.js';

describe('partitionOf', () => {
  // Vectors from Apache Kafka's own tests of Utils.murmur2 (the Java client).
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %j as the Java client does', (key, hash) => {
    expect(murmur2OfKey(key)).toBe(hash);
    expect(murmur2OfKey(Buffer.from(key))).toBe(hash);
  });

  it('puts a key in murmur2 made positive, modulo the partitions, as Kafka does', () => {
    // murmur2('21') = -973932308: & 0x7fffffff = 1173551340, which is 0 modulo 6 and 9 modulo 11.
    expect([partitionOf('21', 6), partitionOf('21', 11), partitionOf(Buffer.from('21'), 11)]).toEqual([1173551340 % 6, 1173551340 % 11, 1173551340 % 11]);
    for (const key of ['8x8:a', 'twilio:SM1', 'é']) expect(partitionOf(key, 1)).toBe(0);
  });
});
