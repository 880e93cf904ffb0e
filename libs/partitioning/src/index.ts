/**
 * Where a keyed record goes: Kafka's default partitioner, in 32-bit arithmetic. The Kafka lib
 * produces with it; replay keeps one receipt clock per partition with it, as the projector does.
 * Pure: no Kafka client here.
 */
export { murmur2OfKey, partitionOf } from './partitionOf.js';
