import type { ReplayReport } from '@msgstatus/canonical';

const shownInvalidLines = 3;

/**
 * The line replay always ends with on stderr: every count, and the first invalid lines with
 * their reasons, so bad input is never silent even without `--report`.
 */
export function replaySummary(report: ReplayReport): string {
  const counts = [
    `${report.raw} raw events`,
    `${report.observations} observations`,
    `${report.accepted} accepted`,
    `${report.duplicate} duplicate`,
    `${report.stale} stale`,
    `${report.conflict} conflict`,
    ...(report.expired ? [`${report.expired} expired`] : []),
    `${report.ignored} ignored`,
    ...(report.final === undefined ? [] : [`${report.final} final`]),
    ...(report.closed ? [`${report.closed} closed windows`] : []),
    `${report.invalid} invalid`,
  ].join(', ');
  const shown = report.invalidLines.slice(0, shownInvalidLines).map(({ line, reason }) => `line ${line}: ${reason}`);
  const more = report.invalidLines.length > shownInvalidLines ? `; and ${report.invalidLines.length - shownInvalidLines} more` : '';
  return `msgstatus: replayed ${counts}${shown.length > 0 ? ` (${shown.join('; ')}${more})` : ''}\n`;
}
