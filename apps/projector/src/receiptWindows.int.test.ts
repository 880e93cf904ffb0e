import { describe, expect, it } from '@effect/vitest';
import { Anomaly, MessageState, type ReceiptWindowSettings, type StatusChangeRecord } from '@msgstatus/canonical';
import { partitionOf } from '@msgstatus/partitioning';
import { publishRawLines, runIngestor, runProjector } from '@msgstatus/pipeline';
import { byMessage, changeRecordsOf, kafkaTestLayer, readAll, replayOracle, setUpTopics, waitUntilIngested, waitUntilProjected, waveEventLines } from '@msgstatus/pipeline/testing';
import * as Effect from 'effect/Effect';
import * as Fiber from 'effect/Fiber';

const minute = 60_000;
const at = (seconds: number) => new Date(Date.UTC(2026, 5, 1, 12) + seconds * 1000).toISOString();

/** An 8x8 SMS receipt of message `umid`, received at `received` (seconds). */
const smsReceipt = (umid: string, state: string, received: number) =>
  JSON.stringify({
    provider: '8x8',
    receivedAt: at(received),
    payload: { namespace: 'SMS', eventType: 'outbound_message_status_changed', payload: { umid, clientMessageId: `ref-${umid}`, status: { state, timestamp: at(received - 1) } } },
  });

/** The first umids whose messages land in partition 0 and in partition 1 of two. */
const umidIn = (partition: number, label: string) => {
  for (let index = 0; ; index++) if (partitionOf(`8x8:${label}-${index}`, 2) === partition) return `${label}-${index}`;
};

const lastStateOf = (records: ReadonlyArray<{ key: Buffer | null; value: Buffer | null }>, messageId: string) => {
  const value = records.filter((record) => record.key?.toString() === messageId).at(-1)?.value;
  return value == null ? null : MessageState.parse(JSON.parse(value.toString()));
};
const shape = (changes: ReadonlyArray<StatusChangeRecord> = []) => changes.map((change) => [change.version, change.state, change.finalReason]);

