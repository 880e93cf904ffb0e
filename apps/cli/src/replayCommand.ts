import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { providerIds } from '@msgstatus/provider-registry';
import { projectionConfig } from '@msgstatus/canonical';
import { Replay } from '@msgstatus/replay';
import * as Effect from 'effect/Effect';
import { IngestPool } from './IngestPool.js';
import { IngestWorkerError, InputUnreadableError, OutputClosedError } from './cliErrors.js';
import { openInput } from './openInput.js';
import { ProgressBar } from './ProgressBar.js';
import { finishReplay } from './finishReplay.js';
import { openReportFile } from './reportFile.js';
import { replayStream } from './replayStream.js';

/**
 * Ingestion workers by default: one fewer than the cores, since the fold keeps the main thread
 * busy, and at most 2: past that the fold bounds the rate (docs/benchmarks.md).
 */
const defaultWorkers = (): number => Math.max(0, Math.min(2, availableParallelism() - 1));

/** Lines replayed on the main thread before workers start: a short input is over before a worker is up. */
const linesBeforeWorkers = 20_000;

/** `msgstatus replay`: raw envelopes in, canonical change records out, in input order. */
export const replayCommand = (command: { readonly input: string; readonly report: string | null; readonly strict: boolean; readonly workers: number | null }) =>
  Effect.gen(function* () {
    const input = yield* openInput(command.input);
    const report = yield* openReportFile(command.report, input.identity);
    const replay = new Replay({ file: input.name, ...(yield* projectionConfig(providerIds)), listConflicts: report !== null });
    const progress = process.stderr.isTTY ? new ProgressBar(process.stderr, input.size) : null;
    const workers = command.workers ?? defaultWorkers();
    // Workers run this process's own script, which serves ingestion off the main thread (bin.ts).
    const script = pathToFileURL(process.argv[1]!);
    const ingestion = workers === 0 ? undefined : { start: () => new IngestPool({ script, workers, file: input.name }), afterLines: linesBeforeWorkers };
    yield* Effect.tryPromise({
      try: (signal) => replayStream(input.stream, replay, process.stdout, progress, signal, ingestion),
      catch: (cause) => (cause instanceof OutputClosedError || cause instanceof IngestWorkerError ? cause : new InputUnreadableError({ input: input.name, cause })),
    });
    progress?.done();
    return yield* finishReplay(replay, report, command.strict);
  }).pipe(Effect.scoped);
