/**
 * Sinch SMS gives no message an id of its own: a batch goes to many recipients, and a message is
 * one recipient of one batch. Our id is `<batch_id>/<recipient>`: a batch id holds no `/` and a
 * phone number none either, so the id splits back into both for the status API, and it holds no
 * `,`, which joins the ids of a raw record's key. The recipient is kept without its `+`, since
 * callbacks and status answers spell the same number either way.
 */
export const sinchMessageId = (batchId: string, recipient: string): string => `${batchId}/${recipient.trim().replace(/^\+/, '')}`;

/** The batch and recipient of one of our Sinch message ids, or null when it is none. */
export function sinchMessageParts(providerMessageId: string): { readonly batchId: string; readonly recipient: string } | null {
  const match = /^([^\s/,]{1,100})\/(\d{1,20})$/.exec(providerMessageId);
  return match === null ? null : { batchId: match[1]!, recipient: match[2]! };
}
