import { parseArgs } from 'node:util';
import * as Effect from 'effect/Effect';
import { UsageError } from './cliErrors.js';

export type Command =
  | { readonly _tag: 'Replay'; readonly input: string; readonly report: string | null; readonly strict: boolean; readonly workers: number | null }
  | { readonly _tag: 'ReplayTopics'; readonly topics: ReadonlyArray<string>; readonly since: string | null; readonly report: string | null; readonly strict: boolean }
  | { readonly _tag: 'Publish'; readonly input: string }
  | { readonly _tag: 'Timeline'; readonly messageId: string; readonly input: string; readonly json: boolean }
  | { readonly _tag: 'AuditReport'; readonly input: string; readonly out: string; readonly strict: boolean }
  | { readonly _tag: 'AuditReportTopics'; readonly topics: ReadonlyArray<string>; readonly since: string | null; readonly out: string; readonly strict: boolean }
  | { readonly _tag: 'Help' };

type Values = { readonly report?: string; readonly out?: string; readonly workers?: string; readonly 'from-topic'?: string[]; readonly since?: string; readonly json: boolean; readonly strict: boolean };

/** The most ingestion workers `replay --workers` starts. */
export const maxWorkers = 64;

/** `report <file | -> --out <file.html>`, or `report --from-topic … --out <file.html>`. */
function auditReport(values: Values, rest: ReadonlyArray<string>): Effect.Effect<Command, UsageError> {
  const fromTopics = values['from-topic'] ?? [];
  if (values.json || values.report !== undefined) return Effect.fail(new UsageError({ message: 'report takes --out <file.html>, not --json or --report' }));
  if (values.out === undefined) return Effect.fail(new UsageError({ message: 'report needs --out <file.html>: where to write the page' }));
  if (fromTopics.length > 0) {
    if (rest.length !== 0) return Effect.fail(new UsageError({ message: 'report reads a file or --from-topic, not both' }));
    return Effect.succeed({ _tag: 'AuditReportTopics', topics: fromTopics, since: values.since ?? null, out: values.out, strict: values.strict });
  }
  if (values.since !== undefined) return Effect.fail(new UsageError({ message: '--since goes with --from-topic' }));
  if (rest.length !== 1) return Effect.fail(new UsageError({ message: 'report takes one input: a file, or - for stdin' }));
  return Effect.succeed({ _tag: 'AuditReport', input: rest[0]!, out: values.out, strict: values.strict });
}

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
          out: { type: 'string' },
          'from-topic': { type: 'string', multiple: true },
          since: { type: 'string' },
          json: { type: 'boolean', default: false },
          strict: { type: 'boolean', default: false },
          workers: { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        },
      }),
    catch: (error) => new UsageError({ message: (error as Error).message }),
  }).pipe(
    Effect.flatMap(({ values, positionals }): Effect.Effect<Command, UsageError> => {
      const [command, ...rest] = positionals;
      if (values.help || command === 'help') return Effect.succeed({ _tag: 'Help' });
      if (command === undefined) return Effect.fail(new UsageError({ message: 'no command given' }));
      const fromTopics = values['from-topic'] ?? [];
      if (values.workers !== undefined && (command !== 'replay' || fromTopics.length > 0)) {
        return Effect.fail(new UsageError({ message: '--workers is an option of replay from a file or stdin' }));
      }
      if (command === 'report') return auditReport(values, rest);
      if (values.out !== undefined) return Effect.fail(new UsageError({ message: '--out is an option of report' }));
      if (command !== 'replay' && (fromTopics.length > 0 || values.since !== undefined)) {
        return Effect.fail(new UsageError({ message: '--from-topic and --since are options of replay and report' }));
      }
      if (command !== 'replay' && values.strict) return Effect.fail(new UsageError({ message: '--strict is an option of replay and report' }));
      if (command === 'replay') {
        if (values.json) return Effect.fail(new UsageError({ message: '--json is an option of timeline' }));
        if (fromTopics.length > 0) {
          if (rest.length !== 0) return Effect.fail(new UsageError({ message: 'replay reads a file or --from-topic, not both' }));
          return Effect.succeed({ _tag: 'ReplayTopics', topics: fromTopics, since: values.since ?? null, report: values.report ?? null, strict: values.strict });
        }
        if (values.since !== undefined) return Effect.fail(new UsageError({ message: '--since goes with --from-topic' }));
        if (rest.length !== 1) return Effect.fail(new UsageError({ message: 'replay takes one input: a file, or - for stdin' }));
        const workers = values.workers === undefined ? null : Number(values.workers);
        if (workers !== null && !(/^\d+$/.test(values.workers!) && workers <= maxWorkers)) {
          return Effect.fail(new UsageError({ message: `--workers takes a whole number from 0 to ${maxWorkers}, not ${JSON.stringify(values.workers)}` }));
        }
        return Effect.succeed({ _tag: 'Replay', input: rest[0]!, report: values.report ?? null, strict: values.strict, workers });
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
