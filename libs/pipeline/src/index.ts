/**
 * The two stages of msgstatus on Kafka, as Effect programs the apps run: `runIngestor` (raw
 * provider events to canonical observations and dead letters) and `runProjector` (observations to
 * change records, compacted state and anomalies). Both are exactly-once for `read_committed`
 * readers. The pure cores, `ingestRecords` and `PartitionProjection`, hold all decisions.
 */
export { runIngestor } from './Ingestor.js';
export type { StageOptions } from './Ingestor.js';
export { runProjector } from './Projector.js';
export { ingestRecords, emptyIngestCounts } from './ingestRecords.js';
export type { IngestCounts } from './ingestRecords.js';
export { PartitionProjection, emptyProjectionCounts } from './PartitionProjection.js';
export type { ProjectionCounts } from './PartitionProjection.js';
export { stageConfig, stageVariables, stateRetentionConfig } from './stageConfig.js';
export { publishRawLines, rawRecordsOfLines } from './publishRawLines.js';
export type { UnpublishableLine } from './publishRawLines.js';
export { stageMetrics, stageMetricsOf } from './stageMetrics.js';
export type { DecisionKind, Decided, StageMetrics } from './stageMetrics.js';
