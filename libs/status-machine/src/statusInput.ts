import type { MessageStatus, StatusObservation } from './StatusObservation.js';
import { details, finalReasons, statuses, type Detail, type Status } from './statuses.js';

/** What is wrong with a value handed to the lib, one word each so callers can switch on it. */
export type StatusInputProblem =
  | 'not-an-object'
  | 'unknown-state'
  | 'unknown-detail'
  | 'bad-attempt'
  | 'missing-channel'
  | 'bad-channel'
  | 'bad-channels'
  | 'bad-version'
  | 'bad-final';

/**
 * The one error the lib throws: an observation or a message status that is not what its type
 * says, which only plain-JS callers and unchecked data can hand in. `problem` says which rule was
 * broken, `field` where, `value` what was found.
 */
export class StatusInputError extends Error {
  override readonly name = 'StatusInputError';
  readonly problem: StatusInputProblem;
  readonly field: string;
  readonly value: unknown;

  constructor(problem: StatusInputProblem, field: string, value: unknown, expected: string) {
    super(`${field} is ${describeValue(value)}: ${expected}`);
    this.problem = problem;
    this.field = field;
    this.value = value;
  }
}

export type StatusInputResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: StatusInputError };

const describeValue = (value: unknown): string => {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
};

const knownStates: ReadonlySet<unknown> = new Set<string>(statuses);
const knownDetails: ReadonlySet<unknown> = new Set<string>(details);
const knownFinalReasons: ReadonlySet<unknown> = new Set<string>(finalReasons);
const expectedStates = `one of ${statuses.join(', ')}`;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown, least: number): value is number => Number.isSafeInteger(value) && (value as number) >= least;

/** Throws StatusInputError unless `observation` is a StatusObservation; cheap enough for every decision. */
export function assertObservation(observation: unknown, field = 'observation'): asserts observation is StatusObservation {
  if (!isRecord(observation)) throw new StatusInputError('not-an-object', field, observation, 'an object with state, detail, attempt and channel');
  if (!knownStates.has(observation['state'])) throw new StatusInputError('unknown-state', `${field}.state`, observation['state'], expectedStates);
  const { detail, attempt, channel } = observation;
  if (detail !== null && detail !== undefined && !knownDetails.has(detail)) {
    throw new StatusInputError('unknown-detail', `${field}.detail`, detail, `null or one of ${details.join(', ')}`);
  }
  if (attempt !== null && !isCount(attempt, 1)) throw new StatusInputError('bad-attempt', `${field}.attempt`, attempt, 'null or a whole number from 1');
  if (channel === undefined) throw new StatusInputError('missing-channel', `${field}.channel`, channel, 'a channel name, or null when unknown');
  if (channel !== null && typeof channel !== 'string') throw new StatusInputError('bad-channel', `${field}.channel`, channel, 'a channel name, or null when unknown');
}

function isChannelList(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const channel of value) if (channel !== null && typeof channel !== 'string') return false;
  return true;
}

/** Throws StatusInputError unless `status` is a MessageStatus (as `decide` returned it). */
export function assertMessageStatus(status: unknown, field = 'current'): asserts status is MessageStatus {
  if (!isRecord(status)) throw new StatusInputError('not-an-object', field, status, 'undefined, or the status a decision returned');
  if (!knownStates.has(status['state'])) throw new StatusInputError('unknown-state', `${field}.state`, status['state'], expectedStates);
  const { detail, attempt, channels, version, final } = status;
  if (detail !== null && !knownDetails.has(detail)) throw new StatusInputError('unknown-detail', `${field}.detail`, detail, `null or one of ${details.join(', ')}`);
  if (!isCount(attempt, 1)) throw new StatusInputError('bad-attempt', `${field}.attempt`, attempt, 'a whole number from 1');
  if (!isChannelList(channels)) throw new StatusInputError('bad-channels', `${field}.channels`, channels, 'an array of channel names or nulls, one per attempt');
  if (!isCount(version, 1)) throw new StatusInputError('bad-version', `${field}.version`, version, 'a whole number from 1');
  if (final !== undefined && final !== null && !knownFinalReasons.has(final)) {
    throw new StatusInputError('bad-final', `${field}.final`, final, `absent, null or one of ${finalReasons.join(', ')}`);
  }
}

/**
 * Reads unknown data (a parsed webhook, a database row) as an observation, without throwing: the
 * fields the lib knows, with `detail` and `attempt` defaulting to null. Use it at the edge of a plain-JS app.
 */
export function parseObservation(input: unknown): StatusInputResult<StatusObservation> {
  try {
    const candidate = isRecord(input) ? { ...input, detail: input['detail'] ?? null, attempt: input['attempt'] ?? null } : input;
    assertObservation(candidate);
    const { state, detail, attempt, channel } = candidate;
    return { ok: true, value: { state: state as Status, detail: detail as Detail | null, attempt, channel } };
  } catch (error) {
    if (error instanceof StatusInputError) return { ok: false, error };
    throw error;
  }
}

/** Reads unknown data (a stored status) as a MessageStatus, without throwing. */
export function parseMessageStatus(input: unknown): StatusInputResult<MessageStatus> {
  try {
    assertMessageStatus(input);
    const { state, detail, attempt, channels, version, final } = input;
    const value: MessageStatus = { state, detail, attempt, channels: [...channels], version };
    return { ok: true, value: final === undefined ? value : { ...value, final } };
  } catch (error) {
    if (error instanceof StatusInputError) return { ok: false, error };
    throw error;
  }
}
