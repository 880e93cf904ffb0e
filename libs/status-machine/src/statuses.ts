/** Progress states in rank order, then the terminal failures. */
export const statuses = ['queued', 'sent', 'delivered', 'read', 'rejected', 'undelivered', 'failed'] as const;
export type Status = (typeof statuses)[number];

export const progressStatuses = ['queued', 'sent', 'delivered', 'read'] as const;
export const failureStatuses = ['rejected', 'undelivered', 'failed'] as const;
export type FailureStatus = (typeof failureStatuses)[number];

export const deliveredDetails = ['delivered_to_operator', 'delivered_to_recipient'] as const;
export const undeliveredDetails = ['rejected_by_operator', 'undelivered_to_recipient'] as const;
export const details = [...deliveredDetails, ...undeliveredDetails] as const;
export type Detail = (typeof details)[number];

/**
 * Why a message is final (docs/contract.md section 3): its channel's last state was reached, it
 * failed where no fallback follows, or its receipt window closed. An open set: a reader takes a
 * reason it does not know as final all the same.
 */
export const finalReasons = ['last-state', 'failure', 'window-closed'] as const;
export type FinalReason = (typeof finalReasons)[number];

/** Whether `status` is terminal for its attempt (only a later attempt leaves it). */
export const isFailure = (status: Status): status is FailureStatus =>
  status === 'rejected' || status === 'undelivered' || status === 'failed';

/**
 * The detail an observation carries for its state, or null. A detail of another state's family
 * (say `delivered_to_operator` on an `undelivered`) tells nothing about this state, so it counts as
 * none: the machine stays total on any well-typed input.
 */
export function detailFor(status: Status, detail: Detail | null | undefined): Detail | null {
  if (detail === 'delivered_to_operator' || detail === 'delivered_to_recipient') {
    return status === 'delivered' ? detail : null;
  }
  if (detail === 'rejected_by_operator' || detail === 'undelivered_to_recipient') {
    return status === 'undelivered' ? detail : null;
  }
  return null;
}
