const separator = '/';

/**
 * The provider message id of one recipient's status. A group MMS has one Telnyx id and a status
 * per recipient, each with its own outcome, so each recipient is a message of its own here:
 * `<id>/<phone number>`. Every other message is its Telnyx id alone, the id the sender keeps.
 */
export const recipientMessageId = (telnyxId: string, phoneNumber: string | null): string =>
  phoneNumber === null ? telnyxId : `${telnyxId}${separator}${phoneNumber}`;

/** The Telnyx id of a provider message id, the one to ask its API about (Telnyx ids are UUIDs, without `/`). */
export const telnyxIdOf = (providerMessageId: string): string => providerMessageId.split(separator, 1)[0]!;
