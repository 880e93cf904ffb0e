import type { EventOutcome } from './reportFormat.js';

/** The decision in words, as `msgstatus timeline` and the report's events table say it. */
export function describeOutcome(outcome: EventOutcome): string {
  switch (outcome.kind) {
    case 'accepted':
      return `accepted (${outcome.rule}) → version ${outcome.version}: ${outcome.previousState ?? 'new'} → ${outcome.state}`;
    case 'invalid':
      return `invalid: ${outcome.reason}`;
    case 'ignored':
      return `ignored (${outcome.eventType}): ${outcome.reason}`;
    default:
      return `${outcome.kind} (${outcome.rule}): ${outcome.reason}`;
  }
}
