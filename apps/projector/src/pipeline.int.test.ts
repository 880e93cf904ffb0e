import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@effect/vitest';
import { Anomaly } from '@msgstatus/canonical';
import { publishRawLines, runIngestor, runProjector } from '@msgstatus/pipeline';
import {
  byMessage,
  changeRecordsOf,
  kafkaTestLayer,
  readAll,
  replayOracle,
  setUpTopics,
  waitUntilIngested,
  waitUntilProjected,
} from '@msgstatus/pipeline/testing';
import { Replay } from '@msgstatus/replay';
import * as Effect from 'effect/Effect';

const sampleLines = readFileSync(new URL('../../cli/samples/provider-events.ndjson', import.meta.url), 'utf8').split('\n');

/** The conflicts replay finds in the same lines, as [messageId, rule, known state, observed state]. */
function conflictsOf(lines: ReadonlyArray<string>): string[][] {
  const conflicts: string[][] = [];
  const replay = new Replay({
    file: 'oracle',
    onEntry: (entry) => {
      if (entry.projected?.kind === 'conflict') {
        const { observation } = entry.projected;
        conflicts.push([observation.messageId, entry.projected.rule, known.get(observation.messageId)!, observation.state]);
      }
      if (entry.projected?.kind === 'accepted') known.set(entry.projected.change.messageId, entry.projected.change.state);
    },
  });
  const known = new Map<string, string>();
  lines.forEach((line, index) => replay.line(line, index + 1));
  return conflicts.sort();
}

describe('the pipeline on a real broker', () => {
  it.live(
    'turns every provider’s raw events into the change stream replay gives, once each',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('pipeline');
        yield* Effect.forkScoped(runIngestor({ names }));
        yield* Effect.forkScoped(runProjector({ names }));

        const { published } = yield* publishRawLines(sampleLines, names);
        expect(published).toBe(31);
        yield* waitUntilIngested(names);
        yield* waitUntilProjected(names);

        const changes = changeRecordsOf(yield* readAll(names.changes));
        expect(byMessage(changes)).toEqual(byMessage(replayOracle(sampleLines)));

        // The sample's two conflicts (docs/contract.md section 3), published with both facts.
        expect(conflictsOf(sampleLines)).toHaveLength(2);
        const anomalies = (yield* readAll(names.anomalies)).map((record) => Anomaly.parse(JSON.parse(record.value!.toString())));
        expect(anomalies.map((anomaly) => [anomaly.messageId, anomaly.rule, anomaly.known.state, anomaly.observation.state]).sort()).toEqual(
          conflictsOf(sampleLines),
        );
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('pipeline-test'))),
    120_000,
  );
});
