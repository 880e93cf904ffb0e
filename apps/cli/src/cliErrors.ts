import * as Data from 'effect/Data';

/** The command line asks for something msgstatus does not do: exit code 2, with usage. */
export class UsageError extends Data.TaggedError('UsageError')<{ readonly message: string }> {}

/** The input cannot be read (missing, a directory, an IO error): exit code 1. */
export class InputUnreadableError extends Data.TaggedError('InputUnreadableError')<{
  readonly input: string;
  readonly cause: unknown;
}> {
  override get message(): string {
    return `cannot read ${this.input}: ${(this.cause as Error)?.message ?? String(this.cause)}`;
  }
}
