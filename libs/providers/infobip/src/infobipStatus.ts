import { quoted, wordKey } from '@msgstatus/canonical';
import { detailFor, type Detail, type Status } from '@msgstatus/status-machine';

/**
 * Infobip's status groups ("Response status and error codes", general status codes), which decide
 * the state; the detailed status name only refines it. Group ids are the index.
 */
export const infobipGroups = {
  // Taken by Infobip, not yet sent on (the group of send answers).
  accepted: 'queued',
  // Sent on to the next instance (the operator); no delivery report yet.
  pending: 'sent',
  undeliverable: 'undelivered',
  delivered: 'delivered',
  // The validity period ran out before delivery was confirmed (EXPIRED_DLR_UNKNOWN included).
  expired: 'undelivered',
  // Refused by Infobip or the operator before it was sent.
  rejected: 'rejected',
} as const satisfies Readonly<Record<string, Status>>;

const groupsById = Object.keys(infobipGroups) as ReadonlyArray<keyof typeof infobipGroups>;

// Maps, not objects: a provider's word such as `constructor` must not find Object.prototype's.

/** Documented statuses whose state is not their group's, by group and status. */
const stateOfStatus: ReadonlyMap<string, Status> = new Map([
  // Accepted and waiting to be sent on: the status a message has when it was just sent through the API.
  ['pending pending_accepted', 'queued'],
  ['pending message_accepted', 'queued'],
  ['undeliverable undeliverable_not_sent', 'failed'],
]);

const detailOfStatus: ReadonlyMap<string, Detail> = new Map([
  ['delivered_to_operator', 'delivered_to_operator'],
  ['delivered_to_handset', 'delivered_to_recipient'],
  ['undeliverable_rejected_operator', 'rejected_by_operator'],
  ['undeliverable_not_delivered', 'undelivered_to_recipient'],
]);

export interface InfobipStatus {
  readonly groupId?: number | null | undefined;
  readonly groupName?: string | null | undefined;
  readonly name?: string | null | undefined;
}

export type StatusMapping =
  | { readonly kind: 'status'; readonly state: Status; readonly detail: Detail | null }
  | { readonly kind: 'unmapped'; readonly reason: string };

/** The state of an Infobip status object, from its group (by name, else by id), refined by its name. */
export function mapStatus(status: InfobipStatus): StatusMapping {
  const group = status.groupName != null ? wordKey(status.groupName) : status.groupId != null ? groupsById[status.groupId] : undefined;
  if (group === undefined) {
    const named = status.groupId == null ? 'names no group (groupName or groupId)' : `has the unknown group id ${status.groupId}`;
    return { kind: 'unmapped', reason: `the Infobip status ${named}` };
  }
  if (!Object.hasOwn(infobipGroups, group)) return { kind: 'unmapped', reason: `unmapped Infobip status group ${quoted(status.groupName ?? group)}` };
  const name = status.name == null ? '' : wordKey(status.name);
  const state = stateOfStatus.get(`${group} ${name}`) ?? infobipGroups[group as keyof typeof infobipGroups];
  return { kind: 'status', state, detail: detailFor(state, detailOfStatus.get(name) ?? null) };
}
