import { readFileSync } from 'node:fs';
import { Observation, type NormalizedItem } from '@msgstatus/canonical';
import { describe, expect, it } from 'vitest';
import { alphaSms, alphaSmsStatuses } from './alphaSms.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
const receivedAt = '2026-01-05T10:00:00.000Z';

const normalize = (payload: unknown): ReadonlyArray<NormalizedItem> => {
  const items = alphaSms.normalize({ provider: 'alphasms', receivedAt, payload, source: { file: 'f', line: 1 } });
  for (const item of items) if (item._tag === 'Observed') Observation.parse(item.observation);
  return items;
};
const single = (status: string, type = 'sms') => normalize({ success: true, data: [{ success: true, data: { id: 1, type, status } }] })[0];

describe('AlphaSMS /api/json.php status answers', () => {
  it("maps the docs' answer, keyed by the id in the answer, timed by its receipt", () => {
    expect(normalize(fixture('seed-read'))).toEqual([
      {
        _tag: 'Observed',
        observation: expect.objectContaining({
          messageId: 'alphasms:10500',
          state: 'read',
          channel: 'Viber',
          attempt: null,
          occurredAt: receivedAt,
          providerStatus: 'READ',
        }),
      },
    ]);
  });

  it("takes the message's id, the sender's own, as its clientRef too", () => {
    const observed = normalize(fixture('cascade-sms-delivered')).flatMap((item) => (item._tag === 'Observed' ? [item.observation] : []));
    expect(observed.map((observation) => [observation.providerMessageId, observation.clientRef])).toEqual([['20020', '20020']]);
  });

  it('reports an error answer (HTTP 200, success false) as invalid', () => {
    expect(normalize(fixture('seed-access-denied'))).toEqual([
      { _tag: 'Invalid', reason: 'AlphaSMS error response: Access denied', messageId: null },
    ]);
  });

  it('maps a batch item by item; a refused item is invalid for its id only', () => {
    const items = normalize(fixture('batch'));
    expect(items.map((item) => item._tag)).toEqual(['Observed', 'Observed', 'Invalid', 'Ignored', 'Observed']);
    expect(items[1]).toMatchObject({ observation: { state: 'undelivered', providerStatus: 'SIM  FULL' } });
    expect(items[2]).toEqual({ _tag: 'Invalid', reason: 'AlphaSMS could not report message 20003: Message not found', messageId: 'alphasms:20003' });
    expect(items[4]).toMatchObject({ observation: { state: 'queued', channel: 'RCS' } });
  });

  it('maps REPLIED (Viber 2-way) to read', () => {
    expect(normalize(fixture('replied'))[0]).toMatchObject({ observation: { state: 'read', messageId: 'alphasms:20010' } });
  });

  it.each([
    ['QUEUED', 'queued'],
    ['ROUTING', 'queued'],
    ['ACCEPTED', 'sent'],
    ['DELIVERED', 'delivered'],
    ['PARTIALLY DELIVERED', 'undelivered'],
    ['READ', 'read'],
    ['REPLIED', 'read'],
    ['EXPIRED', 'undelivered'],
    ['UNDELIVERABLE', 'undelivered'],
    ['SIM FULL', 'undelivered'],
    ['REJECTED', 'rejected'],
    ['FILTERED', 'rejected'],
    ['INVALID DESTINATION ADDRESS', 'rejected'],
    ['INVALID SOURCE ADDRESS', 'rejected'],
    ['DELETED', 'failed'],
    ['NO ROUTE', 'failed'],
  ])('maps %s to %s', (word, state) => {
    expect(single(word)).toMatchObject({ _tag: 'Observed', observation: { state } });
  });

  it('covers all 17 documented words, UNKNOWN ignored on purpose', () => {
    expect(Object.keys(alphaSmsStatuses)).toHaveLength(17);
    expect(single('UNKNOWN')).toEqual({ _tag: 'Ignored', reason: 'AlphaSMS status "UNKNOWN" carries no status information', eventType: 'status unknown' });
  });

  it('sends an unmapped word to the dead-letter path with the message named', () => {
    expect(single('LOST IN SPACE')).toEqual({ _tag: 'Invalid', reason: 'unmapped AlphaSMS status "LOST IN SPACE"', messageId: 'alphasms:1' });
  });

  it('refuses the request form and other shapes with a reason', () => {
    expect(normalize({ auth: 'secret', data: [{ type: 'status', id: 100500 }] })[0]).toMatchObject({
      _tag: 'Invalid',
      reason: expect.stringContaining('success'),
    });
    expect(normalize([])[0]).toMatchObject({ _tag: 'Invalid' });
  });
});
