import { describe, expect, it } from '@effect/vitest';
import { deadLetterHeaders } from '@msgstatus/canonical';
import { publishRawLines, runIngestor, runProjector } from '@msgstatus/pipeline';
import { changeRecordsOf, collectUntil, kafkaTestLayer, readAll, setUpTopics } from '@msgstatus/pipeline/testing';
import { pollerConfig, runPoller } from '@msgstatus/poller';
import {
  startFakeInfobipApi,
  startFakePlivoApi,
  startFakeSinchApi,
  startFakeTelnyxApi,
  startFakeVonageApi,
  type FakeApi,
} from '@msgstatus/poller/testing';
import { providers } from '@msgstatus/provider-registry';
import * as ConfigProvider from 'effect/ConfigProvider';
import * as Effect from 'effect/Effect';

// Receipts a minute old, so their receipt windows are open when the poller's answers come in.
const receivedAt = new Date(Date.now() - 60_000).toISOString();
const fake = <A extends FakeApi>(start: () => Promise<A>) => Effect.acquireRelease(Effect.promise(start), (api) => Effect.promise(api.close));
const envelope = (provider: string, payload: unknown) => JSON.stringify({ provider, receivedAt, payload });

// One message of each provider, each left in `sent` (or `queued`) by its own callback.
const vonageId = '0B00000127FDBC63';
const infobipId = 'MESSAGE-ID-123-xyz';
const sinchBatch = '01FC66621XXXXX119Z8PMV1QPQ';
const sinchId = `${sinchBatch}/44231235674`;
const telnyxId = 'ac012cbf-5e09-46af-a69a-7c0e2d90993c';
const plivoId = '5b40a428-bfc7-4daf-9d06-726c558bf3b8';

const stuckReceipts = [
  // An SMS API receipt of a message the carrier buffered: sent; its api-key is the account asked about.
  envelope('vonage', {
    messageId: vonageId,
    status: 'buffered',
    'err-code': '0',
    scts: '2611231000',
    'message-timestamp': '2026-11-23 10:00:29',
    msisdn: '447700900000',
    to: 'Vonage APIs',
    'api-key': 'key-vonage',
  }),
  // An SMS delivery report still pending at the operator: sent (no channel named: asked at the SMS logs).
  envelope('infobip', {
    results: [
      {
        messageId: infobipId,
        to: '41793026727',
        sentAt: '2026-11-23T10:00:00.000+0000',
        status: { groupId: 1, groupName: 'PENDING', id: 7, name: 'PENDING_ENROUTE', description: 'Message sent to next instance' },
        error: { groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: 'No Error', permanent: false },
      },
    ],
  }),
  // A per_recipient callback: Dispatched is sent.
  envelope('sinch', { type: 'recipient_delivery_report_sms', batch_id: sinchBatch, recipient: '+44231235674', code: 401, status: 'Dispatched', at: '2026-11-23T10:00:00.000Z' }),
  envelope('telnyx', {
    data: {
      event_type: 'message.sent',
      id: 'a1b2c3d4-5678-9012-abcd-ef1234567890',
      occurred_at: '2026-11-23T10:00:00.000+00:00',
      record_type: 'event',
      payload: {
        record_type: 'message',
        id: telnyxId,
        direction: 'outbound',
        type: 'SMS',
        from: { phone_number: '+13125550001' },
        to: [{ phone_number: '+13125550002', status: 'sent' }],
        errors: [],
      },
    },
    meta: { attempt: 1 },
  }),
  envelope('plivo', {
    MessageUUID: plivoId,
    ParentMessageUUID: plivoId,
    To: '14155550123',
    From: '14155550100',
    Type: 'sms',
    Status: 'sent',
    ErrorCode: '',
    QueuedTime: '2026-11-23 10:00:00.201337',
    SentTime: '2026-11-23 10:00:01.512094',
  }),
];

