import { providerIds } from '@msgstatus/provider-registry';
import { parseProviderTime, readRawRecord, stageConfig, projectionConfig } from '@msgstatus/canonical';
import { KafkaAdmin, readToEnd } from '@msgstatus/kafka';
import { Replay } from '@msgstatus/replay';
import * as Effect from 'effect/Effect';
import * as Stream from 'effect/Stream';
import { BufferedOutput } from './BufferedOutput.js';
import { type OutputClosedError, UsageError } from './cliErrors.js';
import { finishReplay } from './finishReplay.js';
import { openReportFile } from './reportFile.js';

const sinceMillis = (since: string | null): Effect.Effect<number | undefined, UsageError> => {
  if (since === null) return Effect.succeed(undefined);
  const instant = parseProviderTime(since);
  return instant === null
    ? Effect.fail(new UsageError({ message: `--since ${JSON.stringify(since)} is not an ISO-8601 time` }))
    : Effect.succeed(new Date(instant).getTime());
};

/**
 * Feeds raw history from Kafka to a replay (a bad `since` fails first, before any Kafka call), read in a fixed order (topics as given, partitions
 * ascending, offsets ascending), so the output is deterministic. Records are numbered in that
 * order for the report; `write` takes each record's change records.
 */
export const replayTopics = <E>(
  replay: Replay,
  topics: ReadonlyArray<string>,
  since: string | null,
  write: (records: string) => Effect.Effect<void, E>,
) =>
  Effect.gen(function* () {
    const from = yield* sinceMillis(since);
    const { names } = yield* stageConfig;
    let ordinal = 0;
    const admin = yield* KafkaAdmin;
    // Topic by topic, partition by partition: the same history always gives the same bytes.
    const partitions = yield* Effect.forEach(topics, (topic) =>
      Effect.map(admin.partitionRanges(topic), (ranges) => ranges.map((range) => [topic, range.partition] as const)),
    );
    for (const [topic, partition] of partitions.flat()) {
      yield* readToEnd(topic, { since: from, partitions: [partition] }).pipe(
        Stream.runForEach((record) => {
          const records = replay.reading(readRawRecord(record, names), ++ordinal);
          return records === '' ? Effect.void : write(records);
        }),
      );
    }
    // Topics come one after another, so a later topic's receipts never move a clock: the windows the
    // whole history passed close here, as the projector has closed them by the end of the log.
    const closed = replay.end(ordinal);
    if (closed !== '') yield* write(closed);
  });

/** `msgstatus replay --from-topic`: raw history from Kafka through the same normalization and machine as the apps. */
export const replayTopicsCommand = (command: {
  readonly topics: ReadonlyArray<string>;
  readonly since: string | null;
  readonly report: string | null;
  readonly strict: boolean;
}) =>
  Effect.gen(function* () {
    const report = yield* openReportFile(command.report, null);
    const replay = new Replay({ file: 'kafka', ...(yield* projectionConfig(providerIds)), listConflicts: report !== null });
    const output = new BufferedOutput(process.stdout);
    yield* replayTopics(replay, command.topics, command.since, (records) => Effect.tryPromise({ try: () => output.write(records), catch: (error) => error as OutputClosedError }));
    yield* Effect.tryPromise({ try: () => output.flush(), catch: (error) => error as OutputClosedError });
    return yield* finishReplay(replay, report, command.strict);
  }).pipe(Effect.scoped);
