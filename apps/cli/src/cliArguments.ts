import { parseArgs } from 'node:util';
import * as Effect from 'effect/Effect';
import { UsageError } from './cliErrors.js';

export type Command =
  | { readonly _tag: 'Replay'; readonly input: string; readonly report: string | null }
  | { readonly _tag: 'Timeline'; readonly messageId: string; readonly input: string; readonly json: boolean }
  | { readonly _tag: 'Help' };

export const usage = `Usage:
  msgstatus replay <file.ndjson | -> [--report <file.json>]
      Replays raw provider envelopes (one JSON object a line) through normalization and the
      status machine; writes the canonical change records as NDJSON to stdout, in input order.
      --report <file.json>  also writes the counts and every invalid line with its reason.
  msgstatus timeline <messageId> <file.ndjson | -> [--json]
      Tells one message's story: every raw event about it, its observation, and the decision
      (accepted, duplicate, stale, conflict) with the reason. --json writes it as NDJSON.
  msgstatus help

Exit codes: 0 done (bad lines are reported, not fatal), 1 input unreadable, 2 usage error.`;

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
          json: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
      }),
    catch: (error) => new UsageError({ message: (error as Error).message }),
  }).pipe(
    Effect.flatMap(({ values, positionals }): Effect.Effect<Command, UsageError> => {
      const [command, ...rest] = positionals;
      if (values.help || command === undefined || command === 'help') return Effect.succeed({ _tag: 'Help' });
      if (command === 'replay') {
        if (rest.length !== 1) return Effect.fail(new UsageError({ message: 'replay takes one input: a file, or - for stdin' }));
        if (values.json) return Effect.fail(new UsageError({ message: '--json is an option of timeline' }));
        return Effect.succeed({ _tag: 'Replay', input: rest[0]!, report: values.report ?? null });
      }
      if (command === 'timeline') {
        if (rest.length !== 2) return Effect.fail(new UsageError({ message: 'timeline takes a messageId and an input' }));
        if (values.report !== undefined) return Effect.fail(new UsageError({ message: '--report is an option of replay' }));
        return Effect.succeed({ _tag: 'Timeline', messageId: rest[0]!, input: rest[1]!, json: values.json });
      }
      return Effect.fail(new UsageError({ message: `unknown command ${JSON.stringify(command)}` }));
    }),
  );
