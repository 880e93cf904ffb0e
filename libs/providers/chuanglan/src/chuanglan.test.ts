import { normalizerSpecification } from '@msgstatus/canonical/testing';
import { describe, expect, it } from 'vitest';
import { chuanglan } from './chuanglan.js';

const { fixture, normalize, observation } = normalizerSpecification(chuanglan, new URL('./fixtures/', import.meta.url));

describe('Chuanglan whatsapp_message_status_updated', () => {
  it("maps the docs' three samples, keeping the 18-digit id a string", () => {
    expect(observation(fixture('seed-delivered'))).toMatchObject({
      messageId: 'chuanglan:356139161272397824',
      providerMessageId: '356139161272397824',
      state: 'delivered',
      channel: 'WhatsApp',
      attempt: null,
      occurredAt: '2023-02-22T12:00:00.000Z',
      error: null,
    });
    expect(observation(fixture('seed-read'))).toMatchObject({ state: 'read', occurredAt: '2023-05-26T02:18:44.115Z' });
    expect(observation(fixture('seed-failed'))).toMatchObject({
      state: 'failed',
      error: { code: '131014', message: 'Request for url https://URL.jpg failed with error: 404 (Not Found)' },
    });
  });

  it('dedupes by content, not by the reused event id', () => {
    const delivered = observation(fixture('seed-delivered'));
    const failed = observation(fixture('seed-failed'));
    expect(fixture('seed-delivered').id).toBe(fixture('seed-failed').id);
    expect(delivered.eventId).not.toBe(failed.eventId);
    expect(observation(fixture('seed-delivered')).eventId).toBe(delivered.eventId);
  });

  it('maps SMECL:FAILED to failed, keeps the raw word, and reads a zone-less eventTime as UTC', () => {
    expect(observation(fixture('smecl-failed'))).toMatchObject({
      state: 'failed',
      providerStatus: 'SMECL:FAILED',
      occurredAt: '2026-01-05T09:30:00.000Z',
    });
  });

  it('maps status words in any casing', () => {
    const read = fixture('seed-read');
    expect(observation({ ...read, body: { ...(read.body as object), status: ' READ ' } }).state).toBe('read');
  });

  it('ignores events that are not outbound message statuses', () => {
    expect(normalize(fixture('mo-message'))).toEqual([
      { _tag: 'Ignored', reason: 'Chuanglan event type "whatsapp_mo_message_received" carries no outbound message status', eventType: 'whatsapp_mo_message_received' },
    ]);
    expect(normalize(fixture('template-status'))[0]?._tag).toBe('Ignored');
  });

  // The event types of the webhook's common parameters (the same documentation as seed 002).
  it.each([
    ['whatsapp_mo_message_received'],
    ['whatsapp_template_status_updated'],
    ['whatsapp_account_review_updated'],
    ['whatsapp_phone_number_name_update'],
  ])('ignores the documented event type %s, counted by it', (type) => {
    expect(normalize({ ...fixture('template-status'), type })).toEqual([
      { _tag: 'Ignored', reason: `Chuanglan event type "${type}" carries no outbound message status`, eventType: type },
    ]);
  });

  it('refuses a message id sent as a number beyond 2^53 instead of passing on wrong digits', () => {
    const delivered = fixture('seed-delivered');
    const [item] = normalize({ ...delivered, body: { ...(delivered.body as object), id: 356139161272397824 } });
    expect(item).toMatchObject({ _tag: 'Invalid', reason: expect.stringContaining('beyond 2^53') });
  });

  it('sends unmapped statuses and bad times to the dead-letter path with the message named', () => {
    const read = fixture('seed-read');
    expect(normalize({ ...read, body: { ...(read.body as object), status: 'sent' } })).toEqual([
      { _tag: 'Invalid', reason: 'unmapped Chuanglan status "sent"', messageId: 'chuanglan:356139161272397824' },
    ]);
    expect(normalize({ ...read, eventTime: 'now' })).toEqual([
      { _tag: 'Invalid', reason: 'Chuanglan eventTime "now" is not an ISO-8601 time', messageId: 'chuanglan:356139161272397824' },
    ]);
    expect(normalize({ type: 'whatsapp_message_status_updated', eventTime: '2026-01-05T09:30:00Z', body: {} })[0]).toMatchObject({
      _tag: 'Invalid',
      reason: expect.stringContaining('body.id'),
    });
    expect(normalize('hello')[0]).toMatchObject({ _tag: 'Invalid', reason: expect.stringMatching(/^not a Chuanglan webhook event/) });
  });
});
