import { z } from 'zod';

const field = z.string().max(2_000);

/**
 * A status callback's form fields, or an incoming message's. Twilio posts
 * `application/x-www-form-urlencoded`; a raw event holds the form as a JSON object of its fields
 * (each a string), as the gateway receives it. The status is `MessageStatus`, or in older
 * callbacks and incoming messages only the deprecated `SmsStatus`.
 */
export const TwilioCallback = z
  .object({
    MessageSid: z.string().min(1).max(64),
    MessageStatus: field.optional(),
    SmsStatus: field.optional(),
    ErrorCode: field.optional(),
    ErrorMessage: field.optional(),
    To: field.optional(),
    From: field.optional(),
    AccountSid: field.optional(),
    ChannelPrefix: field.optional().describe('The channel of WhatsApp, RCS and Messenger callbacks (`whatsapp`), beside `ChannelToAddress`'),
    ChannelToAddress: field.optional(),
  })
  .loose();
