import type { EventRecord } from '../reportFormat.js';

export interface TimelinePoint {
  readonly ordinal: number;
  readonly line: number;
  readonly lane: string;
  /** The provider's time of the status, when the event became an observation. */
  readonly providerTime: number | null;
  readonly receivedAt: number | null;
  readonly kind: string;
  /** Received more than the report's `lateAfterMs` after the provider's time. */
  readonly late: boolean;
}

export interface TimelineLayout {
  readonly lanes: ReadonlyArray<string>;
  readonly points: ReadonlyArray<TimelinePoint>;
  readonly start: number;
  readonly end: number;
}

export const unnormalizedLane = 'not normalized';

/** The lane of an event: the attempt the machine placed it on, and that attempt's channel. */
export const laneOf = (record: EventRecord): string => record.lane ?? unnormalizedLane;

const laneOrder = (lane: string): [number, string] => {
  if (lane === unnormalizedLane) return [Number.MAX_SAFE_INTEGER, lane];
  const attempt = /^attempt (\d+) · /.exec(lane);
  return attempt === null ? [0, lane] : [Number(attempt[1]), lane];
};

const time = (text: string | null | undefined): number | null => {
  if (text === null || text === undefined) return null;
  const value = Date.parse(text);
  return Number.isNaN(value) ? null : value;
};

/** Where each of a message's events goes: one lane per attempt and channel, in attempt order, on one time axis. */
export function timelineLayout(records: ReadonlyArray<EventRecord>, ordinals: ReadonlyArray<number>, lateAfterMs: number): TimelineLayout {
  const points = records.map((record, index): TimelinePoint => {
    const providerTime = time(record.observation?.occurredAt);
    const receivedAt = time(record.receivedAt);
    return {
      ordinal: ordinals[index]!,
      line: record.line,
      lane: laneOf(record),
      providerTime,
      receivedAt,
      kind: record.outcome.kind,
      late: providerTime !== null && receivedAt !== null && receivedAt - providerTime > lateAfterMs,
    };
  });
  const lanes = [...new Set(points.map((point) => point.lane))].sort((a, b) => {
    const [attemptA, nameA] = laneOrder(a);
    const [attemptB, nameB] = laneOrder(b);
    return attemptA - attemptB || nameA.localeCompare(nameB);
  });
  const times = points.flatMap((point) => [point.providerTime, point.receivedAt]).filter((value): value is number => value !== null);
  const start = times.length === 0 ? 0 : Math.min(...times);
  const end = times.length === 0 ? 1 : Math.max(...times);
  return { lanes, points, start, end: end > start ? end : start + 1000 };
}
