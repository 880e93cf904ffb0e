import { open } from 'node:fs/promises';
import { Replay } from '@msgstatus/replay';
import * as Effect from 'effect/Effect';
import { BufferedOutput } from './BufferedOutput.js';
import { InputUnreadableError, UsageError } from './cliErrors.js';
import { openInput } from './openInput.js';
import { ProgressBar } from './ProgressBar.js';
import { readLines } from './readLines.js';

/** `msgstatus replay`: raw envelopes in, canonical change records out, in input order. */
export const replayCommand = (command: { readonly input: string; readonly report: string | null }) =>
  Effect.gen(function* () {
    // Open the report first: a bad --report path is a usage error found before any work is done.
    const report =
      command.report === null
        ? null
        : yield* Effect.acquireRelease(
            Effect.tryPromise({
              try: () => open(command.report!, 'w'),
              catch: (cause) => new UsageError({ message: `cannot write the report to ${command.report}: ${(cause as Error).message}` }),
            }),
            (file) => Effect.promise(() => file.close()),
          );
    const input = yield* openInput(command.input);
    const replay = new Replay({ file: input.name });
    const progress = process.stderr.isTTY ? new ProgressBar(process.stderr, input.size) : null;
    const output = new BufferedOutput(process.stdout);
    yield* Effect.tryPromise({
      try: async () => {
        for await (const { firstLine, lines } of readLines(input.stream, progress === null ? undefined : (bytes) => progress.advance(bytes))) {
          let records = '';
          for (let index = 0; index < lines.length; index++) records += replay.line(lines[index]!, firstLine + index);
          if (records !== '') await output.write(records);
          progress?.lines(lines.length);
        }
        await output.flush();
      },
      catch: (cause) => new InputUnreadableError({ input: input.name, cause }),
    });
    progress?.done();
    if (report !== null) {
      yield* Effect.promise(() => report.writeFile(`${JSON.stringify(replay.report(), null, 2)}\n`));
    }
    return 0;
  }).pipe(Effect.scoped);
