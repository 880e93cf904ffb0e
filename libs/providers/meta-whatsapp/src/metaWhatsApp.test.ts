import { normalizerSpecification } from '@msgstatus/canonical/testing';
import { describe, expect, it } from 'vitest';
import { metaWhatsApp } from './metaWhatsApp.js';

const { fixture, normalize, observations } = normalizerSpecification(metaWhatsApp, new URL('./fixtures/', import.meta.url));

/** A webhook carrying these status entries. */
const webhook = (...statuses: unknown[]) => ({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { statuses } }] }] });

describe('Meta WhatsApp Cloud API status webhooks', () => {
  it('maps a delivered status, its Unix-seconds time in UTC, keyed by the wamid', () => {
    expect(observations(fixture('delivered'))).toEqual([
      expect.objectContaining({
        messageId: 'meta-whatsapp:wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA',
        state: 'delivered',
        detail: null,
        channel: 'WhatsApp',
        attempt: null,
        occurredAt: '2025-06-18T16:22:53.000Z',
        error: null,
        providerStatus: 'delivered',
      }),
    ]);
  });

  it("carries the sender's biz_opaque_callback_data as clientRef, and refuses one over Meta's 512 characters", () => {
    expect(observations(fixture('delivered-with-callback-data'))).toEqual([expect.objectContaining({ state: 'delivered', clientRef: 'order-1842;campaign=spring' })]);
    expect(observations(fixture('delivered'))[0]).not.toHaveProperty('clientRef');
    const long = webhook({ id: 'wamid.X', status: 'sent', timestamp: '1750263773', biz_opaque_callback_data: 'x'.repeat(513) });
    expect(normalize(long)).toEqual([expect.objectContaining({ _tag: 'Invalid', reason: expect.stringMatching(/biz_opaque_callback_data/) })]);
  });

  it('reads `played` (voice) as read, any casing, and takes every status of one webhook in order', () => {
    expect(observations(fixture('played-and-read')).map((observation) => [observation.providerMessageId, observation.state, observation.providerStatus])).toEqual([
      ['wamid.VOICE0001', 'read', 'played'],
      ['wamid.TEXT0002', 'read', 'READ'],
    ]);
  });

  it("keeps Meta's error code and title with a failure", () => {
    expect(observations(fixture('failed'))[0]).toMatchObject({ state: 'failed', error: { code: '131026', message: 'Message undeliverable' } });
  });

  it('ignores changes without statuses, such as inbound messages and template updates, named by what they are', () => {
    expect(normalize(fixture('inbound-message'))).toEqual([
      { _tag: 'Ignored', reason: 'Meta webhook without statuses (inbound messages or other changes)', eventType: 'inbound message' },
    ]);
    expect(normalize(fixture('template-status-update'))).toEqual([expect.objectContaining({ _tag: 'Ignored', eventType: 'message_template_status_update' })]);
  });

  it('refuses an unknown status word or a time that is not Unix seconds, naming the message', () => {
    expect(normalize(webhook({ id: 'wamid.A', status: 'deleted', timestamp: '1750263773' }))).toEqual([
      { _tag: 'Invalid', reason: 'unmapped Meta status "deleted"', messageId: 'meta-whatsapp:wamid.A' },
    ]);
    expect(normalize(webhook({ id: 'wamid.B', status: 'sent', timestamp: '2025-06-18T16:22:53Z' }))).toEqual([
      { _tag: 'Invalid', reason: 'Meta timestamp "2025-06-18T16:22:53Z" is not Unix seconds', messageId: 'meta-whatsapp:wamid.B' },
    ]);
  });

  it('says where a malformed status entry is, and what is not a Meta webhook', () => {
    const [item] = normalize(webhook({ status: 'sent', timestamp: '1' }));
    expect(item).toMatchObject({ _tag: 'Invalid', reason: expect.stringMatching(/^Meta status: entry\.0\.changes\.0\.value\.statuses\.0\.id/) });
    expect(normalize({ hello: 'world' })[0]).toMatchObject({ _tag: 'Invalid', reason: expect.stringMatching(/^not a Meta webhook: /) });
  });

  it('gives a redelivered webhook the same event ids', () => {
    expect(observations(fixture('failed'))[0]!.eventId).toBe(observations(fixture('failed'))[0]!.eventId);
    expect(observations(fixture('delivered'))[0]!.eventId).not.toBe(observations(fixture('failed'))[0]!.eventId);
  });
});
