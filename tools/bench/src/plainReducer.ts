import { sameChannel, type MessageStatus, type Status, type StatusObservation } from '@msgstatus/status-machine';

/**
 * docs/contract.md section 3 as a plain hand-written reducer: the speed baseline of the benchmark, not
 * used by the product. It writes the rules a second time on purpose, so the benchmark can also
 * check that the two folds agree.
 */
const rank: Partial<Record<Status, number>> = { queued: 0, sent: 1, delivered: 2, read: 3 };
type Kind = 'accepted' | 'duplicate' | 'stale' | 'conflict';

function sameAttempt(current: MessageStatus, state: Status, detail: string | null): Kind {
  const from = current.state;
  if (from === state) {
    if (state === 'delivered') {
      if (detail === 'delivered_to_recipient') return current.detail === 'delivered_to_recipient' ? 'duplicate' : 'accepted';
      return detail === 'delivered_to_operator' && current.detail === 'delivered_to_recipient' ? 'stale' : 'duplicate';
    }
    if (state === 'undelivered' && detail !== null && current.detail !== null && detail !== current.detail) return 'conflict';
    return 'duplicate';
  }
  const fromRank = rank[from];
  const toRank = rank[state];
  if (fromRank !== undefined && toRank !== undefined) return toRank > fromRank ? 'accepted' : 'stale';
  if (fromRank !== undefined) {
    // A failure after progress.
    if (state === 'rejected') return from === 'queued' ? 'accepted' : 'conflict';
    return fromRank <= 1 ? 'accepted' : 'conflict';
  }
  // After a failure.
  if (state === 'queued') return 'stale';
  if (state === 'sent') return from === 'rejected' ? 'conflict' : 'stale';
  return 'conflict';
}

/** Final: read; delivered on SMS unless only the operator has it; a closed window (failures wait: the workload's providers fall back). */
const finalOf = (state: Status, detail: string | null, channel: string | null | undefined, closed: boolean): MessageStatus['final'] =>
  closed ? 'window-closed' : state === 'read' || (state === 'delivered' && detail !== 'delivered_to_operator' && sameChannel(channel, 'SMS')) ? 'last-state' : null;

export function plainDecide(current: MessageStatus | undefined, observation: StatusObservation): { kind: Kind; status: MessageStatus | undefined } {
  const detail =
    observation.state === 'delivered' && (observation.detail === 'delivered_to_operator' || observation.detail === 'delivered_to_recipient')
      ? observation.detail
      : observation.state === 'undelivered' && (observation.detail === 'rejected_by_operator' || observation.detail === 'undelivered_to_recipient')
        ? observation.detail
        : null;
  if (current === undefined) {
    const attempt = observation.attempt ?? 1;
    const final = finalOf(observation.state, detail, observation.channel, false);
    return { kind: 'accepted', status: { state: observation.state, detail, attempt, channels: [observation.channel], version: 1, final } };
  }
  const wasFinal = finalOf(current.state, current.detail, current.channels[current.attempt - 1], current.final === 'window-closed') !== null;
  let attempt = current.attempt;
  let kind: Kind;
  if (observation.attempt !== null && observation.attempt !== attempt) {
    kind = observation.attempt > attempt ? 'accepted' : 'stale';
    attempt = observation.attempt;
  } else if (observation.attempt === null && observation.channel !== null && !sameChannel(current.channels[attempt - 1], observation.channel)) {
    kind = current.channels.some((channel) => sameChannel(channel, observation.channel)) ? 'stale' : 'accepted';
    attempt++;
  } else {
    kind = sameAttempt(current, observation.state, detail);
  }
  // A final message changes no more; more detail on its delivery says nothing new.
  if (kind === 'accepted' && wasFinal) kind = attempt === current.attempt && current.state === 'delivered' && observation.state === 'delivered' ? 'duplicate' : 'conflict';
  if (kind !== 'accepted') return { kind, status: current };
  const channels = attempt > current.channels.length ? [...current.channels, observation.channel] : current.channels;
  const final = finalOf(observation.state, detail, channels[attempt - 1], false);
  return { kind, status: { state: observation.state, detail, attempt, channels, version: current.version + 1, final } };
}
