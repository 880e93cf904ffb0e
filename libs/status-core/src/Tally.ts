import type { Outcome } from './Outcome.js';

/** The counts of a replay report, in its order. */
export interface TallyCounts {
  raw: number;
  observations: number;
  accepted: number;
  duplicate: number;
  stale: number;
  conflict: number;
  expired: number;
  ignored: number;
  final: number;
  closed: number;
  invalid: number;
}

/**
 * The one count of what became of inputs, kept by the ingestor, the projector and replay alike:
 * raw events read, observations, each outcome, ignored items by `<provider> <event type>`, and
 * messages removed from the state.
 */
export class Tally implements TallyCounts {
  raw = 0;
  observations = 0;
  accepted = 0;
  duplicate = 0;
  stale = 0;
  conflict = 0;
  expired = 0;
  ignored = 0;
  /** Changes that made a message final, closed windows included. */
  final = 0;
  /** Windows closed: changes, not observations. */
  closed = 0;
  invalid = 0;
  /** Ended messages removed from the state. */
  removed = 0;
  readonly #ignoredEvents = new Map<string, number>();

  /** Counts one outcome; `observed` counts an observation. */
  count(outcome: Outcome): void {
    switch (outcome.kind) {
      case 'observed':
        this.observations++;
        return;
      case 'ignored': {
        this.ignored++;
        const eventType = `${outcome.provider} ${outcome.eventType}`;
        this.#ignoredEvents.set(eventType, (this.#ignoredEvents.get(eventType) ?? 0) + 1);
        return;
      }
      case 'accepted':
        this.accepted++;
        if (outcome.change.final === true) this.final++;
        return;
      case 'closed':
        this.closed++;
        this.final++;
        return;
      default:
        this[outcome.kind]++;
    }
  }

  /** The ignored items by `<provider> <event type>`, sorted. */
  get ignoredEvents(): Record<string, number> {
    return Object.fromEntries([...this.#ignoredEvents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  counts(): TallyCounts {
    const { raw, observations, accepted, duplicate, stale, conflict, expired, ignored, final, closed, invalid } = this;
    return { raw, observations, accepted, duplicate, stale, conflict, expired, ignored, final, closed, invalid };
  }

  /** For log lines. */
  toJSON(): TallyCounts & { removed: number } {
    return { ...this.counts(), removed: this.removed };
  }
}
