/**
 * Kafka for msgstatus, and the only place that imports kafkajs. Effect services (`KafkaClient`,
 * `KafkaAdmin`, `KafkaProducer`), a consumer Stream whose batches are acknowledged explicitly,
 * `readToEnd` for audits and state restores, and `runExactlyOnce` for consume-transform-produce.
 * Knows nothing of providers or statuses: records are bytes, keys and headers.
 */
export { KafkaClient } from './KafkaClient.js';
export { kafkaOptionsConfig, kafkaVariables } from './KafkaOptions.js';
export type { KafkaOptions, SaslMechanism } from './KafkaOptions.js';
export { KafkaError } from './KafkaError.js';
export { KafkaAdmin } from './KafkaAdmin.js';
export type { KafkaAdminService, PartitionRange, TopicSpec } from './KafkaAdmin.js';
export { KafkaProducer } from './KafkaProducer.js';
export type { KafkaProducerService } from './KafkaProducer.js';
export { consumeBatches } from './consumeBatches.js';
export type { ConsumedBatch, ConsumerOptions } from './consumeBatches.js';
export { readToEnd } from './readToEnd.js';
export type { ReadToEndOptions } from './readToEnd.js';
export { runExactlyOnce } from './runExactlyOnce.js';
export { defaultFencing, fencings, transactionsConfig, transactionsVariables } from './exactlyOnce.js';
export type { ExactlyOnceOptions, Fencing } from './exactlyOnce.js';
export type { ConsumedRecord, OutgoingRecord } from './records.js';
export { tail } from './tail.js';
export { fastPartitioner } from './fastPartitioner.js';
export { placePartitions, placementOf, standbyAssignorName } from './standbyAssignor.js';
export type { MemberSubscription, PartitionHolders, Placement, StandbyAssignorOptions } from './standbyAssignor.js';
export { followPartitions } from './followPartitions.js';
export type { PartitionFollower, FollowedRecords } from './followPartitions.js';
export { measureClientHotPath } from './clientHotPath.js';
export type { ClientHotPathFigures } from './clientHotPath.js';
