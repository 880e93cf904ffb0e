import type { Replay } from '@msgstatus/replay';
import * as Effect from 'effect/Effect';
import type { ReportFile } from './reportFile.js';
import { replaySummary } from './replaySummary.js';

/** Exit code of `replay --strict` when anything was invalid. */
export const strictFailure = 3;

/** The end of every replay: the report committed whole, the summary on stderr, the exit code. */
export const finishReplay = (replay: Replay, report: ReportFile | null, strict: boolean) =>
  Effect.gen(function* () {
    if (report !== null) yield* report.commit(replay.reportText());
    const result = replay.report(false);
    process.stderr.write(replaySummary(result));
    return strict && result.invalid > 0 ? strictFailure : 0;
  });
