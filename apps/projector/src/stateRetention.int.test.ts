import { describe, expect, it } from '@effect/vitest';
import { MessageState } from '@msgstatus/canonical';
import { publishRawLines, runIngestor, runProjector } from '@msgstatus/pipeline';
import { byMessage, changeRecordsOf, kafkaTestLayer, readAll, replayOracle, setUpTopics, waitUntilIngested, waitUntilProjected } from '@msgstatus/pipeline/testing';
import * as Effect from 'effect/Effect';
import * as Fiber from 'effect/Fiber';

const retention = { stateRetentionMs: 60_000 };
const at = (seconds: number) => new Date(Date.UTC(2026, 5, 1, 12) + seconds * 1000).toISOString();

/** A Chuanglan WhatsApp status callback of message `id`, which happened at `happened` and was received at `received` (seconds). */
const receipt = (id: string, status: string, happened: number, received = happened) =>
  JSON.stringify({
    provider: 'chuanglan',
    receivedAt: at(received),
    payload: { id: `evt-${id}-${status}-${received}`, type: 'whatsapp_message_status_updated', eventTime: at(happened), body: { id, wamid: `wamid.${id}`, status } },
  });

describe('a bounded state topic, on the real broker', () => {
  it.live(
    'removes a message that ended a retention ago with a tombstone, never starts it again, and a restarted projector agrees',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('retention', 1);
        yield* Effect.forkScoped(runIngestor({ names, partitions: 1 }));
        const firstProjector = yield* Effect.forkScoped(runProjector({ names, partitions: 1, ...retention }));

        const first = [
          receipt('ended', 'delivered', 0),
          receipt('ended', 'read', 10),
          receipt('open', 'delivered', 20),
          // Receipt time moves past the retention: 'ended' (read) leaves; 'open' (delivered) stays.
          receipt('clock', 'delivered', 200),
        ];
        yield* publishRawLines(first, names);
        yield* waitUntilIngested(names);
        yield* waitUntilProjected(names);
        const state = yield* readAll(names.state);
        const lastOf = (key: string) => state.filter((record) => record.key?.toString() === key).at(-1);
        expect(lastOf('chuanglan:ended')?.value).toBeNull();
        expect(MessageState.parse(JSON.parse(lastOf('chuanglan:open')!.value!.toString()))).toMatchObject({ state: 'delivered', version: 1, changedAt: at(20) });

        // A new projector restores from the state topic: the tombstone keeps 'ended' out of it.
        yield* Fiber.interrupt(firstProjector);
        yield* Effect.forkScoped(runProjector({ names, partitions: 1, ...retention }));
        const late = [receipt('ended', 'delivered', 5, 210), receipt('open', 'read', 215), receipt('never-seen', 'delivered', 1, 220)];
        yield* publishRawLines(late, names);
        yield* waitUntilIngested(names);
        yield* waitUntilProjected(names);

        const changes = byMessage(changeRecordsOf(yield* readAll(names.changes)));
        expect(changes['chuanglan:ended']!.map((change) => [change.version, change.state])).toEqual([
          [1, 'delivered'],
          [2, 'read'],
        ]);
        expect(changes['chuanglan:open']!.map((change) => change.version)).toEqual([1, 2]);
        expect(changes['chuanglan:never-seen']).toBeUndefined();
        expect(changes).toEqual(byMessage(replayOracle([...first, ...late], retention)));
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('retention-test'))),
    240_000,
  );
});
