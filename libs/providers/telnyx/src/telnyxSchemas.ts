import { z } from 'zod';

const text = z.string().max(2_000);
const time = z.string().max(64);

/** One of `errors[]`: Telnyx's code (a string of digits), title and detail; `source.pointer` may name the recipient (`/to/0/phone_number`). */
export const TelnyxError = z.looseObject({
  code: z.union([z.string().max(64), z.number()]),
  title: text.nullish(),
  detail: text.nullish(),
  source: z.looseObject({ pointer: z.string().max(200).nullish() }).nullish(),
});
export type TelnyxError = z.infer<typeof TelnyxError>;

/** One of `to[]`: a recipient and the message's status for it (`updated_at` in retrieve answers). */
export const TelnyxRecipient = z.looseObject({
  phone_number: z.string().min(1).max(64).nullish(),
  status: z.string().max(200),
  carrier: text.nullish(),
  line_type: text.nullish(),
  updated_at: time.nullish(),
});

/**
 * A message record, as webhooks carry it in `data.payload` and the retrieve answer in `data`.
 * Recipients are read one by one (a broken one is invalid alone); `cc` only tells a group message.
 */
export const TelnyxMessage = z.looseObject({
  id: z.union([z.string(), z.number()]).describe('The message id, a UUID'),
  record_type: z.string().max(64).optional(),
  direction: z.string().max(64).nullish(),
  type: z.string().max(64).nullish().describe('SMS, MMS or RCS'),
  to: z.array(z.unknown()).max(1_000),
  cc: z.array(z.unknown()).max(1_000).nullish(),
  errors: z.array(TelnyxError).max(100).nullish(),
  webhook_url: z.string().max(4_000).nullish(),
  received_at: time.nullish(),
  sent_at: time.nullish(),
  completed_at: time.nullish(),
  updated_at: time.nullish(),
});
export type TelnyxMessage = z.infer<typeof TelnyxMessage>;

/** An API v2 webhook: `data` is the event, `meta` its delivery (`meta.attempt` counts webhook retries, not channel attempts). */
export const TelnyxWebhookEvent = z.looseObject({
  data: z.looseObject({
    record_type: z.string().max(64).optional(),
    id: z.string().max(200).optional(),
    event_type: z.string().max(200),
    occurred_at: time.describe('When the event happened, ISO-8601 with an offset'),
    payload: z.unknown(),
  }),
  meta: z.looseObject({ attempt: z.number().int().optional(), delivered_to: z.string().optional() }).optional(),
});

/** The replaced-link-click webhook: `data` is the click itself, with no `event_type`. */
export const TelnyxLinkClick = z.looseObject({
  data: z.looseObject({
    record_type: z.literal('link_clicked'),
    message_id: z.string().max(200).optional(),
    url: text.optional(),
    time_clicked: time.optional(),
  }),
});

/** The answer of `GET /v2/messages/{id}`: the message record in `data`. */
export const TelnyxMessageAnswer = z.looseObject({ data: TelnyxMessage });

/** An API error answer (401, 404, 429, ...): `{errors: [{code, title, detail}]}`. */
export const TelnyxApiError = z.looseObject({ errors: z.array(TelnyxError).min(1).max(100) });
