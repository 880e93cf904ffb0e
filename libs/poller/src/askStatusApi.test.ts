import { describe, expect, it } from '@effect/vitest';
import type { PolledMessage, StatusApiSettings } from '@msgstatus/canonical';
import { normalizerOf, normalizeRawEvent } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';
import { askStatusApi } from './askStatusApi.js';
import { Pacer } from './Pacer.js';
import { startFakeAlphaSmsApi, startFakeEightByEightApi, type FakeApi } from './testing/index.js';

const fake = <A extends FakeApi>(start: () => Promise<A>) => Effect.acquireRelease(Effect.promise(start), (api) => Effect.promise(api.close));
const delivered = { state: 'delivered', detail: 'delivered_to_recipient', timestamp: '2026-11-23T10:00:00.1234567Z' };
const messages = new Map([
  ['u-1', [delivered]],
  ['u-2', [{ state: 'sent', timestamp: '2026-11-23T10:00:00Z' }]],
  ['u-3', [{ state: 'failed', timestamp: '2026-11-23T10:00:00Z' }, { ...delivered, channel: 'WhatsApp' }]],
  ['u-4', [delivered]],
]);
const eightByEight = normalizerOf('8x8')!.statusApi!;
const alphaSms = normalizerOf('alphasms')!.statusApi!;
const settingsOf = (api: { url: string; smsUrl: string }, apiKey = 'key'): StatusApiSettings => ({ API_KEY: apiKey, BASE_URL: api.url, SMS_BASE_URL: api.smsUrl, MIN_INTERVAL_MS: '1000' });
const message = (umid: string, channels: Array<string | null> = ['SMS'], account: string | null = 'acme'): PolledMessage => ({ providerMessageId: umid, account, channels });
const ask8x8 = (settings: StatusApiSettings, polled: PolledMessage, pacer: Pacer) => askStatusApi(eightByEight, settings, polled.account ?? 'acme', [polled], pacer);
const observedStates = (provider: string, payload: unknown) =>
  normalizeRawEvent({ provider, receivedAt: '2026-11-23T10:00:05.000Z', payload, source: { file: 'poll', line: 1 } }).map((item) =>
    item._tag === 'Observed' ? `${item.observation.messageId} ${item.observation.state}` : `${item._tag}: ${item.reason}`,
  );

