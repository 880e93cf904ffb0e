import { normalizerSpecification } from '@msgstatus/canonical/testing';
import { describe, expect, it } from 'vitest';
import { sinch, sinchStatuses } from './sinch.js';

const { fixture, normalize, observation } = normalizerSpecification(sinch, new URL('./fixtures/', import.meta.url));

/** The documented Dispatched report with some fields replaced (or removed, as undefined). */
const report = (changes: Record<string, unknown>) => ({ ...fixture('recipient-dispatched'), ...changes });
const dispatchedId = 'sinch:01FC66621XXXXX119Z8PMV1QPQ/44231235674';

describe('Sinch recipient delivery reports', () => {
  it("maps the SDK's signed Delivered callback: batch and recipient as the id, Sinch's `at` as the time, code 0 no error", () => {
    expect(normalize(fixture('recipient-delivered'))).toEqual([
      {
        _tag: 'Observed',
        observation: {
          eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
          messageId: 'sinch:01JHFFHQ0P99JPPNQPJDV7JTBP/33662162466',
          provider: 'sinch',
          providerMessageId: '01JHFFHQ0P99JPPNQPJDV7JTBP/33662162466',
          state: 'delivered',
          detail: 'delivered_to_recipient',
          attempt: null,
          channel: 'SMS',
          occurredAt: '2025-01-13T09:22:40.914Z',
          observedAt: '2026-01-05T10:00:00.000Z',
          error: null,
          providerStatus: 'Delivered',
          source: { file: 'f', line: 1 },
          clientRef: 'a client reference',
        },
      },
    ]);
  });

  it('reads a report with every optional field, the recipient without its +, Dispatched (401) as sent without error', () => {
    expect(observation(fixture('recipient-dispatched'))).toMatchObject({
      messageId: dispatchedId,
      state: 'sent',
      detail: null,
      channel: 'SMS',
      occurredAt: '2022-08-30T08:16:08.930Z',
      error: null,
      providerStatus: 'Dispatched',
      clientRef: 'client reference',
    });
  });

  it('tells MMS reports by their type', () => {
    expect(observation(fixture('recipient-mms-dispatched'))).toMatchObject({ messageId: dispatchedId, state: 'sent', channel: 'MMS' });
  });

  it("keeps Sinch's code with a failure, in the words of its documentation", () => {
    expect(observation(fixture('recipient-aborted'))).toMatchObject({
      messageId: 'sinch:01W4FFL35P4NC4K35SMSBATCH9/12010000000',
      state: 'rejected',
      error: { code: '412', message: 'Unprovisioned region: the account is not provisioned for this region' },
      clientRef: 'client-ref',
    });
  });

  it("maps the status API's documented answer, whose code is a string, to the id its callbacks have", () => {
    expect(observation(fixture('recipient-answer-delivered'))).toMatchObject({
      messageId: 'sinch:01FC66621VHDBN119Z8PMV1QPQ/123456789',
      state: 'delivered',
      occurredAt: '2016-10-02T09:34:18.542Z',
      error: null,
    });
    const withPlus = observation({ ...fixture('recipient-answer-delivered'), recipient: '+123456789' });
    expect(withPlus.eventId).toBe(observation(fixture('recipient-answer-delivered')).eventId);
    expect(observation({ ...fixture('recipient-answer-delivered'), recipient: 123456789 }).messageId).toBe('sinch:01FC66621VHDBN119Z8PMV1QPQ/123456789');
  });

  it.each([
    ['Queued', 'queued', null],
    ['Dispatched', 'sent', null],
    ['Aborted', 'rejected', null],
    ['Cancelled', 'rejected', null],
    ['Rejected', 'undelivered', 'rejected_by_operator'],
    ['Deleted', 'undelivered', 'rejected_by_operator'],
    ['Delivered', 'delivered', 'delivered_to_recipient'],
    ['Failed', 'failed', null],
    ['Expired', 'failed', null],
    ['Unknown', 'sent', null],
  ])('maps %s to %s (%s)', (status, state, detail) => {
    expect(observation(report({ status, code: 0 }))).toMatchObject({ state, detail, providerStatus: status });
  });

  it('maps every documented status word, in any case and spacing', () => {
    expect(Object.keys(sinchStatuses)).toHaveLength(10);
    expect(observation(report({ status: ' DELIVERED ' }))).toMatchObject({ state: 'delivered', providerStatus: ' DELIVERED ' });
    expect(observation(report({ status: 'dispatched' })).state).toBe('sent');
    expect(observation(report({ type: 'Recipient_Delivery_Report_SMS' })).channel).toBe('SMS');
  });

  it('takes 0, 400 and 401 as no error on progress, and any code as the error of a failure', () => {
    expect(observation(report({ status: 'Queued', code: 400 })).error).toBeNull();
    expect(observation(report({ status: 'Delivered', code: '0' })).error).toBeNull();
    expect(observation(report({ status: 'Failed', code: 0 })).error).toEqual({ code: '0', message: null });
    expect(observation(report({ status: 'Failed', code: 11 })).error).toEqual({ code: '11', message: null });
    expect(observation(report({ status: 'Unknown', code: 7 })).error).toEqual({ code: '7', message: null });
    const described = report({ status: 'Rejected', code: 402, status_message: ' Unroutable\n number ' });
    expect(observation(described).error).toEqual({ code: '402', message: 'Unroutable number' });
  });

  it('reads times with offsets, and zone-less ones as UTC', () => {
    expect(observation(report({ at: '2022-08-30T10:16:08.930+02:00' })).occurredAt).toBe('2022-08-30T08:16:08.930Z');
    expect(observation(report({ at: '2022-08-30T08:16:08.93' })).occurredAt).toBe('2022-08-30T08:16:08.930Z');
  });

  it("carries client_reference as clientRef, none without one, and refuses one over 512 characters", () => {
    expect(observation(report({ client_reference: undefined }))).not.toHaveProperty('clientRef');
    expect(normalize(report({ client_reference: 'x'.repeat(513) }))).toEqual([
      { _tag: 'Invalid', reason: 'Sinch recipient delivery report: client_reference: expected at most 512 characters', messageId: dispatchedId },
    ]);
  });

  it('gives a redelivered report the same event id, and another status another', () => {
    const payload = fixture('recipient-delivered');
    const [again] = sinch.normalize({ provider: 'sinch', receivedAt: '2026-01-06T00:00:00.000Z', payload, source: { file: 'g', line: 2 } });
    expect(again).toMatchObject({ observation: { eventId: observation(payload).eventId } });
    expect(observation(report({ status: 'Delivered' })).eventId).not.toBe(observation(fixture('recipient-dispatched')).eventId);
  });
});

