import * as Data from 'effect/Data';

/** A Kafka operation failed: `operation` says which, `cause` is the client's error. */
export class KafkaError extends Data.TaggedError('KafkaError')<{
  readonly operation: string;
  readonly cause: unknown;
}> {
  override get message(): string {
    return `Kafka ${this.operation} failed: ${describeCause(this.cause)}`;
  }

  /** The Kafka protocol error type (`CONCURRENT_TRANSACTIONS`, ...) when the broker gave one. */
  get errorType(): string | null {
    return errorTypeOf(this.cause);
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    // kafkajs gathers one error a topic (creating topics): say what they were, once each.
    const errors = (cause as { errors?: unknown }).errors;
    if (!Array.isArray(errors) || errors.length === 0) return cause.message;
    const reasons = [...new Set(errors.map((error: unknown) => (error instanceof Error ? error.message : String(error))))];
    return `${cause.message}: ${reasons.join('; ')}`;
  }
  return String(cause);
}

/** kafkajs puts the protocol error type on `type`, sometimes on a wrapped `originalError`, or on each of an aggregate's `errors`. */
export function errorTypeOf(cause: unknown): string | null {
  let current: unknown = cause;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === 'string') return type;
    const [first] = ((current as { errors?: unknown }).errors as unknown[] | undefined) ?? [];
    if (first !== undefined) return errorTypeOf(first);
    current = (current as { originalError?: unknown; cause?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
  }
  return null;
}
