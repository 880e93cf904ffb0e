/**
 * The audit report (`msgstatus report`): one self-contained HTML page of a replayed history. The
 * collector takes replay's entries and keeps them compressed; `reportHtml` writes the page with the
 * data embedded; `src/page` is the page's own code, bundled into it.
 */
export { AuditCollector, defaultChunkSize, lateAfterMs, type CollectedReport } from './collect/AuditCollector.js';
export { closureRecord, eventRecord, outcomeOf, type AuditEntry } from './collect/eventRecord.js';
export { describeOutcome } from './describeEvent.js';
export { reportHtml, type ReportPage } from './reportHtml.js';
export { reportPage } from './reportPage.js';
export type { EventRecord, EventOutcome, ReportSummary, MessageIndex, ProblemTable } from './reportFormat.js';