describe('receipt windows, on the real broker', () => {
  it.live(
    "closes a message on its partition's receipt clock, not another's; a quiet partition closes when its clock moves; a later receipt is an anomaly; a restarted projector and replay agree",
    () =>
      Effect.gen(function* () {
        const windows: ReceiptWindowSettings = { off: false, windows: [{ provider: '8x8', channel: 'SMS', ms: 10 * minute }] };
        const names = yield* setUpTopics('windows', 2);
        const [a, busy, quiet, wakes] = [umidIn(0, 'a'), umidIn(0, 'busy'), umidIn(1, 'quiet'), umidIn(1, 'wakes')];
        yield* Effect.forkScoped(runIngestor({ names, partitions: 2 }));
        const firstProjector = yield* Effect.forkScoped(runProjector({ names, partitions: 2, receiptWindows: windows }));

        // Both sent at 0 s; only partition 0 hears more, 20 minutes later.
        const first = [smsReceipt(a, 'sent', 0), smsReceipt(quiet, 'sent', 0), smsReceipt(busy, 'queued', 1200)];
        yield* publishRawLines(first, names);
        yield* waitUntilIngested(names);
        yield* waitUntilProjected(names);
        let changes = byMessage(changeRecordsOf(yield* readAll(names.changes)));
        expect(shape(changes[`8x8:${a}`])).toEqual([
          [1, 'sent', null],
          [2, 'sent', 'window-closed'],
        ]);
        expect(changes[`8x8:${a}`]![1]).toMatchObject({ observedAt: at(600), occurredAt: at(600), clientRef: `ref-${a}`, final: true, error: null });
        // Partition 1 is quiet: its clock stands at 0 s, so nothing closes there.
        expect(shape(changes[`8x8:${quiet}`])).toEqual([[1, 'sent', null]]);
        expect(lastStateOf(yield* readAll(names.state), `8x8:${a}`)).toMatchObject({ state: 'sent', version: 2, final: true, finalReason: 'window-closed', changedAt: at(600) });

        // A new projector restores both; partition 1 wakes at 30 minutes; a's delivery comes after its window.
        yield* Fiber.interrupt(firstProjector);
        yield* Effect.forkScoped(runProjector({ names, partitions: 2, receiptWindows: windows }));
        const second = [smsReceipt(wakes, 'queued', 1800), smsReceipt(a, 'delivered', 1810)];
        yield* publishRawLines(second, names);
        yield* waitUntilIngested(names);
        yield* waitUntilProjected(names);
        changes = byMessage(changeRecordsOf(yield* readAll(names.changes)));
        expect(shape(changes[`8x8:${quiet}`])).toEqual([
          [1, 'sent', null],
          [2, 'sent', 'window-closed'],
        ]);
        expect(changes[`8x8:${quiet}`]![1]!.observedAt).toBe(at(600));
        expect(shape(changes[`8x8:${a}`])).toHaveLength(2);
        const anomalies = (yield* readAll(names.anomalies)).map((record) => Anomaly.parse(JSON.parse(record.value!.toString())));
        expect(anomalies.map((anomaly) => [anomaly.messageId, anomaly.rule, anomaly.known.finalReason, anomaly.observation.state])).toEqual([[`8x8:${a}`, 'after-final', 'window-closed', 'delivered']]);

        // Replay of the same history, a clock per partition, says the same, record for record.
        expect(changes).toEqual(byMessage(replayOracle([...first, ...second], { receiptWindows: windows, partitions: 2 })));
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('windows-test'))),
    240_000,
  );

  it.live(
    'gives what replay gives on a generated history with lost receipts, closes most of it, and bounds the live state to what is within its windows',
    () =>
      Effect.gen(function* () {
        // Windows of 30 minutes for every provider of the history; its waves are an hour apart.
        const windows: ReceiptWindowSettings = { off: false, windows: ['8x8', 'chuanglan', 'alphasms'].map((provider) => ({ provider, channel: '*', ms: 30 * minute })) };
        const names = yield* setUpTopics('windows-history', 3);
        yield* Effect.forkScoped(runIngestor({ names, partitions: 3 }));
        yield* Effect.forkScoped(runProjector({ names, partitions: 3, receiptWindows: windows, stateRetentionMs: 90 * minute }));
        const waves = waveEventLines(4, 150);
        // Wave by wave: receipts within a wave may interleave across partitions, never across waves.
        for (const wave of waves) {
          yield* publishRawLines(wave, names);
          yield* waitUntilIngested(names);
          yield* waitUntilProjected(names);
        }
        const changes = changeRecordsOf(yield* readAll(names.changes));
        const expected = replayOracle(waves.flat(), { receiptWindows: windows, partitions: 3, stateRetentionMs: 90 * minute });
        expect(byMessage(changes)).toEqual(byMessage(expected));
        const closed = changes.filter((change) => change.finalReason === 'window-closed');
        const anomalies = (yield* readAll(names.anomalies)).map((record) => Anomaly.parse(JSON.parse(record.value!.toString())));
        // Lost receipts close most messages of the first three waves; late ones after that are anomalies.
        expect(closed.length).toBeGreaterThan(150);
        expect(anomalies.filter((anomaly) => anomaly.rule === 'after-final').length).toBeGreaterThan(5);
        // The live state: messages of the last wave (within their windows) and the final ones of a
        // retention (90 minutes) back; the first waves' were removed with tombstones.
        const state = yield* readAll(names.state);
        const live = new Set<string>();
        for (const record of state) {
          const key = record.key!.toString();
          if (record.value === null) live.delete(key);
          else live.add(key);
        }
        // Final a retention (and 1%, and a wave's minute) before the history's last receipt: removed.
        const endClock = Date.parse(JSON.parse(waves.at(-1)!.at(-1)!).receivedAt);
        const latest = new Map(expected.map((change) => [change.messageId, change]));
        const gone = [...latest.values()].filter((change) => change.final && Date.parse(change.observedAt) < endClock - 90 * minute * 1.01 - minute);
        expect(gone.length).toBeGreaterThan(100);
        expect(gone.filter((change) => live.has(change.messageId))).toEqual([]);
        expect(live.size).toBeGreaterThan(0);
        expect(live.size).toBeLessThan(latest.size - gone.length + 1);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('windows-history-test'))),
    300_000,
  );
});
