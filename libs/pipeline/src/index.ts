/**
 * The two stages of msgstatus on Kafka, as Effect programs the apps run: `runIngestor` (raw
 * provider events to canonical observations and dead letters) and `runProjector` (observations to
 * change records, compacted state and anomalies). Both are exactly-once for `read_committed`
 * readers. They are adapters: every decision is `@msgstatus/status-core`'s.
 */
export { runIngestor } from './runIngestor.js';
export type { StageOptions } from './runIngestor.js';
export { runProjector } from './runProjector.js';
export { PartitionProjection } from './PartitionProjection.js';
export { publishRawLines, rawRecordsOfLines } from './publishRawLines.js';
export type { UnpublishableLine } from './publishRawLines.js';
