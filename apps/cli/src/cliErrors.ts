import * as Data from 'effect/Data';

/** The command line asks for something msgstatus does not do: exit code 2, with usage. */
export class UsageError extends Data.TaggedError('UsageError')<{ readonly message: string }> {}

/** The OS's words for a failed file operation, without the path it repeats: `ENOENT: no such file or directory`. */
export const osReason = (cause: unknown): string => {
  const message = (cause as Error)?.message ?? String(cause);
  return message.replace(/, (open|stat|rename|write|mkdir|scandir) '.*'$/, '');
};

/** The input cannot be read (missing, a directory, an IO error): exit code 1. */
export class InputUnreadableError extends Data.TaggedError('InputUnreadableError')<{
  readonly input: string;
  readonly cause: unknown;
}> {
  override get message(): string {
    return `cannot read ${this.input}: ${osReason(this.cause)}`;
  }
}

/** The report cannot be written where asked (no such folder, no permission, a directory): exit code 1. */
export class ReportUnwritableError extends Data.TaggedError('ReportUnwritableError')<{
  readonly path: string;
  readonly reason: string;
}> {
  override get message(): string {
    return `cannot write the report to ${this.path}: ${this.reason}`;
  }
}

/** Whoever reads stdout has gone (`| head`): the work stops, quietly, with exit code 0. */
export class OutputClosedError extends Data.TaggedError('OutputClosedError') {}

/** `timeline` found nothing about the message: exit code 1, with a hint. */
export class NothingFoundError extends Data.TaggedError('NothingFoundError')<{ readonly message: string }> {}

/** A replay's ingestion worker failed or exited (`replay --workers`): exit code 1, with the way around it. */
export class IngestWorkerError extends Data.TaggedError('IngestWorkerError')<{ readonly reason: string }> {
  override get message(): string {
    return `an ingestion worker failed: ${this.reason}; --workers 0 replays on the main thread alone`;
  }
}