describe('the poller on a real broker, with the status APIs of Vonage, Infobip, Sinch, Telnyx and Plivo', () => {
  it.live(
    "reconciles each provider's stuck message through its status API: the stand-in's answer becomes a delivered change, and nothing is dead-lettered",
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('poller-new-providers');
        const vonage = yield* fake(() =>
          startFakeVonageApi({
            apiKey: 'key-vonage',
            apiSecret: 'secret-vonage',
            messages: new Map([[vonageId, { status: 'delivered', dateFinalized: '2026-11-23T10:05:00+0000' }]]),
          }),
        );
        const infobip = yield* fake(() =>
          startFakeInfobipApi({
            apiKey: 'key-infobip',
            messages: new Map([
              [
                infobipId,
                {
                  status: { groupId: 3, groupName: 'DELIVERED', id: 5, name: 'DELIVERED_TO_HANDSET', description: 'Message delivered to handset' },
                  sentAt: '2026-11-23T10:00:00.000+0000',
                  doneAt: '2026-11-23T10:05:00.000+0000',
                },
              ],
            ]),
          }),
        );
        const sinch = yield* fake(() =>
          startFakeSinchApi({
            servicePlanId: 'plan-sinch',
            apiToken: 'token-sinch',
            reports: new Map([[sinchId, { status: 'Delivered', code: 0, at: '2026-11-23T10:05:00.000Z' }]]),
          }),
        );
        const telnyx = yield* fake(() =>
          startFakeTelnyxApi({
            apiKey: 'key-telnyx',
            messages: new Map([[telnyxId, { to: [{ phone_number: '+13125550002', status: 'delivered', updated_at: '2026-11-23T10:05:00.000+00:00' }] }]]),
          }),
        );
        const plivo = yield* fake(() =>
          startFakePlivoApi({ authId: 'MAXXXXXXXXXXXXXXXXXX', authToken: 'token-plivo', messages: new Map([[plivoId, { state: 'delivered' }]]) }),
        );
        // Configured as the app is: credentials and base URLs only, every other setting (each MIN_INTERVAL_MS) its default.
        const environment = new Map(
          Object.entries({
            POLLER_STUCK_AFTER_MS: '2000',
            POLLER_MAX_POLLS: '3',
            POLLER_TICK_MS: '200',
            POLLER_VONAGE_API_KEY: 'key-vonage',
            POLLER_VONAGE_API_SECRET: 'secret-vonage',
            POLLER_VONAGE_BASE_URL: vonage.url,
            POLLER_INFOBIP_API_KEY: 'key-infobip',
            POLLER_INFOBIP_BASE_URL: infobip.url,
            POLLER_SINCH_SERVICE_PLAN_ID: 'plan-sinch',
            POLLER_SINCH_API_TOKEN: 'token-sinch',
            POLLER_SINCH_BASE_URL: sinch.url,
            POLLER_TELNYX_API_KEY: 'key-telnyx',
            POLLER_TELNYX_BASE_URL: telnyx.url,
            POLLER_PLIVO_AUTH_ID: 'MAXXXXXXXXXXXXXXXXXX',
            POLLER_PLIVO_AUTH_TOKEN: 'token-plivo',
            POLLER_PLIVO_BASE_URL: plivo.url,
          }),
        );
        const settings = yield* Effect.withConfigProvider(pollerConfig(providers), ConfigProvider.fromMap(environment));
        expect(settings.apis.map((api) => api.provider).sort()).toEqual(['infobip', 'plivo', 'sinch', 'telnyx', 'vonage']);
        yield* Effect.forkScoped(runIngestor({ names }));
        yield* Effect.forkScoped(runProjector({ names }));
        const poller = yield* Effect.forkScoped(runPoller(settings, { names }));
        const published = yield* publishRawLines(stuckReceipts, names);
        expect(published).toEqual({ published: 5, unpublishable: [] });

        const expected = [`infobip:${infobipId}`, `plivo:${plivoId}`, `sinch:${sinchId}`, `telnyx:${telnyxId}`, `vonage:${vonageId}`];
        const deliveredOf = (records: Parameters<typeof changeRecordsOf>[0]) =>
          [...new Set(changeRecordsOf(records).filter((change) => change.state === 'delivered').map((change) => change.messageId))].sort();
        const records = yield* collectUntil(names.changes, (seen) => deliveredOf(seen).length === expected.length, 60_000);
        const changes = changeRecordsOf(records);
        expect(deliveredOf(records)).toEqual(expected);
        // Each message was stuck first (its callback's change), then moved on by its poll's answer.
        for (const messageId of expected) {
          expect(changes.filter((change) => change.messageId === messageId).map((change) => change.state)).toEqual(['sent', 'delivered']);
        }

        // Each stand-in was asked about its own message and no other (again only if its answer's change
        // came later than the next poll, on a loaded machine), under the account its settings name.
        const asked = (api: FakeApi) => new Set(api.requests.map((request) => `${request.key} ${request.ids.join(',')}`));
        expect(asked(vonage)).toEqual(new Set([`key-vonage ${vonageId}`]));
        expect(vonage.requests.every((request) => request.api === 'SMS')).toBe(true);
        expect(asked(infobip)).toEqual(new Set([`sms ${infobipId}`]));
        expect(asked(sinch)).toEqual(new Set([`plan-sinch ${sinchId}`]));
        expect(asked(telnyx)).toEqual(new Set([`key-telnyx ${telnyxId}`]));
        expect(asked(plivo)).toEqual(new Set([`MAXXXXXXXXXXXXXXXXXX ${plivoId}`]));

        // No callback and no answer was refused: the topics are this test's own, so its dead letters are empty.
        const deadLetters = (yield* readAll(names.deadLetter)).map(
          (record) => `${record.headers[deadLetterHeaders.messageId]?.toString() ?? '?'}: ${record.headers[deadLetterHeaders.reason]?.toString() ?? ''}`,
        );
        expect(deadLetters).toEqual([]);
        expect(poller.unsafePoll()).toBeNull(); // still running
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('poller-new-providers-test'))),
    120_000,
  );
});