describe("8x8's message details, as the 8x8 provider declares them", () => {
  it.scopedLive('never exceeds one request a second per sub-account, however many are asked at once', () =>
    Effect.gen(function* () {
      const api = yield* fake(() => startFakeEightByEightApi({ apiKey: 'key', subAccountIds: ['acme'], messages }));
      const pacer = new Pacer(1_000);
      const polled = [message('u-1'), message('u-2'), message('u-3', ['SMS', 'WhatsApp']), message('u-4')];
      const answers = yield* Effect.forEach(polled, (each) => ask8x8(settingsOf(api), each, pacer), { concurrency: 'unbounded' });
      expect(answers.map((answer) => answer._tag === 'Answered' && answer.httpStatus)).toEqual([200, 200, 200, 200]);
      const gaps = api.requests.slice(1).map((request, index) => request.at - api.requests[index]!.at);
      expect(gaps).toHaveLength(3);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000);
      const [, , fallback] = answers;
      expect(fallback!._tag === 'Answered' && observedStates('8x8', fallback!.payload)).toEqual(['8x8:u-3 rejected', '8x8:u-3 delivered']);
    }),
  );

  it.scopedLive('asks the SMS API about SMS messages and Chat Apps about the others, and reads both answers', () =>
    Effect.gen(function* () {
      const api = yield* fake(() => startFakeEightByEightApi({ apiKey: 'key', subAccountIds: ['acme'], messages, quotaIntervalMs: 0 }));
      const sms = yield* ask8x8(settingsOf(api), message('u-1'), new Pacer(0));
      const chat = yield* ask8x8(settingsOf(api), message('u-3', ['Viber']), new Pacer(0));
      expect(api.requests.map((request) => `${request.api} ${request.ids[0]}`)).toEqual(['sms u-1', 'chatapps u-3']);
      expect(sms._tag === 'Answered' && observedStates('8x8', sms.payload)).toEqual(['8x8:u-1 delivered']);
      expect(chat._tag === 'Answered' && observedStates('8x8', chat.payload)).toEqual(['8x8:u-3 rejected', '8x8:u-3 delivered']);
    }),
  );

  it.scopedLive('paces each sub-account on its own', () =>
    Effect.gen(function* () {
      const api = yield* fake(() => startFakeEightByEightApi({ apiKey: 'key', subAccountIds: ['acme', 'acme_marketing'], messages }));
      const pacer = new Pacer(1_000);
      const polled = [message('u-1', ['SMS'], 'acme'), message('u-2', ['SMS'], 'acme_marketing')];
      const answers = yield* Effect.forEach(polled, (each) => ask8x8(settingsOf(api), each, pacer), { concurrency: 'unbounded' });
      expect(answers.map((answer) => answer._tag)).toEqual(['Answered', 'Answered']);
      expect(api.requests.map((request) => request.key).sort()).toEqual(['acme', 'acme_marketing']);
      expect(Math.abs(api.requests[1]!.at - api.requests[0]!.at)).toBeLessThan(1_000);
    }),
  );

  it.scopedLive('honours 429: waits the seconds it names, then asks again and gets the answer', () =>
    Effect.gen(function* () {
      // A stricter quota than the pacer's: the API answers 429 and the poller must wait it out.
      const api = yield* fake(() => startFakeEightByEightApi({ apiKey: 'key', subAccountIds: ['acme'], messages, quotaIntervalMs: 1_500 }));
      const pacer = new Pacer(200);
      let quotaAnswers = 0;
      const first = yield* askStatusApi(eightByEight, settingsOf(api), 'acme', [message('u-1')], pacer, () => quotaAnswers++);
      const second = yield* askStatusApi(eightByEight, settingsOf(api), 'acme', [message('u-2')], pacer, () => quotaAnswers++);
      expect([first._tag, second._tag]).toEqual(['Answered', 'Answered']);
      expect(quotaAnswers).toBe(api.requests.length - 2);
      expect(quotaAnswers).toBeGreaterThanOrEqual(1);
      expect(second._tag === 'Answered' && observedStates('8x8', second.payload)).toEqual(['8x8:u-2 sent']);
      const [, refused, retried] = api.requests;
      expect(retried!.at - refused!.at).toBeGreaterThanOrEqual(1_000);
    }),
  );

  it.scopedLive('publishes error answers (dead-lettered with their code) but not failures to answer', () =>
    Effect.gen(function* () {
      const api = yield* fake(() => startFakeEightByEightApi({ apiKey: 'key', subAccountIds: ['acme'], messages }));
      const wrongKey = yield* ask8x8(settingsOf(api, 'other'), message('u-1'), new Pacer(0));
      expect(wrongKey).toMatchObject({ _tag: 'Answered', httpStatus: 401, payload: { code: 1200 } });
      expect(observedStates('8x8', (wrongKey as { payload: unknown }).payload)[0]).toMatch(/^Invalid: .*1200/);
      const unreachable = yield* ask8x8({ ...settingsOf(api), SMS_BASE_URL: 'http://127.0.0.1:1' }, message('u-1'), new Pacer(0));
      expect(unreachable).toMatchObject({ _tag: 'RetryLater', reason: expect.stringContaining('request failed') });
    }),
  );
});

describe("AlphaSMS's status call, as the AlphaSMS provider declares it", () => {
  it.scopedLive('asks for a batch of ids in one request and gets one raw event for all of them', () =>
    Effect.gen(function* () {
      const statuses = new Map([
        ['100500', { status: 'DELIVERED', type: 'sms' }],
        ['100501', { status: 'READ', type: 'viber' }],
      ]);
      const api = yield* fake(() => startFakeAlphaSmsApi({ apiKey: 'alpha', messages: statuses }));
      const ids = ['100500', '100501', '999'].map((id) => message(id, [], null));
      const answer = yield* askStatusApi(alphaSms, { API_KEY: 'alpha', BASE_URL: api.url, BATCH_SIZE: '100' }, 'alphasms', ids, new Pacer(0));
      expect(api.requests.map((request) => request.ids)).toEqual([['100500', '100501', '999']]);
      expect(answer._tag === 'Answered' && observedStates('alphasms', answer.payload)).toEqual([
        'alphasms:100500 delivered',
        'alphasms:100501 read',
        expect.stringMatching(/^Invalid: .*Message not found/),
      ]);
      const denied = yield* askStatusApi(alphaSms, { API_KEY: 'wrong', BASE_URL: api.url, BATCH_SIZE: '100' }, 'alphasms', [message('100500', [], null)], new Pacer(0));
      expect(denied._tag === 'Answered' && observedStates('alphasms', denied.payload)).toEqual([expect.stringMatching(/^Invalid: .*Access denied/)]);
    }),
  );
});
