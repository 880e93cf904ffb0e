import { stateRetentionConfig } from '@msgstatus/canonical';
import { Replay } from '@msgstatus/replay';
import * as Effect from 'effect/Effect';
import { BufferedOutput } from './BufferedOutput.js';
import { InputUnreadableError } from './cliErrors.js';
import { openReport, writeReport } from './replayReportFile.js';
import { openInput } from './openInput.js';
import { ProgressBar } from './ProgressBar.js';
import { readLines } from './readLines.js';

/** `msgstatus replay`: raw envelopes in, canonical change records out, in input order. */
export const replayCommand = (command: { readonly input: string; readonly report: string | null }) =>
  Effect.gen(function* () {
    const report = yield* openReport(command.report);
    const input = yield* openInput(command.input);
    const replay = new Replay({ file: input.name, stateRetentionMs: yield* stateRetentionConfig });
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
    yield* writeReport(report, replay);
    return 0;
  }).pipe(Effect.scoped);
