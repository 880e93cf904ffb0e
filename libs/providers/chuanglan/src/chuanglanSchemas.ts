import { z } from 'zod';

/** Any Chuanglan WhatsApp webhook event: `{id, type, eventTime, body}` (seed 002). */
export const ChuanglanEvent = z.looseObject({
  id: z.string().nullish().describe('Event id: reused across events in the docs, so never used to dedupe'),
  type: z.string(),
  eventTime: z.string().nullish(),
  body: z.unknown(),
});

/** The body of `whatsapp_message_status_updated`. */
export const StatusBody = z.looseObject({
  id: z.union([z.string(), z.number()]).describe('The message id the customer got when sending: 18 digits, a string'),
  accountName: z.string().nullish(),
  wabaId: z.string().nullish(),
  wamid: z.string().nullish(),
  status: z.string(),
  sendPhone: z.string().nullish(),
  uid: z.string().nullish(),
  conversation: z
    .looseObject({ id: z.string().nullish(), initiateType: z.string().nullish(), expireAt: z.string().nullish() })
    .nullish(),
  errorData: z.looseObject({ errorCode: z.union([z.string(), z.number()]), errorMessage: z.string().nullish() }).nullish(),
  currency: z.string().nullish(),
});
