/**
 * The pure core of msgstatus, and all of its pipeline logic: `ingest` turns a raw event into
 * outcomes (observed, ignored, invalid), a `Projection` decides each observation and evolves the
 * state by the outcome (accepted, duplicate, stale, conflict, expired), and a `Tally` counts them.
 * The ingestor, the projector, replay and the benchmarks are adapters around it; it does no IO and
 * knows nothing of Kafka or files.
 */
export { ingest } from './ingest.js';
export { Projection, decide } from './Projection.js';
export type { ProjectionOptions, KnownMessage } from './Projection.js';
export { Tally } from './Tally.js';
export { ReceiptRules } from './ReceiptRules.js';
export type { TallyCounts } from './Tally.js';
export type { Outcome, OutcomeKind, IngestOutcome, ProjectOutcome, Observed, Ignored, Invalid, Accepted, Passed, Conflict, Expired, Closed } from './Outcome.js';
