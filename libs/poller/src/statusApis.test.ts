import { describe, expect, it } from '@effect/vitest';
import { normalizeRawEvent } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';
import * as Redacted from 'effect/Redacted';
import { Pacer } from './Pacer.js';
import { pollAlphaSms, pollEightByEight, retryAfterSeconds } from './statusApis.js';
import { startFakeAlphaSmsApi, startFakeEightByEightApi, type FakeApi } from './testing/index.js';

const fake = <A extends FakeApi>(start: () => Promise<A>) => Effect.acquireRelease(Effect.promise(start), (api) => Effect.promise(api.close));
const delivered = { state: 'delivered', detail: 'delivered_to_recipient', timestamp: '2026-11-23T10:00:00.1234567Z' };
const messages = new Map([
  ['u-1', [delivered]],
  ['u-2', [{ state: 'sent', timestamp: '2026-11-23T10:00:00Z' }]],
  ['u-3', [{ state: 'failed', timestamp: '2026-11-23T10:00:00Z' }, { ...delivered, channel: 'WhatsApp' }]],
  ['u-4', [delivered]],
]);
const eightByEight = (url: string, apiKey = 'key') => ({ baseUrl: url, apiKey: Redacted.make(apiKey), subAccountId: 'acme' });
const observedStates = (provider: string, payload: unknown) =>
  normalizeRawEvent({ provider, receivedAt: '2026-11-23T10:00:05.000Z', payload, source: { file: 'poll', line: 1 } }).map((item) =>
    item._tag === 'Observed' ? `${item.observation.messageId} ${item.observation.state}` : `${item._tag}: ${item.reason}`,
  );

describe('8x8 message details', () => {
  it.scopedLive('never exceeds one request a second per sub-account, however many are asked at once', () =>
    Effect.gen(function* () {
      const api = yield* fake(() => startFakeEightByEightApi({ apiKey: 'key', subAccountId: 'acme', messages }));
      const pacer = new Pacer(1_000);
      const answers = yield* Effect.forEach(['u-1', 'u-2', 'u-3', 'u-4'], (umid) => pollEightByEight(eightByEight(api.url), umid, pacer), {
        concurrency: 'unbounded',
      });
      expect(answers.map((answer) => answer._tag === 'Answered' && answer.httpStatus)).toEqual([200, 200, 200, 200]);
      const gaps = api.requests.slice(1).map((request, index) => request.at - api.requests[index]!.at);
      expect(gaps).toHaveLength(3);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000);
      const [, , fallback] = answers;
      expect(fallback!._tag === 'Answered' && observedStates('8x8', fallback!.payload)).toEqual(['8x8:u-3 rejected', '8x8:u-3 delivered']);
    }),
  );

  it.scopedLive("honours 429: waits the seconds it names, then asks again and gets the answer", () =>
    Effect.gen(function* () {
      // A stricter quota than the pacer's: the API answers 429 and the poller must wait it out.
      const api = yield* fake(() => startFakeEightByEightApi({ apiKey: 'key', subAccountId: 'acme', messages, quotaIntervalMs: 1_500 }));
      const pacer = new Pacer(200);
      const first = yield* pollEightByEight(eightByEight(api.url), 'u-1', pacer);
      const second = yield* pollEightByEight(eightByEight(api.url), 'u-2', pacer);
      expect([first._tag, second._tag]).toEqual(['Answered', 'Answered']);
      expect(second._tag === 'Answered' && observedStates('8x8', second.payload)).toEqual(['8x8:u-2 sent']);
      const [, refused, retried] = api.requests;
      expect(retried!.at - refused!.at).toBeGreaterThanOrEqual(1_000);
    }),
  );

  it.scopedLive('publishes error answers (dead-lettered with their code) but not failures to answer', () =>
    Effect.gen(function* () {
      const api = yield* fake(() => startFakeEightByEightApi({ apiKey: 'key', subAccountId: 'acme', messages }));
      const wrongKey = yield* pollEightByEight(eightByEight(api.url, 'other'), 'u-1', new Pacer(0));
      expect(wrongKey).toMatchObject({ _tag: 'Answered', httpStatus: 401, payload: { code: 1200 } });
      expect(observedStates('8x8', (wrongKey as { payload: unknown }).payload)[0]).toMatch(/^Invalid: .*1200/);
      const unreachable = yield* pollEightByEight(eightByEight('http://127.0.0.1:1'), 'u-1', new Pacer(0));
      expect(unreachable).toMatchObject({ _tag: 'RetryLater', reason: expect.stringContaining('request failed') });
    }),
  );

  it('reads the seconds of the quota answer', () => {
    expect(retryAfterSeconds({ code: 429, message: 'Quota exceeded. Please try again in 3 second(s).' })).toBe(3);
    expect(retryAfterSeconds({ code: 429 })).toBeNull();
  });
});

describe('AlphaSMS status call', () => {
  it.scopedLive('asks for a batch of ids in one request and gets one raw event for all of them', () =>
    Effect.gen(function* () {
      const statuses = new Map([
        ['100500', { status: 'DELIVERED', type: 'sms' }],
        ['100501', { status: 'READ', type: 'viber' }],
      ]);
      const api = yield* fake(() => startFakeAlphaSmsApi({ apiKey: 'alpha', messages: statuses }));
      const answer = yield* pollAlphaSms({ baseUrl: api.url, apiKey: Redacted.make('alpha') }, ['100500', '100501', '999']);
      expect(api.requests.map((request) => request.ids)).toEqual([['100500', '100501', '999']]);
      expect(answer._tag === 'Answered' && observedStates('alphasms', answer.payload)).toEqual([
        'alphasms:100500 delivered',
        'alphasms:100501 read',
        expect.stringMatching(/^Invalid: .*Message not found/),
      ]);
      const denied = yield* pollAlphaSms({ baseUrl: api.url, apiKey: Redacted.make('wrong') }, ['100500']);
      expect(denied._tag === 'Answered' && observedStates('alphasms', denied.payload)).toEqual([expect.stringMatching(/^Invalid: .*Access denied/)]);
    }),
  );
});
