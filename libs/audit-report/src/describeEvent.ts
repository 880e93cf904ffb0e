import type { EventOutcome } from './reportFormat.js';

/** The decision in words, as `msgstatus timeline` and the report's events table say it. */
export function describeOutcome(outcome: EventOutcome): string {
  switch (outcome.kind) {
    case 'accepted':
      return `accepted (${outcome.rule}) → version ${outcome.version}: ${outcome.previousState ?? 'new'} → ${outcome.state}${outcome.final === null ? '' : ` · final (${outcome.final})`}`;
    case 'closed':
      return `closed (window-closed) → version ${outcome.version}: ${outcome.state} as it stands, final: no receipt came within its window`;
    case 'invalid':
      return `invalid: ${outcome.reason}`;
    case 'ignored':
      return `ignored (${outcome.eventType}): ${outcome.reason}`;
    default:
      return `${outcome.kind} (${outcome.rule}): ${outcome.reason}`;
  }
}
