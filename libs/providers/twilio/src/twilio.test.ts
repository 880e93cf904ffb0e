import { normalizerSpecification } from '@msgstatus/canonical/testing';
import { describe, expect, it } from 'vitest';
import { twilio } from './twilio.js';

const { fixture, normalize, observation } = normalizerSpecification(twilio, new URL('./fixtures/', import.meta.url));

describe('Twilio status callbacks', () => {
  it('maps a delivered SMS, the receipt time standing for the status time Twilio does not give', () => {
    expect(observation(fixture('sms-delivered'))).toMatchObject({
      messageId: 'twilio:SM1f0e8ae6ade43cb3c0ce4525424e404f',
      state: 'delivered',
      channel: 'SMS',
      attempt: null,
      occurredAt: '2026-01-05T10:00:00.000Z',
      observedAt: '2026-01-05T10:00:00.000Z',
      error: null,
      providerStatus: 'delivered',
    });
  });

  it("takes the sender's clientRef from the callback URL's query string, where senders put it; none without one", () => {
    const withQuery = (callbackQuery: string) =>
      twilio.normalize({ provider: 'twilio', receivedAt: '2026-01-05T10:00:00.000Z', payload: fixture('sms-delivered'), source: { file: 'f', line: 1 }, callbackQuery });
    expect(withQuery('clientRef=order-1842&utm=x')).toEqual([expect.objectContaining({ _tag: 'Observed', observation: expect.objectContaining({ clientRef: 'order-1842' }) })]);
    expect(withQuery('clientRef=a%20b%26c')).toEqual([expect.objectContaining({ observation: expect.objectContaining({ clientRef: 'a b&c' }) })]);
    expect(withQuery('id=12345')[0]).toEqual(expect.objectContaining({ observation: expect.not.objectContaining({ clientRef: expect.anything() }) }));
    expect(observation(fixture('sms-delivered'))).not.toHaveProperty('clientRef');
    expect(withQuery(`clientRef=${'x'.repeat(513)}`)).toEqual([expect.objectContaining({ _tag: 'Invalid', reason: expect.stringMatching(/clientRef is longer than 512/) })]);
  });

  it('tells the channel from ChannelPrefix, else from the whatsapp:-style address', () => {
    expect(observation(fixture('whatsapp-read'))).toMatchObject({ state: 'read', channel: 'WhatsApp' });
    const addressOnly = fixture('whatsapp-read');
    delete addressOnly['ChannelPrefix'];
    expect(observation(addressOnly).channel).toBe('WhatsApp');
    expect(observation({ ...fixture('sms-delivered'), ChannelPrefix: 'RCS', ChannelToAddress: '+15558675310' }).channel).toBe('RCS');
    expect(observation({ ...fixture('sms-delivered'), ChannelPrefix: '' }).channel).toBe('SMS');
    expect(observation({ ...fixture('sms-delivered'), To: 'messenger:1234' }).channel).toBe('Messenger');
  });

  it('covers every MessageStatus Twilio documents: 11 mapped, the 2 inbound ones ignored', () => {
    const documented = ['queued', 'sending', 'sent', 'failed', 'delivered', 'undelivered', 'receiving', 'received', 'accepted', 'scheduled', 'read'];
    documented.push('partially_delivered', 'canceled');
    const tags = documented.map((word) => normalize({ ...fixture('sms-delivered'), MessageStatus: word })[0]?._tag);
    expect(tags.filter((tag) => tag === 'Observed')).toHaveLength(11);
    expect(tags.filter((tag) => tag === 'Ignored')).toHaveLength(2);
  });

  it("keeps Twilio's error code with an undelivered message", () => {
    expect(observation(fixture('sms-undelivered'))).toMatchObject({ state: 'undelivered', error: { code: '30003', message: null } });
  });

  it.each([
    ['accepted', 'queued'],
    ['scheduled', 'queued'],
    ['queued', 'queued'],
    ['sending', 'queued'],
    ['sent', 'sent'],
    ['failed', 'failed'],
    ['canceled', 'rejected'],
    ['delivered', 'delivered'],
    ['undelivered', 'undelivered'],
    ['read', 'read'],
    ['partially_delivered', 'undelivered'],
    ['Delivered', 'delivered'],
    [' PARTIALLY_DELIVERED ', 'undelivered'],
  ])('maps %s to %s', (word, state) => {
    expect(observation({ ...fixture('sms-delivered'), MessageStatus: word }).state).toBe(state);
  });

  it('ignores callbacks about inbound messages, and the incoming-message webhook, which has only SmsStatus', () => {
    const ignoredInbound = [{ _tag: 'Ignored', reason: 'Twilio status "received" is about an inbound message', eventType: 'inbound message' }];
    expect(normalize(fixture('inbound-received'))).toEqual(ignoredInbound);
    expect(normalize(fixture('inbound-message'))).toEqual(ignoredInbound);
  });

  it('reads the status of an older callback from SmsStatus when MessageStatus is absent', () => {
    expect(observation(fixture('sms-status-only-delivered'))).toMatchObject({
      messageId: 'twilio:SM1b2c3d4e5f60718293a4b5c6d7e8f901',
      state: 'delivered',
      channel: 'SMS',
      providerStatus: 'delivered',
    });
  });

  it('refuses a callback with neither status field, naming the message', () => {
    const { SmsStatus: _status, ...withoutStatus } = fixture('sms-status-only-delivered') as Record<string, string>;
    expect(normalize(withoutStatus)).toEqual([
      { _tag: 'Invalid', reason: 'a Twilio callback without MessageStatus or SmsStatus', messageId: 'twilio:SM1b2c3d4e5f60718293a4b5c6d7e8f901' },
    ]);
  });

  it('refuses an unknown status, naming the message, and what is not a callback', () => {
    expect(normalize({ ...fixture('sms-delivered'), MessageStatus: 'teleported' })).toEqual([
      { _tag: 'Invalid', reason: 'unmapped Twilio status "teleported"', messageId: 'twilio:SM1f0e8ae6ade43cb3c0ce4525424e404f' },
    ]);
    // Words that every object inherits are words like any other: unmapped, never a function.
    expect(normalize({ ...fixture('sms-delivered'), MessageStatus: 'constructor' })[0]).toMatchObject({ _tag: 'Invalid', reason: 'unmapped Twilio status "constructor"' });
    expect(normalize({ ...fixture('sms-delivered'), To: 'constructor:x', ChannelPrefix: undefined })[0]).toMatchObject({ _tag: 'Observed', observation: { channel: 'constructor' } });
    expect(normalize({ MessageStatus: 'sent' })[0]).toMatchObject({ _tag: 'Invalid', reason: expect.stringMatching(/^not a Twilio status callback: MessageSid/) });
  });

  it('treats ErrorCode 0 or empty as no error', () => {
    expect(observation({ ...fixture('sms-delivered'), ErrorCode: '0' }).error).toBeNull();
    expect(observation({ ...fixture('sms-delivered'), ErrorCode: '' }).error).toBeNull();
  });
});
