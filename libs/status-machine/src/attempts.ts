import type { MessageStatus, StatusObservation } from './StatusObservation.js';
import { assertObservation } from './statusInput.js';

/** The part of a message's memory that places observations on attempts. */
export type AttemptScope = Pick<MessageStatus, 'attempt' | 'channels'>;

/** Where an observation stands against the message's current attempt. */
export type AttemptRelation = 'current' | 'next' | 'earlier';

export interface ResolvedAttempt {
  readonly relation: AttemptRelation;
  /** The attempt the observation belongs to (always a number). */
  readonly attempt: number;
}

/** Channels compare in canonical form, so `whatsapp` and `WhatsApp` are one channel. */
export function sameChannel(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null) return false;
  return a === b || a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Places an observation on an attempt (docs/contract.md section 3). A provider step decides by number.
 * Without one the channel decides: the current attempt's channel belongs to it, a channel no
 * earlier attempt used opens the next one, an earlier attempt's channel is late news from that
 * attempt; with neither step nor channel the observation belongs to the current attempt. The
 * lib's own callers have checked the observation already; outside callers use `resolveAttempt`.
 */
export function placeAttempt(current: AttemptScope, observation: StatusObservation): ResolvedAttempt {
  const { attempt } = current;
  if (observation.attempt !== null) {
    const relation = observation.attempt > attempt ? 'next' : observation.attempt < attempt ? 'earlier' : 'current';
    return { relation, attempt: observation.attempt };
  }
  const { channel } = observation;
  if (channel === null || sameChannel(current.channels[attempt - 1], channel)) {
    return { relation: 'current', attempt };
  }
  for (let index = 0; index < attempt - 1; index++) {
    if (sameChannel(current.channels[index], channel)) return { relation: 'earlier', attempt: index + 1 };
  }
  return { relation: 'next', attempt: attempt + 1 };
}

/** `placeAttempt` for outside callers: throws StatusInputError unless `observation` is one. */
export function resolveAttempt(current: AttemptScope, observation: StatusObservation): ResolvedAttempt {
  assertObservation(observation);
  return placeAttempt(current, observation);
}

/** The first attempt of a message: the provider's step, or 1. */
export const firstAttempt = (observation: StatusObservation): number => observation.attempt ?? 1;

/** The channels list once `attempt` is opened on `channel`; unknown attempts in between stay null. */
export function channelsWith(
  channels: ReadonlyArray<string | null>,
  attempt: number,
  channel: string | null,
): ReadonlyArray<string | null> {
  if (attempt <= channels.length) return channels;
  const next = channels.slice();
  while (next.length < attempt - 1) next.push(null);
  next.push(channel);
  return next;
}
