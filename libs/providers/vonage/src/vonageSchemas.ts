import { maxClientRefLength } from '@msgstatus/canonical';
import { z } from 'zod';

const field = z.string().max(2_000);
/** Form fields are strings; Vonage's JSON receipts quote numbers too, but a number is taken as well. */
const textOrNumber = z.union([z.string().max(2_000), z.number()]);
const clientRef = z.string().max(maxClientRefLength);

/**
 * An SMS API delivery receipt, one per message part: Vonage posts it form-encoded or as JSON (the
 * account's choice), a raw event holds it as a JSON object of its fields. `scts` is when the
 * carrier handled it (YYMMDDHHMM), `message-timestamp` when Vonage began to post it; `timestamp`,
 * `nonce` and `sig` come with signed webhooks.
 */
export const SmsDeliveryReceipt = z.looseObject({
  messageId: textOrNumber,
  status: z.string().max(200),
  'err-code': textOrNumber.optional(),
  scts: field.optional(),
  'message-timestamp': field.optional(),
  msisdn: field.optional(),
  to: field.optional(),
  'network-code': field.optional(),
  price: textOrNumber.optional(),
  'api-key': z.string().max(200).optional(),
  'client-ref': clientRef.optional(),
  timestamp: field.optional(),
  nonce: field.optional(),
  sig: field.optional(),
});

/** An SMS API inbound message: a text someone sent to the account's number, with no status. */
export const SmsInbound = z.looseObject({
  messageId: textOrNumber,
  msisdn: field,
  to: field,
  text: z.string().max(100_000).optional(),
  type: field.optional(),
  keyword: field.optional(),
});

/** A positive step number, as a string (`"1"`) or a number. */
const stepNumber = z.union([z.number().int().positive(), z.string().regex(/^\s*[1-9]\d{0,5}\s*$/, 'expected a whole number from 1')]);

/**
 * A Messages API status webhook. `workflow` comes with messages sent with failover:
 * `items_number` is the step of the failover sequence this status is about.
 */
export const MessagesStatus = z.looseObject({
  message_uuid: z.string().min(1).max(200),
  status: z.string().max(200),
  timestamp: z.string().max(100),
  to: field.optional(),
  from: field.optional(),
  channel: z.string().max(100).optional(),
  client_ref: clientRef.optional(),
  error: z
    .looseObject({
      type: field.optional(),
      title: textOrNumber.optional(),
      detail: z.string().max(10_000).optional(),
      instance: field.optional(),
    })
    .optional(),
  workflow: z.looseObject({ workflow_id: field.optional(), items_number: stepNumber, items_total: stepNumber.optional() }).optional(),
  usage: z.looseObject({ currency: field.optional(), price: textOrNumber.optional() }).optional(),
  destination: z.looseObject({ network_code: field.optional() }).optional(),
  sms: z.looseObject({ count_total: textOrNumber.optional() }).optional(),
});

/** A Messages API inbound message: `message_type` and its content, and no status. */
export const MessagesInbound = z.looseObject({
  message_uuid: z.string().min(1).max(200),
  message_type: z.string().max(100),
  channel: z.string().max(100).optional(),
});

/**
 * A Reports API answer of `GET /v2/reports/records` (asked by id, so one record per message found;
 * `ids_not_found` lists, comma-separated, the ids it has no record of).
 */
export const ReportsAnswer = z.looseObject({
  request_status: z.string().max(100).optional(),
  product: z.string().max(100),
  direction: z.string().max(100).optional(),
  records: z.array(z.unknown()).max(1_000).optional(),
  ids_not_found: z.string().max(100_000).optional(),
});

const reportedFields = {
  message_id: textOrNumber,
  status: z.string().max(200),
  direction: z.string().max(100).nullish(),
  account_id: z.string().max(200).nullish(),
  client_ref: clientRef.nullish(),
  date_finalized: z.string().max(100).nullish(),
  error_code: textOrNumber.nullish(),
};

/** One SMS record of a Reports API answer: its status in the delivery receipt's words. */
export const SmsRecord = z.looseObject({ ...reportedFields, error_code_description: z.string().max(2_000).nullish() });

/** One Messages record of a Reports API answer: `provider` is the channel. */
export const MessagesRecord = z.looseObject({ ...reportedFields, provider: z.string().max(100).nullish() });

/** An API error answer (RFC 7807): it reports no status. */
export const ApiProblem = z.looseObject({
  title: textOrNumber,
  type: field.optional(),
  detail: z.string().max(10_000).optional(),
  instance: field.optional(),
});
