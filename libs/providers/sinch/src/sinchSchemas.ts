import { maxClientRefLength } from '@msgstatus/canonical';
import { z } from 'zod';

/** A batch id (a ULID in Sinch's examples): never holds `/`, which joins it to the recipient in our message id. */
export const BatchId = z.string().regex(/^[^\s/,]{1,100}$/, 'a batch id: 1 to 100 characters, without white space, "/" or ","');

/**
 * Text, or a JSON number that lost no digit (below 2^53), as text: one check rather than a union,
 * so that a missing or mistyped field is named as such.
 */
const textOrWholeNumber = (what: string) =>
  z
    .custom<string | number>((value) => typeof value === 'string' || (Number.isSafeInteger(value) && (value as number) >= 0), {
      error: (issue) => (issue.input === undefined ? 'missing' : `expected ${what}`),
    })
    // What the check takes, for JSON Schema, which cannot read a custom check.
    .meta({ anyOf: [{ type: 'string' }, { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }] })
    .transform((value) => String(value).trim());

/** A recipient's phone number (MSISDN): Sinch writes it with or without the E.164 `+`. */
export const Recipient = textOrWholeNumber('a phone number')
  .pipe(z.string().regex(/^\+?\d{1,20}$/, 'a phone number: digits, with or without a leading +'))
  .describe('The phone number, E.164 with or without +');

/** Sinch's status code: an integer (a string in older examples); 0 with a delivery, 400-418 its own, others SMPP's. */
export const StatusCode = textOrWholeNumber('a status code')
  .pipe(z.string().regex(/^\d{1,10}$/, 'a status code: digits'))
  .describe('An integer, or its digits as a string');

/** Every payload Sinch SMS sends or answers names what it is in `type`, except API errors. */
export const Typed = z.looseObject({ type: z.string().max(100) });

/**
 * A recipient delivery report (`recipient_delivery_report_sms`/`_mms`): one recipient of one
 * batch, as a `per_recipient` callback sends it and `GET .../delivery_report/{recipient_msisdn}`
 * answers it. There is no id per message: the batch and the recipient together are its identity.
 */
export const RecipientDeliveryReport = z.looseObject({
  type: z.string(),
  batch_id: BatchId,
  recipient: Recipient,
  code: StatusCode,
  status: z.string().max(200).describe('Queued, Dispatched, Aborted, Cancelled, Rejected, Deleted, Delivered, Failed, Expired or Unknown'),
  at: z.string().max(100).describe('When Sinch created the report, ISO-8601'),
  operator_status_at: z.string().max(100).nullish().describe("The time in the operator's delivery receipt, ISO-8601 (often to the minute)"),
  status_message: z.string().max(2_000).nullish().describe('A description of the status, if available (older documentation)'),
  client_reference: z.string().max(maxClientRefLength).nullish().describe("The sender's reference of the batch"),
  applied_originator: z.string().max(200).nullish(),
  encoding: z.string().max(50).nullish().describe('GSM or UNICODE, with smart encoding'),
  number_of_message_parts: z.number().int().nonnegative().nullish(),
  operator: z.string().max(200).nullish(),
});
export type RecipientDeliveryReport = z.infer<typeof RecipientDeliveryReport>;

/** A batch delivery report (`delivery_report_sms`/`_mms`): recipients counted per status, with no time for any of them. */
export const BatchDeliveryReport = z.looseObject({
  type: z.enum(['delivery_report_sms', 'delivery_report_mms']),
  batch_id: z.string(),
  total_message_count: z.union([z.number(), z.string()]).optional(),
  statuses: z.array(z.looseObject({ code: StatusCode, status: z.string(), count: z.number(), recipients: z.array(z.string()).optional() })),
  client_reference: z.string().nullish(),
});

/** An inbound (mobile-originated) message. */
export const InboundMessage = z.looseObject({
  type: z.enum(['mo_text', 'mo_binary', 'mo_media']),
  id: z.string(),
  from: z.string(),
  to: z.string(),
  received_at: z.string().optional(),
});

/** An error answer of the SMS REST API: `code` names the error, `text` explains it. */
export const ApiError = z.looseObject({ code: z.string().max(200), text: z.string().max(10_000) });
