import { parseProviderTime, wordKey } from '@msgstatus/canonical';
import type { Detail, Status } from '@msgstatus/status-machine';

/** What a status word says: a state (and its detail), or `null` for a word that carries no status. */
export interface VonageStatus {
  readonly state: Status;
  readonly detail: Detail | null;
}

const status = (state: Status, detail: Detail | null = null): VonageStatus => ({ state, detail });

/**
 * The SMS API's delivery-receipt words (and the Reports API's SMS records, which add `deleted`).
 * The carrier's refusal and expiry come after Vonage sent the message on: not delivered, rather
 * than refused before sending.
 */
export const smsStatuses: Readonly<Record<string, VonageStatus | null>> = {
  // "Accepted for delivery, but not yet delivered": the carrier has it.
  accepted: status('sent'),
  // "Buffered for later delivery" by the carrier: sent, not yet delivered.
  buffered: status('sent'),
  delivered: status('delivered'),
  // "Held at the downstream carrier's retry scheme and could not be delivered within the expiry time".
  expired: status('undelivered', 'undelivered_to_recipient'),
  // "Message not delivered"; err-code says why.
  failed: status('undelivered'),
  // "Downstream carrier refuses to deliver message".
  rejected: status('undelivered', 'rejected_by_operator'),
  // "No useful information available".
  unknown: null,
  // Reports API only: the carrier deleted the message, unsent.
  deleted: status('failed'),
};

/**
 * The Messages API's status words. Its `rejected` follows `submitted` in Vonage's own failover
 * example and covers a provider's refusal and an expired time-to-live: not delivered.
 */
export const messagesStatuses: Readonly<Record<string, VonageStatus>> = {
  submitted: status('sent'),
  delivered: status('delivered'),
  read: status('read'),
  rejected: status('undelivered'),
  // "Unable to connect to the messaging provider": Vonage's own failure.
  undeliverable: status('failed'),
};

/** The mapping of a word in a table, `null` for a word without status, `undefined` for an unknown word. */
export const statusOf = <T>(table: Readonly<Record<string, T>>, word: string): T | undefined => {
  const key = wordKey(word);
  return Object.hasOwn(table, key) ? table[key] : undefined;
};

/** Messages API channels in canonical spelling; Viber's is `viber_service`. */
const channels: Readonly<Record<string, string>> = {
  sms: 'SMS',
  mms: 'MMS',
  rcs: 'RCS',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  viber_service: 'Viber',
  viber: 'Viber',
};

/** A Messages API channel in canonical spelling; an unknown one as given. */
export const vonageChannel = (channel: string | null | undefined): string | null =>
  channel == null ? null : (channels[wordKey(channel)] ?? channel);

/** What the SMS API's delivery-receipt error codes mean (`err-code`); 0 is "Delivered". */
export const smsErrorMeanings: Readonly<Record<string, string>> = {
  '0': 'Delivered',
  '1': 'Unknown',
  '2': 'Absent Subscriber - Temporary',
  '3': 'Absent Subscriber - Permanent',
  '4': 'Call Barred by User',
  '5': 'Portability Error',
  '6': 'Anti-Spam Rejection',
  '7': 'Handset Busy',
  '8': 'Network Error',
  '9': 'Illegal Number',
  '10': 'Illegal Message',
  '11': 'Unroutable',
  '12': 'Destination Unreachable',
  '13': 'Subscriber Age Restriction',
  '14': 'Number Blocked by Carrier',
  '15': 'Prepaid Insufficient Funds',
  '50': 'Entity Filter',
  '51': 'Header Filter',
  '52': 'Content Filter',
  '53': 'Consent Filter',
  '54': 'Regulation Error',
  '99': 'General Error',
};

/** `scts` (YYMMDDHHMM, `2001011400` is 2020-01-01 14:00) as an instant read as UTC, or null. */
export function parseScts(scts: string): string | null {
  const match = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(scts.trim());
  if (match === null) return null;
  const [, year, month, day, hour, minute] = match;
  return parseProviderTime(`20${year}-${month}-${day}T${hour}:${minute}:00Z`);
}
