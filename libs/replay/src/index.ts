/**
 * Folding observations into canonical status changes, and replaying raw history for audits.
 * `StatusProjection` is the per-message fold shared by the CLI and the projector; `Replay` runs
 * raw NDJSON lines through normalization and the fold. No IO here: callers bring the lines.
 */
export { StatusProjection, defaultStateRetentionMs, hasEnded } from './StatusProjection.js';
export type { ProjectionStep, ProjectionDecision, Expired, StatusProjectionOptions } from './StatusProjection.js';
export { Replay } from './Replay.js';
export type { ReplayEntry, ReplayOptions } from './Replay.js';
