import { providerIds } from '@msgstatus/provider-registry';
import type { Stats } from 'node:fs';
import { Writable } from 'node:stream';
import { AuditCollector, reportHtml, reportPage } from '@msgstatus/audit-report';
import { projectionConfig } from '@msgstatus/canonical';
import { Replay } from '@msgstatus/replay';
import * as Effect from 'effect/Effect';
import { InputUnreadableError, OutputClosedError } from './cliErrors.js';
import { strictFailure } from './finishReplay.js';
import { openInput } from './openInput.js';
import { ProgressBar } from './ProgressBar.js';
import { openReportFile } from './reportFile.js';
import { replayStream } from './replayStream.js';
import { replaySummary } from './replaySummary.js';
import { cliVersion } from './usage.js';

/** A report has no change records to show (its replay makes none): replay's output goes nowhere. */
const nowhere = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/**
 * The audit report of a replay: `feed` gives the replay its input; every item it sees is
 * collected, and the page is written to `out` whole, or not at all.
 */
export const writeAuditReport = <E, R>(options: {
  readonly out: string;
  readonly inputName: string;
  readonly inputIdentity: Stats | null;
  readonly strict: boolean;
  readonly feed: (replay: Replay) => Effect.Effect<void, E, R>;
}) =>
  Effect.gen(function* () {
    const out = (yield* openReportFile(options.out, options.inputIdentity, '--out'))!;
    const collector = new AuditCollector();
    const replay = new Replay({ file: options.inputName, ...(yield* projectionConfig(providerIds)), listConflicts: false, changeRecords: false, onEntry: collector.add, onClosed: collector.addClosure });
    yield* options.feed(replay);
    const report = replay.report(false);
    const collected = yield* Effect.promise(() => collector.finish({ input: options.inputName, version: cliVersion(), counts: replay.counts, ignoredEvents: report.ignoredEvents ?? {} }));
    const page = yield* Effect.promise(reportPage);
    yield* out.commit(reportHtml(collected, page));
    process.stderr.write(replaySummary(report));
    process.stderr.write(`msgstatus: wrote the audit report of ${collected.summary.messages} messages to ${out.path}\n`);
    return options.strict && report.invalid > 0 ? strictFailure : 0;
  });

/** `msgstatus report <file | -> --out <report.html>`. */
export const auditReportCommand = (command: { readonly input: string; readonly out: string; readonly strict: boolean }) =>
  Effect.gen(function* () {
    const input = yield* openInput(command.input);
    return yield* writeAuditReport({
      out: command.out,
      inputName: input.name,
      inputIdentity: input.identity,
      strict: command.strict,
      feed: (replay) => {
        const progress = process.stderr.isTTY ? new ProgressBar(process.stderr, input.size) : null;
        return Effect.tryPromise({
          try: (signal) => replayStream(input.stream, replay, nowhere(), progress, signal),
          catch: (cause) => (cause instanceof OutputClosedError ? cause : new InputUnreadableError({ input: input.name, cause })),
        }).pipe(Effect.tap(() => progress?.done()));
      },
    });
  }).pipe(Effect.scoped);
