import { parseArgs } from 'node:util';
import * as Effect from 'effect/Effect';
import { UsageError } from './cliErrors.js';

export type Command =
  | { readonly _tag: 'Replay'; readonly input: string; readonly report: string | null }
  | { readonly _tag: 'ReplayTopics'; readonly topics: ReadonlyArray<string>; readonly since: string | null; readonly report: string | null }
  | { readonly _tag: 'Publish'; readonly input: string }
  | { readonly _tag: 'Timeline'; readonly messageId: string; readonly input: string; readonly json: boolean }
  | { readonly _tag: 'Help' };

export const usage = `Usage:
  msgstatus replay <file.ndjson | -> [--report <file.json>]
      Replays raw provider envelopes (one JSON object a line) through normalization and the
      status machine; writes the canonical change records as NDJSON to stdout, in input order.
      --report <file.json>  also writes the counts and every invalid line with its reason.
  msgstatus replay --from-topic <topic> [--from-topic <topic> ...] [--since <time>] [--report <file.json>]
      The same, reading raw history from Kafka raw topics (msgstatus.raw.<provider>): every
      committed record from the beginning, or from the first at or after --since (ISO-8601), to
      the end the topic has when the replay starts. Topics are read one after the other.
  msgstatus publish <file.ndjson | ->
      Publishes raw envelopes to their providers' raw topics, keyed and with the provider and
      received-at headers; lines that cannot be published are listed on stderr.
  msgstatus timeline <messageId> <file.ndjson | -> [--json]
      Tells one message's story: every raw event about it, its observation, and the decision
      (accepted, duplicate, stale, conflict) with the reason. --json writes it as NDJSON.
  msgstatus help

Kafka commands read KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_SSL, KAFKA_SASL_MECHANISM,
KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and MSGSTATUS_TOPIC_PREFIX (default msgstatus).

Exit codes: 0 done (bad lines are reported, not fatal), 1 input or Kafka unreachable, 2 usage error.`;

/** Reads the command line, or fails with a UsageError that says what is wrong. */
export const parseCommand = (argv: ReadonlyArray<string>): Effect.Effect<Command, UsageError> =>
  Effect.try({
    try: () =>
      parseArgs({
        args: [...argv],
        allowPositionals: true,
        strict: true,
        options: {
          report: { type: 'string' },
          'from-topic': { type: 'string', multiple: true },
          since: { type: 'string' },
          json: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
      }),
    catch: (error) => new UsageError({ message: (error as Error).message }),
  }).pipe(
    Effect.flatMap(({ values, positionals }): Effect.Effect<Command, UsageError> => {
      const [command, ...rest] = positionals;
      if (values.help || command === undefined || command === 'help') return Effect.succeed({ _tag: 'Help' });
      const fromTopics = values['from-topic'] ?? [];
      if (command !== 'replay' && (fromTopics.length > 0 || values.since !== undefined)) {
        return Effect.fail(new UsageError({ message: '--from-topic and --since are options of replay' }));
      }
      if (command === 'replay') {
        if (values.json) return Effect.fail(new UsageError({ message: '--json is an option of timeline' }));
        if (fromTopics.length > 0) {
          if (rest.length !== 0) return Effect.fail(new UsageError({ message: 'replay reads a file or --from-topic, not both' }));
          return Effect.succeed({ _tag: 'ReplayTopics', topics: fromTopics, since: values.since ?? null, report: values.report ?? null });
        }
        if (values.since !== undefined) return Effect.fail(new UsageError({ message: '--since goes with --from-topic' }));
        if (rest.length !== 1) return Effect.fail(new UsageError({ message: 'replay takes one input: a file, or - for stdin' }));
        return Effect.succeed({ _tag: 'Replay', input: rest[0]!, report: values.report ?? null });
      }
      if (command === 'publish') {
        if (rest.length !== 1) return Effect.fail(new UsageError({ message: 'publish takes one input: a file, or - for stdin' }));
        if (values.json || values.report !== undefined) return Effect.fail(new UsageError({ message: 'publish takes no options' }));
        return Effect.succeed({ _tag: 'Publish', input: rest[0]! });
      }
      if (command === 'timeline') {
        if (rest.length !== 2) return Effect.fail(new UsageError({ message: 'timeline takes a messageId and an input' }));
        if (values.report !== undefined) return Effect.fail(new UsageError({ message: '--report is an option of replay' }));
        return Effect.succeed({ _tag: 'Timeline', messageId: rest[0]!, input: rest[1]!, json: values.json });
      }
      return Effect.fail(new UsageError({ message: `unknown command ${JSON.stringify(command)}` }));
    }),
  );
