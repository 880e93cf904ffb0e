import { wordIn, wordKey } from '@msgstatus/canonical';
import type { Detail, Status } from '@msgstatus/status-machine';

/** 8x8 states, as providers.md maps them; `null` marks a word that carries no message status. */
const states: Readonly<Record<string, Status | null>> = {
  queued: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'undelivered',
  read: 'read',
  rejected: 'rejected',
  // Seed 001: "rejected by the API and will not be processed": refused before sending.
  failed: 'rejected',
  error: 'failed',
  unknown: null,
  ok: null,
};

const details: Readonly<Record<string, Detail>> = {
  delivered_to_operator: 'delivered_to_operator',
  delivered_to_recipient: 'delivered_to_recipient',
  rejected_by_operator: 'rejected_by_operator',
  undelivered_to_recipient: 'undelivered_to_recipient',
};

export type StateMapping = { readonly kind: 'status'; readonly state: Status } | { readonly kind: 'no-status' } | { readonly kind: 'unmapped' };

export function mapState(word: string): StateMapping {
  const key = wordKey(word);
  if (!Object.hasOwn(states, key)) return { kind: 'unmapped' };
  const state = states[key]!;
  return state === null ? { kind: 'no-status' } : { kind: 'status', state };
}

/** A known detail; any other (the seed's `delivered_to_carrier`) stays in providerStatus only. */
export const mapDetail = (word: string | null | undefined): Detail | null =>
  word == null ? null : (wordIn(details, word) ?? null);
