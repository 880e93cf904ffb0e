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
    expect(normalize(webhook({ id: 'wamid.A', status: 'teleported', timestamp: '1750263773' }))).toEqual([
      { _tag: 'Invalid', reason: 'unmapped Meta status "teleported"', messageId: 'meta-whatsapp:wamid.A' },
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

  it('maps a sent status whatever pricing and conversation it carries', () => {
    expect(observations(fixture('sent-with-pricing'))).toEqual([
      expect.objectContaining({
        messageId: 'meta-whatsapp:wamid.xyzxyz',
        state: 'sent',
        occurredAt: '2023-10-25T20:49:05.000Z',
        error: null,
        providerStatus: 'sent',
      }),
    ]);
  });

  it("ignores the Calling API's webhooks, whose statuses look like a message's: a call status, connect and terminate", () => {
    const calls = { _tag: 'Ignored', reason: "Meta calls webhook: a WhatsApp call's signalling or status (Calling API), not a message's", eventType: 'calls' };
    expect(normalize(fixture('calls-status-ringing'))).toEqual([calls]);
    expect(normalize(fixture('calls-connect'))).toEqual([calls]);
    expect(normalize(fixture('calls-terminate'))).toEqual([calls]);
  });

  const callStatusWords = [['RINGING'], ['ACCEPTED'], ['REJECTED'], ['delivered'], ['failed']];
  it.each(callStatusWords)('never maps a call status %s, under any field, as a message status', (status) => {
    const callStatus = { id: 'wacid.ABGGFjFVU2AfAgo6V', timestamp: '1671644824', type: 'call', status, recipient_id: '163155536021' };
    expect(normalize(webhook(callStatus))).toEqual([
      { _tag: 'Ignored', reason: 'Meta status of type "call" is a WhatsApp call\'s status (Calling API), not a message\'s', eventType: 'call status' },
    ]);
    const ringing = fixture('calls-status-ringing') as { entry: [{ changes: [{ value: object }] }] };
    const brokenValue = { ...ringing.entry[0].changes[0].value, statuses: [{ ...callStatus, id: 7 }] };
    const broken = { ...ringing, entry: [{ changes: [{ field: 'calls', value: brokenValue }] }] };
    expect(normalize(broken)).toEqual([expect.objectContaining({ _tag: 'Ignored', eventType: 'calls' })]);
  });

  it("ignores a payment's status, whose failed is no message's failure", () => {
    expect(normalize(fixture('payment-status'))).toEqual([
      { _tag: 'Ignored', reason: 'Meta status of type "payment" is a payment\'s status (Payments API), not a message\'s', eventType: 'payment status' },
    ]);
    expect(normalize(webhook({ id: 'wamid.T', status: 'sent', timestamp: '1750263773', type: 'hologram' }))).toEqual([
      { _tag: 'Invalid', reason: 'unknown Meta status type "hologram"', messageId: 'meta-whatsapp:wamid.T' },
    ]);
    expect(observations(webhook({ id: 'wamid.M', status: 'sent', timestamp: '1750263773', type: 'Message' }))[0]).toMatchObject({ state: 'sent' });
  });

  it.each([
    ['deleted', 'status deleted'],
    ['WARNING', 'status warning'],
  ])('ignores the status word %s, which says nothing of a delivery', (status, eventType) => {
    expect(normalize(webhook({ id: 'wamid.D', status, timestamp: '1750263773' }))).toEqual([expect.objectContaining({ _tag: 'Ignored', eventType })]);
  });

  it.each([
    ['smb-message-echoes', 'smb_message_echoes'],
    ['user-preferences', 'user_preferences'],
  ])('ignores the documented change %s, counted by its field', (name, eventType) => {
    expect(normalize(fixture(name))).toEqual([{ _tag: 'Ignored', reason: 'Meta webhook without statuses (inbound messages or other changes)', eventType }]);
  });

  it.each([['message_echoes'], ['history'], ['account_alerts'], ['account_update'], ['smb_app_state_sync']])('ignores a change of field %s', (field) => {
    const change = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field, value: { messaging_product: 'whatsapp' } }] }] };
    expect(normalize(change)).toEqual([expect.objectContaining({ _tag: 'Ignored', eventType: field })]);
  });

  it('accounts for every change of a webhook: statuses observed, other changes ignored, an empty webhook ignored', () => {
    const delivered = fixture('delivered') as { entry: [{ changes: object[] }] };
    const template = fixture('template-status-update') as { entry: [{ changes: object[] }] };
    const mixed = { ...delivered, entry: [{ ...delivered.entry[0], changes: [...delivered.entry[0].changes, ...template.entry[0].changes] }] };
    expect(normalize(mixed).map((item) => (item._tag === 'Ignored' ? item.eventType : item._tag))).toEqual(['Observed', 'message_template_status_update']);
    expect(normalize({ object: 'whatsapp_business_account', entry: [] })).toEqual([
      { _tag: 'Ignored', reason: 'Meta webhook without changes', eventType: 'empty webhook' },
    ]);
  });

  it('gives a redelivered webhook the same event ids', () => {
    expect(observations(fixture('failed'))[0]!.eventId).toBe(observations(fixture('failed'))[0]!.eventId);
    expect(observations(fixture('delivered'))[0]!.eventId).not.toBe(observations(fixture('failed'))[0]!.eventId);
  });
});
