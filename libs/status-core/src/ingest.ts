import type { RawEvent } from '@msgstatus/canonical';
import { normalizeRawEvent } from '@msgstatus/provider-registry';
import type { IngestOutcome } from './Outcome.js';

/**
 * A raw event's outcomes, one per item, in the order the machine must see them (ascending attempt,
 * then payload order): an observation, an item ignored on purpose, or an invalid one. Never throws.
 */
export function ingest(event: RawEvent): IngestOutcome[] {
  return normalizeRawEvent(event).map((item): IngestOutcome => {
    switch (item._tag) {
      case 'Observed':
        return { kind: 'observed', observation: item.observation };
      case 'Ignored':
        return { kind: 'ignored', provider: event.provider, eventType: item.eventType, reason: item.reason };
      case 'Invalid':
        return { kind: 'invalid', provider: event.provider, messageId: item.messageId, reason: item.reason };
    }
  });
}
