import { describe, expect, it } from '@effect/vitest';
import { KafkaProducer } from '@msgstatus/kafka';
import { publishRawLines, runIngestor, runProjector } from '@msgstatus/pipeline';
import { changeRecordsOf, collectUntil, kafkaTestLayer, setUpTopics } from '@msgstatus/pipeline/testing';
import { runPoller, type PollerSettings } from '@msgstatus/poller';
import { startFakeAlphaSmsApi, startFakeEightByEightApi, type FakeApi } from '@msgstatus/poller/testing';
import * as Effect from 'effect/Effect';
import * as Redacted from 'effect/Redacted';

const fake = <A extends FakeApi>(start: () => Promise<A>) => Effect.acquireRelease(Effect.promise(start), (api) => Effect.promise(api.close));
const receipt = (umid: string, state: string) =>
  JSON.stringify({
    provider: '8x8',
    receivedAt: '2026-11-23T10:00:00.000Z',
    payload: { namespace: 'SMS', eventType: 'outbound_message_status_changed', payload: { umid, subAccountId: 'acme', status: { state, timestamp: '2026-11-23T10:00:00Z' } } },
  });
const alphaAnswer = (id: number, status: string) =>
  JSON.stringify({ provider: 'alphasms', receivedAt: '2026-11-23T10:00:00.000Z', payload: { success: true, data: [{ success: true, data: { id, type: 'sms', status } }] } });

describe('the poller on a real broker', () => {
  it.live(
    'reconciles stuck messages by polling: their answers become changes, and messages that moved on are not polled',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('poller');
        const eightByEight = yield* fake(() =>
          startFakeEightByEightApi({
            apiKey: 'key-8x8',
            subAccountId: 'acme',
            messages: new Map(['stuck-1', 'stuck-2', 'stuck-3'].map((umid) => [umid, [{ state: 'delivered', detail: 'delivered_to_recipient', timestamp: '2026-11-23T10:05:00Z' }]])),
          }),
        );
        const alphaSms = yield* fake(() => startFakeAlphaSmsApi({ apiKey: 'key-alpha', messages: new Map([['100500', { status: 'DELIVERED', type: 'sms' }]]) }));
        const settings: PollerSettings = {
          stuckAfterMs: 2_000,
          stuckStates: new Set(['queued', 'sent']),
          maxPolls: 3,
          tickMs: 200,
          eightByEight: { baseUrl: eightByEight.url, apiKey: Redacted.make('key-8x8'), subAccountId: 'acme', minIntervalMs: 1_000 },
          alphaSms: { baseUrl: alphaSms.url, apiKey: Redacted.make('key-alpha'), batchSize: 100 },
        };
        // A poison record on the state topic (not JSON) is skipped and counted: the follower goes on.
        yield* (yield* KafkaProducer).send([{ topic: names.state, key: '8x8:poison', value: '{"broken' }]);
        yield* Effect.forkScoped(runIngestor({ names }));
        yield* Effect.forkScoped(runProjector({ names }));
        const poller = yield* Effect.forkScoped(runPoller(settings, { names }));
        yield* publishRawLines(
          [receipt('stuck-1', 'sent'), receipt('stuck-2', 'queued'), receipt('stuck-3', 'sent'), receipt('done', 'delivered'), alphaAnswer(100500, 'ACCEPTED')],
          names,
        );

        const records = yield* collectUntil(names.changes, (seen) => changeRecordsOf(seen).filter((change) => change.state === 'delivered').length === 5, 60_000);
        const delivered = changeRecordsOf(records).filter((change) => change.state === 'delivered').map((change) => change.messageId);
        expect(delivered.sort()).toEqual(['8x8:done', '8x8:stuck-1', '8x8:stuck-2', '8x8:stuck-3', 'alphasms:100500']);
        // Only the stuck ones were asked for (again only if their answer's change came later than the
        // next poll, on a loaded machine), never faster than 8x8's quota of one a second.
        expect(new Set(eightByEight.requests.map((request) => request.ids[0]))).toEqual(new Set(['stuck-1', 'stuck-2', 'stuck-3']));
        const gaps = eightByEight.requests.slice(1).map((request, index) => request.at - eightByEight.requests[index]!.at);
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000);
        expect(alphaSms.requests.length).toBeGreaterThan(0);
        expect(alphaSms.requests.every((request) => request.ids.join() === '100500')).toBe(true);
        expect(poller.unsafePoll()).toBeNull(); // still running
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('poller-test'))),
  );
});
