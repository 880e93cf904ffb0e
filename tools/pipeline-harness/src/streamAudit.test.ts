import { describe, expect, it } from 'vitest';
import { whoLost } from './streamAudit.js';

const change = (messageId: string, version: number, eventId: string | null) => JSON.stringify({ messageId, version, state: 'delivered', eventId });

describe('whoLost', () => {
  it('blames the ingestor when the observation never reached its topic, else the projector', () => {
    const oracle = [change('8x8:a', 1, 'e1'), change('8x8:a', 2, 'e2'), change('8x8:b', 1, 'e3'), change('8x8:c', 2, null)];
    const observations = [JSON.stringify({ eventId: 'e1' }), JSON.stringify({ eventId: 'e2' }), ''];
    expect(whoLost(['8x8:a#2', '8x8:b#1', '8x8:c#2'], oracle, observations)).toEqual(
      new Map([
        ['8x8:a#2', 'its observation is on the observations topic: the projector lost it'],
        ['8x8:b#1', 'its observation is not: the ingestor lost it'],
        ['8x8:c#2', 'a closed window: no observation behind it'],
      ]),
    );
  });
});
