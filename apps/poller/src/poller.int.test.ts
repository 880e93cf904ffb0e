import { describe, expect, it } from '@effect/vitest';
import { KafkaProducer } from '@msgstatus/kafka';
import { publishRawLines, runIngestor, runProjector } from '@msgstatus/pipeline';
import { changeRecordsOf, collectUntil, kafkaTestLayer, setUpTopics } from '@msgstatus/pipeline/testing';
import { pollerConfig, runPoller } from '@msgstatus/poller';
import { startFakeAlphaSmsApi, startFakeEightByEightApi, type EightByEightStatus, type FakeApi } from '@msgstatus/poller/testing';
import { providers } from '@msgstatus/provider-registry';
import * as ConfigProvider from 'effect/ConfigProvider';
import * as Effect from 'effect/Effect';

// Receipts a minute old, so their receipt windows are open when the poller's answers come in.
const receivedAt = new Date(Date.now() - 60_000).toISOString();
const fake = <A extends FakeApi>(start: () => Promise<A>) => Effect.acquireRelease(Effect.promise(start), (api) => Effect.promise(api.close));
const receipt = (umid: string, state: string, subAccountId = 'acme') =>
  JSON.stringify({
    provider: '8x8',
    receivedAt,
    payload: { namespace: 'SMS', eventType: 'outbound_message_status_changed', payload: { umid, subAccountId, status: { state, timestamp: '2026-11-23T10:00:00Z' } } },
  });
const chatAppsReceipt = (umid: string, state: string, subAccountId: string) =>
  JSON.stringify({
    provider: '8x8',
    receivedAt,
    payload: { namespace: 'ChatApps', eventType: 'outbound_message_status_changed', payload: { umid, subAccountId, channel: 'whatsapp', status: { state, timestamp: '2026-11-23T10:00:00Z' } } },
  });
const alphaAnswer = (id: number, status: string) =>
  JSON.stringify({ provider: 'alphasms', receivedAt, payload: { success: true, data: [{ success: true, data: { id, type: 'sms', status } }] } });

describe('the poller on a real broker', () => {
  it.live(
    'reconciles stuck messages by polling: their answers become changes, and messages that moved on are not polled',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('poller');
        const eightByEight = yield* fake(() =>
          startFakeEightByEightApi({
            apiKey: 'key-8x8',
            subAccountIds: ['acme', 'acme_marketing'],
            messages: new Map<string, ReadonlyArray<EightByEightStatus & { readonly channel?: string }>>([
              ['stuck-1', [{ state: 'delivered', detail: 'delivered_to_recipient', timestamp: '2026-11-23T10:05:00Z' }]],
              ['stuck-2', [{ state: 'delivered', detail: 'delivered_to_recipient', timestamp: '2026-11-23T10:05:00Z' }]],
              ['stuck-3', [{ state: 'delivered', timestamp: '2026-11-23T10:05:00Z', channel: 'WhatsApp' }]],
            ]),
          }),
        );
        const alphaSms = yield* fake(() => startFakeAlphaSmsApi({ apiKey: 'key-alpha', messages: new Map([['100500', { status: 'DELIVERED', type: 'sms' }]]) }));
        // Configured as the app is: no 8x8 sub-account, each message's own receipt names it.
        const environment = new Map(
          Object.entries({
            POLLER_STUCK_AFTER_MS: '2000',
            POLLER_MAX_POLLS: '3',
            POLLER_TICK_MS: '200',
            POLLER_8X8_API_KEY: 'key-8x8',
            POLLER_8X8_BASE_URL: eightByEight.url,
            POLLER_8X8_SMS_BASE_URL: eightByEight.smsUrl,
            POLLER_ALPHASMS_API_KEY: 'key-alpha',
            POLLER_ALPHASMS_BASE_URL: alphaSms.url,
          }),
        );
        const settings = yield* Effect.withConfigProvider(pollerConfig(providers), ConfigProvider.fromMap(environment));
        // A poison record on the state topic (not JSON) is skipped and counted: the follower goes on.
        yield* (yield* KafkaProducer).send([{ topic: names.state, key: '8x8:poison', value: '{"broken' }]);
        yield* Effect.forkScoped(runIngestor({ names }));
        yield* Effect.forkScoped(runProjector({ names }));
        const poller = yield* Effect.forkScoped(runPoller(settings, { names }));
        yield* publishRawLines(
          [receipt('stuck-1', 'sent'), receipt('stuck-2', 'queued'), chatAppsReceipt('stuck-3', 'sent', 'acme_marketing'), receipt('done', 'delivered'), alphaAnswer(100500, 'ACCEPTED')],
          names,
        );

        const records = yield* collectUntil(names.changes, (seen) => changeRecordsOf(seen).filter((change) => change.state === 'delivered').length === 5, 60_000);
        const delivered = changeRecordsOf(records).filter((change) => change.state === 'delivered').map((change) => change.messageId);
        expect(delivered.sort()).toEqual(['8x8:done', '8x8:stuck-1', '8x8:stuck-2', '8x8:stuck-3', 'alphasms:100500']);
        // Only the stuck ones were asked for (again only if their answer's change came later than the
        // next poll, on a loaded machine), never faster than 8x8's quota of one a second.
        // SMS messages at the SMS API, the WhatsApp one at Chat Apps, each of its own sub-account.
        expect(new Set(eightByEight.requests.map((request) => `${request.api} ${request.key} ${request.ids[0]}`))).toEqual(
          new Set(['sms acme stuck-1', 'sms acme stuck-2', 'chatapps acme_marketing stuck-3']),
        );
        for (const subAccount of ['acme', 'acme_marketing']) {
          const asked = eightByEight.requests.filter((request) => request.key === subAccount);
          const gaps = asked.slice(1).map((request, index) => request.at - asked[index]!.at);
          expect(gaps.every((gap) => gap >= 1_000)).toBe(true);
        }
        expect(alphaSms.requests.length).toBeGreaterThan(0);
        expect(alphaSms.requests.every((request) => request.ids.join() === '100500')).toBe(true);
        expect(poller.unsafePoll()).toBeNull(); // still running
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('poller-test'))),
  );
});
