import { providerIds } from '@msgstatus/provider-registry';
import { projectionConfig } from '@msgstatus/canonical';
import { Replay } from '@msgstatus/replay';
import * as Effect from 'effect/Effect';
import { InputUnreadableError, OutputClosedError } from './cliErrors.js';
import { openInput } from './openInput.js';
import { ProgressBar } from './ProgressBar.js';
import { finishReplay } from './finishReplay.js';
import { openReportFile } from './reportFile.js';
import { replayStream } from './replayStream.js';

/** `msgstatus replay`: raw envelopes in, canonical change records out, in input order. */
export const replayCommand = (command: { readonly input: string; readonly report: string | null; readonly strict: boolean }) =>
  Effect.gen(function* () {
    const input = yield* openInput(command.input);
    const report = yield* openReportFile(command.report, input.identity);
    const replay = new Replay({ file: input.name, ...(yield* projectionConfig(providerIds)), listConflicts: report !== null });
    const progress = process.stderr.isTTY ? new ProgressBar(process.stderr, input.size) : null;
    yield* Effect.tryPromise({
      try: (signal) => replayStream(input.stream, replay, process.stdout, progress, signal),
      catch: (cause) => (cause instanceof OutputClosedError ? cause : new InputUnreadableError({ input: input.name, cause })),
    });
    progress?.done();
    return yield* finishReplay(replay, report, command.strict);
  }).pipe(Effect.scoped);
