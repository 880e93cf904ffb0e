import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from '@effect/vitest';
import { publishRawLines, runIngestor, runProjector } from '@msgstatus/pipeline';
import { brokers, byMessage, kafkaTestLayer, rawEventLines, replayOracle, setUpTopics, waitUntilIngested, waitUntilProjected } from '@msgstatus/pipeline/testing';
import * as Effect from 'effect/Effect';

const root = new URL('../../../', import.meta.url).pathname;
const run = promisify(execFile);
const sampleLines = readFileSync(new URL('../../cli/samples/provider-events.ndjson', import.meta.url), 'utf8').split('\n');
// Retries, late receipts and dead letters from the generator; the sample adds channel fallback
// (Viber → WhatsApp with 8x8's steps, an AlphaSMS cascade without) and a conflict.
const corpus = [...rawEventLines(3_000, 400, 11), ...sampleLines];

/** What each consumer prints: one line a message, sorted by messageId. */
interface LatestState {
  readonly messageId: string;
  readonly state: string;
  readonly version: number;
  readonly history: ReadonlyArray<string>;
}

/** The same, from `msgstatus replay` of the corpus. */
function expectedStates(): LatestState[] {
  return Object.entries(byMessage(replayOracle(corpus))).map(([messageId, changes]) => ({
    messageId,
    state: changes.at(-1)!.state,
    version: changes.at(-1)!.version,
    history: changes.map((change) => change.state),
  }));
}

/** Runs an example consumer against the changes topic (each installs what it needs the first time). */
const consume = (example: 'consumer-java' | 'consumer-python', topic: string) =>
  Effect.promise(async () => {
    const { stdout } = await run('bash', [`${root}/examples/${example}/run.sh`, brokers.join(','), topic], { maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
    return stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LatestState);
  });

describe('consumers outside TypeScript, on the real broker', () => {
  it.live(
    'the Java client and confluent-kafka for Python, reading committed, give per message what msgstatus replay gives',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('foreign');
        yield* Effect.forkScoped(runIngestor({ names }));
        yield* Effect.forkScoped(runProjector({ names }));
        yield* publishRawLines(corpus, names);
        yield* waitUntilIngested(names);
        yield* waitUntilProjected(names);

        const expected = expectedStates();
        expect(expected.length).toBeGreaterThan(300);
        expect(expected.some((message) => message.history.length >= 3)).toBe(true);
        const [java, python] = yield* Effect.all([consume('consumer-java', names.changes), consume('consumer-python', names.changes)], { concurrency: 2 });
        expect(java).toEqual(expected);
        expect(python).toEqual(expected);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('foreign-consumers-test'))),
    900_000,
  );
});
