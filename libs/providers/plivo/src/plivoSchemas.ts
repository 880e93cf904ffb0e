import { z } from 'zod';

const field = z.string().max(2_000);
/** Ids are text; a number (a payload written by hand, a replay tool) is read with `providerIdText`. */
const id = z.union([z.string().max(200), z.number()]);
/** Error codes are text (`000`, `30`) in callbacks and answers; a number is taken as its digits. */
const code = z.union([field, z.number()]).nullish();

/**
 * A message status callback's form fields (the `url` given when sending), or an incoming
 * message's (a number's `message_url`: `Text` or `Body`, no `Status`). Plivo posts
 * `application/x-www-form-urlencoded`; a raw event holds the form as a JSON object of its fields
 * (each a string), as the gateway receives it. Times are `YYYY-mm-dd HH:MM:SS.SSSSSS`.
 */
export const PlivoCallback = z
  .object({
    MessageUUID: id,
    Status: field.optional(),
    ErrorCode: code,
    Type: field.optional(),
    From: field.optional(),
    To: field.optional(),
    ParentMessageUUID: id.optional(),
    PartInfo: field.optional(),
    MessageTime: field.optional(),
    QueuedTime: field.optional(),
    SentTime: field.optional(),
    DeliveryReportTime: field.optional(),
    Text: field.optional(),
    Body: field.optional(),
    MediaCount: field.optional(),
  })
  .loose();
export type PlivoCallback = z.infer<typeof PlivoCallback>;

/**
 * The answer of `GET /v1/Account/{auth_id}/Message/{message_uuid}/`, the message's detail record
 * (MDR), in snake case. Times carry an offset (`2024-08-21 18:28:51.94772+05:30`);
 * `message_updated_time` is when its state last changed, in newer answers only.
 */
export const PlivoMessageDetails = z
  .object({
    message_uuid: id,
    message_state: field,
    message_direction: field.nullish(),
    message_type: field.nullish(),
    error_code: code,
    error_message: field.nullish(),
    message_time: field.nullish(),
    message_updated_time: field.nullish(),
    from_number: field.nullish(),
    to_number: field.nullish(),
  })
  .loose();
export type PlivoMessageDetails = z.infer<typeof PlivoMessageDetails>;

/** An API error answer (401, 404, 429, ...): `{api_id, error}`, `error` usually a sentence. */
export const PlivoApiError = z.object({ api_id: field.optional(), error: z.unknown() }).loose();
