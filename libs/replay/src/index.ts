/**
 * What the command line does with the core: `Replay` runs raw NDJSON lines (or raw records already
 * read) through `@msgstatus/status-core` as the pipeline does, and reports. No IO here: callers
 * bring the lines.
 */
export { ingestLine, ingestReading, Replay } from './Replay.js';
export type { ReplayEntry, ReplayOptions } from './Replay.js';
