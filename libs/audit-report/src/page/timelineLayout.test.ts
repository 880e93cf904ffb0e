import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../reportFormat.js';
import { timelineLayout, unnormalizedLane } from './timelineLayout.js';

const event = (line: number, lane: string | null, occurredAt: string | null, receivedAt: string): EventRecord => ({
  line,
  lane,
  receivedAt,
  provider: '8x8',
  payload: {},
  observation:
    occurredAt === null
      ? null
      : { messageId: '8x8:m', state: 'sent', detail: null, attempt: null, channel: null, occurredAt, providerStatus: 'sent', eventId: '0'.repeat(32), error: null },
  outcome: occurredAt === null ? { kind: 'invalid', reason: 'bad' } : { kind: 'duplicate', rule: 'same-status', reason: 'nothing new' },
});

describe('timelineLayout', () => {
  it('orders lanes by attempt number, not as text, with events that were not normalized last', () => {
    const layout = timelineLayout(
      [
        event(1, 'attempt 10 · SMS', '2026-01-05T09:00:00Z', '2026-01-05T09:00:01Z'),
        event(2, null, null, '2026-01-05T09:00:02Z'),
        event(3, 'attempt 2 · Viber', '2026-01-05T09:00:00Z', '2026-01-05T09:00:01Z'),
      ],
      [4, 5, 6],
      60_000,
    );
    expect(layout.lanes).toEqual(['attempt 2 · Viber', 'attempt 10 · SMS', unnormalizedLane]);
    expect(layout.points.map((point) => point.ordinal)).toEqual([4, 5, 6]);
  });

  it("spans the provider's times and the receipts, and marks receipts later than the limit", () => {
    const layout = timelineLayout(
      [event(1, 'attempt 1 · SMS', '2026-01-05T09:00:00Z', '2026-01-05T09:00:59Z'), event(2, 'attempt 1 · SMS', '2026-01-05T08:59:00Z', '2026-01-05T09:05:00Z')],
      [0, 1],
      60_000,
    );
    expect(layout.points.map((point) => point.late)).toEqual([false, true]);
    expect([layout.start, layout.end]).toEqual([Date.parse('2026-01-05T08:59:00Z'), Date.parse('2026-01-05T09:05:00Z')]);
  });

  it('gives a single instant a second of room, so it can be drawn', () => {
    const layout = timelineLayout([event(1, 'attempt 1 · SMS', '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z')], [0], 60_000);
    expect(layout.end - layout.start).toBe(1000);
  });
});
