import { deadLetterHeaders, type StatusChangeRecord } from '@msgstatus/canonical';
import type { ConsumedRecord } from '@msgstatus/kafka';
import { Replay } from '@msgstatus/replay';

/** The change records `msgstatus replay` makes of `lines`, and its report (its invalid items are the dead letters to expect). */
export function oracleOf(lines: ReadonlyArray<string>, file: string) {
  const replay = new Replay({ file });
  const changes = lines.flatMap((line, index) => replay.line(line, index + 1).split('\n').filter(Boolean));
  return { changes, report: replay.report() };
}

/** One change record that is not as replay has it: written twice, or other than replay's. */
export interface ChangeAnomaly {
  readonly kind: 'duplicated' | 'wrong';
  /** Its place in the changes read. */
  readonly index: number;
  /** messageId#version. */
  readonly key: string;
  /** What replay made of that key, when it made anything. */
  readonly expected: string | undefined;
}

/** What a soak measures of the change stream: against replay, per messageId#version. */
export interface ChangeFigures {
  readonly expectedChanges: number;
  readonly changes: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly wrong: number;
  /** Messages whose versions, in the order read, are not 1, 2, 3, … */
  readonly versionGaps: number;
}

/** What a soak measures of the dead-letter topic: against replay's invalid lines. */
export interface DeadLetterFigures {
  readonly expectedDeadLetters: number;
  readonly deadLetters: number;
  readonly duplicatedDeadLetters: number;
}

export interface ChangeAudit extends ChangeFigures {
  readonly lostKeys: ReadonlyArray<string>;
  readonly anomalies: ReadonlyArray<ChangeAnomaly>;
}

/**
 * The change topic as read (committed, in partition order) against replay's change records of the
 * same history, compared per messageId#version: what the soaks' promise (nothing lost, nothing
 * duplicated, versions without gaps) is measured by.
 */
export function auditChanges(oracleChanges: ReadonlyArray<string>, changes: ReadonlyArray<StatusChangeRecord>): ChangeAudit {
  const expected = new Map<string, string>(
    oracleChanges.map((text) => {
      const record = JSON.parse(text) as { messageId: string; version: number };
      return [`${record.messageId}#${record.version}`, text] as const;
    }),
  );
  const seen = new Map<string, number>();
  const anomalies: ChangeAnomaly[] = [];
  let wrong = 0;
  changes.forEach((change, index) => {
    const key = `${change.messageId}#${change.version}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if (seen.get(key)! > 1) anomalies.push({ kind: 'duplicated', index, key, expected: expected.get(key) });
    if (expected.get(key) !== JSON.stringify(change)) {
      wrong++;
      anomalies.push({ kind: 'wrong', index, key, expected: expected.get(key) });
    }
  });
  const lostKeys = [...expected.keys()].filter((key) => !seen.has(key));
  const versions = new Map<string, number[]>();
  for (const change of changes) versions.set(change.messageId, [...(versions.get(change.messageId) ?? []), change.version]);
  return {
    expectedChanges: expected.size,
    changes: changes.length,
    lost: lostKeys.length,
    duplicated: [...seen.values()].reduce((sum, count) => sum + count - 1, 0),
    wrong,
    versionGaps: [...versions.values()].filter((list) => list.some((version, index) => version !== index + 1)).length,
    lostKeys,
    anomalies,
  };
}

/**
 * For each lost change (messageId#version), which stage lost it: the ingestor when the observation
 * behind replay's change never reached the observations topic, else the projector; a closed
 * window's change has no observation behind it.
 */
export function whoLost(lostKeys: ReadonlyArray<string>, oracleChanges: ReadonlyArray<string>, observationValues: ReadonlyArray<string>): ReadonlyMap<string, string> {
  const eventIdOf = (text: string) => (JSON.parse(text) as { eventId?: string | null }).eventId ?? null;
  const observed = new Set(observationValues.filter((text) => text !== '').map(eventIdOf));
  const expected = new Map<string, string | null>(
    oracleChanges.map((text) => {
      const record = JSON.parse(text) as { messageId: string; version: number; eventId?: string | null };
      return [`${record.messageId}#${record.version}`, record.eventId ?? null];
    }),
  );
  return new Map(
    lostKeys.map((key): [string, string] => {
      const eventId = expected.get(key) ?? null;
      if (eventId === null) return [key, 'a closed window: no observation behind it'];
      return [key, observed.has(eventId) ? 'its observation is on the observations topic: the projector lost it' : 'its observation is not: the ingestor lost it'];
    }),
  );
}

/** Each dead letter's identity: the record it stands for (topic, partition, offset) and its reason. */
export const deadLetterKeysOf = (records: ReadonlyArray<ConsumedRecord>): string[] =>
  records.map((record) =>
    [deadLetterHeaders.topic, deadLetterHeaders.partition, deadLetterHeaders.offset, deadLetterHeaders.reason].map((name) => record.headers[name]?.toString()).join('|'),
  );