describe('Sinch payloads that report no message status', () => {
  it.each([
    ['batch-report-sms-full', 'delivery_report_sms'],
    ['batch-report-sms-summary', 'delivery_report_sms'],
    ['batch-report-mms-full', 'delivery_report_mms'],
  ])('ignores the batch delivery report %s, which has no time per recipient, counted as %s', (name, eventType) => {
    const reason = expect.stringMatching(/^Sinch ".+" is a batch delivery report: .+ even in full mode: no message status$/);
    expect(normalize(fixture(name))).toEqual([{ _tag: 'Ignored', reason, eventType }]);
  });

  it.each([
    ['mo-text', 'mo_text'],
    ['mo-binary', 'mo_binary'],
    ['mo-media', 'mo_media'],
  ])('ignores the inbound message %s, counted as %s', (name, eventType) => {
    expect(normalize(fixture(name))).toEqual([{ _tag: 'Ignored', reason: `Sinch "${eventType}" is an inbound message: no message status`, eventType }]);
  });
});

describe('what Sinch reports that cannot be taken', () => {
  it('reports an API error answer as invalid, with its code and text', () => {
    expect(normalize(fixture('error-syntax'))).toEqual([
      { _tag: 'Invalid', reason: `Sinch SMS API error "syntax_invalid_parameter_format": 'foo' is not a valid identifier`, messageId: null },
    ]);
  });

  it('refuses an unknown status word and an unreadable time, naming the message', () => {
    expect(normalize(report({ status: 'Teleported' }))).toEqual([{ _tag: 'Invalid', reason: 'unmapped Sinch status "Teleported"', messageId: dispatchedId }]);
    expect(normalize(report({ at: '30/08/2022 08:16' }))).toEqual([
      { _tag: 'Invalid', reason: 'Sinch report time (at) "30/08/2022 08:16" is not an ISO-8601 time', messageId: dispatchedId },
    ]);
  });

  it.each([
    ['a code of letters', { code: 'abc' }, 'code: a status code: digits'],
    ['a code of another kind', { code: true }, 'code: expected a status code'],
    ['no code', { code: undefined }, 'code: missing'],
    ['a status that is a number', { status: 42 }, 'status: expected text, got a number'],
    ['no time', { at: undefined }, 'at: missing'],
    ['a part count as text', { number_of_message_parts: '2' }, 'number_of_message_parts: expected a number, got text'],
  ])('says which field of a report is wrong: %s', (_case, changes, problem) => {
    expect(normalize(report(changes))).toEqual([{ _tag: 'Invalid', reason: `Sinch recipient delivery report: ${problem}`, messageId: dispatchedId }]);
  });

  it('refuses ids that are not a batch and a phone number, and a number that lost digits', () => {
    expect(normalize(report({ recipient: 'alice' }))).toEqual([
      { _tag: 'Invalid', reason: 'Sinch recipient delivery report: recipient: a phone number: digits, with or without a leading +', messageId: null },
    ]);
    expect(normalize(report({ batch_id: 'a/b' }))[0]).toMatchObject({ reason: expect.stringMatching(/batch_id: a batch id: /), messageId: null });
    expect(normalize(report({ recipient: 2 ** 60 }))[0]).toMatchObject({ reason: 'Sinch recipient delivery report: recipient: expected a phone number' });
    expect(normalize(report({ recipient: undefined }))[0]).toMatchObject({ _tag: 'Invalid', reason: 'Sinch recipient delivery report: recipient: missing' });
    expect(normalize(report({ batch_id: undefined }))[0]).toMatchObject({ _tag: 'Invalid', reason: 'Sinch recipient delivery report: batch_id: missing' });
  });

  it('refuses an undocumented type and what is no Sinch payload', () => {
    expect(normalize(report({ type: 'recipient_delivery_report_rcs' }))).toEqual([
      { _tag: 'Invalid', reason: 'unknown Sinch SMS payload type "recipient_delivery_report_rcs"', messageId: dispatchedId },
    ]);
    expect(normalize(report({ type: 'constructor' }))[0]).toMatchObject({ _tag: 'Invalid', reason: 'unknown Sinch SMS payload type "constructor"' });
    expect(normalize(report({ type: 7 }))[0]).toMatchObject({ _tag: 'Invalid', reason: 'Sinch SMS payload: type: expected text, got a number' });
    for (const payload of [null, [1], 'text', { hello: 'world' }]) {
      expect(normalize(payload)).toEqual([{ _tag: 'Invalid', reason: expect.stringMatching(/Sinch SMS payload/), messageId: null }]);
    }
  });
});
