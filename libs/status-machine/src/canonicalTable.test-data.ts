import type { Detail, Status } from './statuses.js';

/**
 * docs/contract.md section 3 written out by hand, one row per known fact, one column per observed fact,
 * same attempt: A accepted, D duplicate, S stale, C conflict. Kept apart from the machine on purpose:
 * the tests hold the machine to this table, not to itself.
 */
export const factNames = ['q', 's', 'd', 'dop', 'drec', 'r', 'rej', 'u', 'uop', 'urec', 'f'] as const;
export type FactName = (typeof factNames)[number];

export const factOf: Record<FactName, { state: Status; detail: Detail | null }> = {
  q: { state: 'queued', detail: null },
  s: { state: 'sent', detail: null },
  d: { state: 'delivered', detail: null },
  dop: { state: 'delivered', detail: 'delivered_to_operator' },
  drec: { state: 'delivered', detail: 'delivered_to_recipient' },
  r: { state: 'read', detail: null },
  rej: { state: 'rejected', detail: null },
  u: { state: 'undelivered', detail: null },
  uop: { state: 'undelivered', detail: 'rejected_by_operator' },
  urec: { state: 'undelivered', detail: 'undelivered_to_recipient' },
  f: { state: 'failed', detail: null },
};

// prettier-ignore
const rows: Record<FactName, string> = {
  //      q s d dop drec r rej u uop urec f
  q:    ' D A A A   A    A A   A A   A    A',
  s:    ' S D A A   A    A C   A A   A    A',
  d:    ' S S D D   A    A C   C C   C    C',
  dop:  ' S S D D   A    A C   C C   C    C',
  drec: ' S S D S   D    A C   C C   C    C',
  r:    ' S S S S   S    D C   C C   C    C',
  rej:  ' S C C C   C    C D   C C   C    C',
  u:    ' S S C C   C    C C   D D   D    C',
  uop:  ' S S C C   C    C C   D D   C    C',
  urec: ' S S C C   C    C C   D C   D    C',
  f:    ' S S C C   C    C C   C C   C    D',
};

const kindOf = { A: 'accepted', D: 'duplicate', S: 'stale', C: 'conflict' } as const;
export type ExpectedKind = (typeof kindOf)[keyof typeof kindOf];

export function expectedKind(known: FactName, observed: FactName): ExpectedKind {
  const letters = rows[known].trim().split(/\s+/) as Array<keyof typeof kindOf>;
  return kindOf[letters[factNames.indexOf(observed)]!];
}
