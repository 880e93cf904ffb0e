import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@effect/vitest';
import { topicDefinitions } from '@msgstatus/canonical';
import { KafkaAdmin } from '@msgstatus/kafka';
import { publishRawLines, runIngestor, runProjector } from '@msgstatus/pipeline';
import {
  byMessage,
  changeRecordsOf,
  kafkaTestLayer,
  readAll,
  replayOracle,
  uniqueTopics,
  waitUntilConsumed,
} from '@msgstatus/pipeline/testing';
import { providerIds } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';

const sampleLines = readFileSync(new URL('../../cli/samples/provider-events.ndjson', import.meta.url), 'utf8').split('\n');

describe('the pipeline on a real broker', () => {
  it.live(
    'turns every provider’s raw events into the change stream replay gives, once each',
    () =>
      Effect.gen(function* () {
        const names = uniqueTopics('pipeline');
        const admin = yield* KafkaAdmin;
        yield* admin.ensureTopics(topicDefinitions(names, providerIds));
        yield* Effect.forkScoped(runIngestor({ names }));
        yield* Effect.forkScoped(runProjector({ names }));

        const { published } = yield* publishRawLines(sampleLines, names);
        expect(published).toBe(31);
        for (const provider of providerIds) yield* waitUntilConsumed(`${names.prefix}.ingestor`, names.raw(provider), 60_000);
        yield* waitUntilConsumed(`${names.prefix}.projector`, names.observations, 60_000);

        const changes = changeRecordsOf(yield* readAll(names.changes));
        expect(byMessage(changes)).toEqual(byMessage(replayOracle(sampleLines)));
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('pipeline-test'))),
    120_000,
  );
});
