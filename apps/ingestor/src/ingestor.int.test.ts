import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@effect/vitest';
import { deadLetterHeaders, Observation } from '@msgstatus/canonical';
import { KafkaProducer } from '@msgstatus/kafka';
import { publishRawLines, runIngestor } from '@msgstatus/pipeline';
import { collectUntil, kafkaTestLayer, rawEventLines, readAll, setUpTopics, waitUntilIngested } from '@msgstatus/pipeline/testing';
import { Replay } from '@msgstatus/replay';
import * as Effect from 'effect/Effect';
import * as Fiber from 'effect/Fiber';

const sampleLines = readFileSync(new URL('../../cli/samples/provider-events.ndjson', import.meta.url), 'utf8').split('\n');


/** What replay counts for the same lines: the oracle of the ingestor's output. */
function replayCounts(lines: ReadonlyArray<string>) {
  const replay = new Replay({ file: 'oracle' });
  lines.forEach((line, index) => replay.line(line, index + 1));
  return replay.report();
}

const header = (headers: Readonly<Record<string, Buffer>>, name: string) => headers[name]?.toString('utf8');

describe('the ingestor on a real broker', () => {
  it.live(
    'writes every observation once and every bad input to the dead-letter topic with its bytes and reason',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('ingestor');
        yield* Effect.forkScoped(runIngestor({ names }));
        const { unpublishable } = yield* publishRawLines(sampleLines, names);
        const producer = yield* KafkaProducer;
        const notUtf8 = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
        yield* producer.send([
          { topic: names.raw('chuanglan'), key: 'x', value: notUtf8, headers: { provider: 'chuanglan', 'received-at': '2026-01-05T10:00:00Z' } },
          { topic: names.raw('8x8'), key: null, value: null },
        ]);
        yield* waitUntilIngested(names);

        const published = sampleLines.filter((_, index) => !unpublishable.some((line) => line.line === index + 1));
        const expected = replayCounts(published);
        const observations = (yield* readAll(names.observations)).map((record) => ({
          key: record.key!.toString(),
          observation: Observation.parse(JSON.parse(record.value!.toString())),
        }));
        expect(observations).toHaveLength(expected.observations);
        expect(observations.every(({ key, observation }) => key === observation.messageId)).toBe(true);

        const deadLetters = yield* readAll(names.deadLetter);
        const reasons = deadLetters.map((record) => header(record.headers, deadLetterHeaders.reason)!).sort();
        expect(reasons).toEqual(
          [...expected.invalidLines.map((line) => line.reason), 'payload is not UTF-8', 'no payload (a record without value)'].sort(),
        );
        const refused = deadLetters.find((record) => header(record.headers, deadLetterHeaders.reason) === 'payload is not UTF-8')!;
        expect(refused.value).toEqual(notUtf8);
        expect(refused.key?.toString()).toBe('x');
        expect(header(refused.headers, 'received-at')).toBe('2026-01-05T10:00:00Z');
        expect(header(refused.headers, deadLetterHeaders.topic)).toBe(names.raw('chuanglan'));
        expect(header(refused.headers, deadLetterHeaders.stage)).toBe('ingestor');
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('ingestor-test'))),
  );

  it.live(
    'stopped and started again while events flow, writes each observation exactly once',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('ingestor-restart');
        const lines = [...rawEventLines(4_000, 400, 21)];
        const first = yield* Effect.forkScoped(runIngestor({ names }));
        const { published } = yield* publishRawLines(lines, names);
        yield* collectUntil(names.observations, (records) => records.length >= 100, 60_000);
        yield* Fiber.interrupt(first);
        yield* Effect.forkScoped(runIngestor({ names }));
        yield* waitUntilIngested(names);

        const expected = replayCounts(lines);
        const observations = yield* readAll(names.observations);
        expect(published).toBe(expected.raw - expected.invalidLines.filter((line) => line.reason.startsWith('not JSON')).length);
        expect(observations).toHaveLength(expected.observations);
        const sourceOffsets = observations.map((record) => {
          const { source, eventId } = Observation.parse(JSON.parse(record.value!.toString()));
          return `${JSON.stringify(source)} ${eventId}`;
        });
        expect(new Set(sourceOffsets).size).toBe(sourceOffsets.length);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('ingestor-restart-test'))),
  );
});
