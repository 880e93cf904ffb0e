/**
 * The two stages of msgstatus on Kafka, as Effect programs the apps run: `runIngestor` (raw
 * provider events to canonical observations and dead letters) and `runProjector` (observations to
 * change records, compacted state and anomalies). Both are exactly-once for `read_committed`
 * readers. The pure cores, `ingestRecords` and `PartitionProjection`, hold all decisions.
 */
export { runIngestor } from './Ingestor.js';
export type { StageOptions } from './Ingestor.js';
export { runProjector } from './Projector.js';
export { ingestRecords } from './ingestRecords.js';
export { PartitionProjection } from './PartitionProjection.js';
export { publishRawLines, rawRecordsOfLines } from './publishRawLines.js';
export type { UnpublishableLine } from './publishRawLines.js';
export { stageMetrics, stageMetricsOf } from './stageMetrics.js';
export type { Decided, StageMetrics } from './stageMetrics.js';
