import { maxClientRefLength } from '@msgstatus/canonical';
import { z } from 'zod';

/** The sender's own id of the message (8x8 documents up to 350 characters; the canonical limit is 512). */
const clientMessageId = z.string().max(maxClientRefLength).nullish();

/** 8x8's universal status object (seed 000). `errorCode` is an integer; `0` comes with successes. */
export const StatusObject = z.looseObject({
  state: z.string(),
  detail: z.string().nullish(),
  timestamp: z.string(),
  errorCode: z.number().int().nullish(),
  errorMessage: z.string().nullish(),
});
export type StatusObject = z.infer<typeof StatusObject>;

const messageId = z.string().min(1).max(200);
/** A sub-account id: the poller asks 8x8 under it, so it must fit the canonical `account`. */
const accountId = z.string().min(1).max(200);

/** One record of the Chat Apps message-details response (seed 001): one per channel attempted. */
export const MessageDetailsRecord = z.looseObject({
  umid: messageId,
  subAccountId: accountId.optional(),
  channel: z.string(),
  channelId: z.string().optional(),
  direction: z.string(),
  country: z.string().nullish(),
  status: StatusObject,
  user: z.looseObject({ msisdn: z.string().nullish(), channelUserId: z.string().nullish() }).nullish(),
  contentType: z.string().optional(),
  createdAt: z.string().optional(),
  clientMessageId: clientMessageId,
  clientBatchId: z.string().nullish(),
  batchId: z.string().nullish(),
  step: z.number().int().positive(),
});
export type MessageDetailsRecord = z.infer<typeof MessageDetailsRecord>;

export const MessageDetailsResponse = z.looseObject({ data: z.array(z.unknown()).max(1000) });

/**
 * The SMS API's message-details answer (`GET /api/v1/subaccounts/{subAccountId}/messages/{umid}`
 * of 8x8's SMS API): one flat object, no `data` and no `step`.
 */
export const SmsMessageDetails = z.looseObject({
  umid: messageId,
  subAccountId: accountId.optional(),
  direction: z.string(),
  country: z.string().nullish(),
  status: StatusObject,
  msisdn: z.string().nullish(),
  source: z.string().nullish(),
  createdAt: z.string().optional(),
  smsCount: z.number().int().nullish(),
  clientMessageId: clientMessageId,
});

/**
 * A WhatsApp Business Management webhook (template, account and phone-number updates): posted to
 * the same kind of URL, without `namespace`, about the account rather than a message.
 */
export const BusinessManagementEvent = z.looseObject({
  eventId: z.string().optional(),
  timestamp: z.string().optional(),
  provider: z.string().optional(),
  eventType: z.string(),
  eventDetails: z.unknown(),
});

/**
 * A LINE inbound message in its flat, version-1 form (8x8's LINE usage samples): the message's
 * fields at the top, `eventType` `inboundMessage`, no `namespace` and no `payload`.
 */
export const FlatInboundMessage = z.looseObject({
  version: z.number().optional(),
  eventType: z.string(),
  channel: z.string().optional(),
  umid: z.string().optional(),
  subAccountId: z.string().optional(),
  timestamp: z.string().optional(),
  type: z.string().optional(),
  content: z.unknown(),
});

/**
 * An SMS Engage survey response: the recipient's answers to a survey sent by SMS, posted without
 * `namespace` or `eventType`.
 */
export const SmsEngageResponse = z.looseObject({
  umid: z.string(),
  surveyId: z.string(),
  surveyStartedAt: z.string().nullish(),
  surveySubmittedAt: z.string().nullish(),
  templateVariables: z.array(z.unknown()).nullish(),
  answers: z.array(z.unknown()).nullish(),
});

/** Any 8x8 webhook: the envelope of every event type posted to the same URL. */
export const Webhook = z.looseObject({
  version: z.number().optional(),
  namespace: z.string(),
  eventType: z.string(),
  description: z.string().optional(),
  payload: z.unknown(),
});

/** The ids every delivery receipt carries. */
const receiptIdentity = {
  umid: messageId,
  batchId: z.string().nullish(),
  clientMessageId: clientMessageId,
  clientBatchId: z.string().nullish(),
  subAccountId: accountId.optional(),
};

/** The `payload` of an SMS delivery receipt. */
export const SmsReceipt = z.looseObject({
  ...receiptIdentity,
  source: z.string().nullish(),
  destination: z.string().nullish(),
  status: StatusObject,
  price: z.looseObject({ total: z.number(), perSms: z.number(), currency: z.string() }).nullish(),
  smsCount: z.number().int().nullish(),
});

/** The `payload` of a Chat Apps delivery receipt. No `step`: fallback shows as another channel. */
export const ChatAppsReceipt = z.looseObject({
  ...receiptIdentity,
  channel: z.string(),
  user: z.looseObject({ msisdn: z.string().nullish(), channelUserId: z.string().nullish() }).nullish(),
  status: StatusObject,
  whatsapp: z
    .looseObject({ providerErrorCode: z.union([z.string(), z.number()]).nullish(), pricingCategory: z.string().nullish() })
    .nullish(),
});

/** An API error response: it reports no status. */
export const ApiError = z.looseObject({
  code: z.number().int(),
  message: z.string().nullish(),
  errorId: z.string().nullish(),
  timestamp: z.string().nullish(),
});
