import { maxClientRefLength } from '@msgstatus/canonical';
import { z } from 'zod';

/** Infobip's message id: a string; a number is read as its digits. */
const messageId = z.union([z.string(), z.number()]);
/** Infobip's times, `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (`+0000`), read with parseProviderTime. */
const time = z.string().nullish();
const text = z.string().nullish();

/** The sender's own data of the message (Infobip takes up to 4000 characters; the canonical limit is 512). */
const callbackData = z.string().max(maxClientRefLength).nullish();

/** The status object of reports and logs: its group decides, its name details. */
export const StatusObject = z.looseObject({
  groupId: z.number().int().nullish(),
  groupName: text,
  id: z.number().int().nullish(),
  name: text,
  description: text,
  action: text,
});

/** The error object; id 0 (`NO_ERROR`, group `OK`) is no error. */
export const ErrorObject = z.looseObject({
  groupId: z.number().int().nullish(),
  groupName: text,
  id: z.union([z.number().int(), z.string()]).nullish(),
  name: text,
  description: text,
  permanent: z.boolean().nullish(),
});

/** Fields every channel's reports may carry besides their status. */
const reportFields = {
  messageId,
  bulkId: text,
  // Messages API and OMNI failover reports, and RCS reports of a failover, name the channel.
  channel: text,
  // Messages API reports name their kind: DELIVERY, SEEN.
  event: text,
  callbackData,
  to: text,
  from: text,
  sender: text,
  destination: text,
  sentAt: time,
};

/**
 * A delivery report (SMS, MMS, Viber, WhatsApp, RCS, Messages API, OMNI failover webhooks and the
 * `/reports` answers) or a log (`/logs` answers): one message's status.
 */
export const DeliveryReport = z.looseObject({
  ...reportFields,
  status: StatusObject,
  error: ErrorObject.nullish(),
  doneAt: time,
  messageCount: z.number().int().nullish(),
  smsCount: z.number().int().nullish(),
  mccMnc: z.union([z.string(), z.number()]).nullish(),
  price: z.looseObject({ pricePerMessage: z.number().nullish(), currency: text }).nullish(),
  platform: z.looseObject({ entityId: text, applicationId: text }).nullish(),
});
export type DeliveryReport = z.infer<typeof DeliveryReport>;

/** A seen report (WhatsApp, Viber, RCS, Messages API, OMNI failover, which spells `sentAt` `sendAt`): the message was read. */
export const SeenReport = z.looseObject({
  ...reportFields,
  seenAt: z.string(),
  sendAt: time,
  applicationId: text,
  entityId: text,
});
export type SeenReport = z.infer<typeof SeenReport>;

/**
 * Every body with `results[]`: delivery and seen reports, logs, inbound messages and events, up to
 * 2000 items (the largest `maxBucketSize` of a subscription; logs answer at most 1000).
 */
export const Reports = z.looseObject({
  results: z.array(z.unknown()).max(2000),
  messageCount: z.number().int().nullish(),
  pendingMessageCount: z.number().int().nullish(),
  cursor: z.unknown().optional(),
});

/** An API error answer, as the current endpoints give it. */
export const ApiError = z.looseObject({
  errorCode: z.string(),
  description: text,
  action: text,
  violations: z.array(z.unknown()).nullish(),
  resources: z.array(z.unknown()).nullish(),
});

/** An API error answer of the older endpoints (`/sms/1`, `/mms/1`). */
export const LegacyApiError = z.looseObject({
  requestError: z.looseObject({ serviceException: z.looseObject({ messageId: text, text }) }),
});

/** WhatsApp's notifications about a user rather than a message: identity change, marketing opt-out, payment. */
export const WhatsAppNotification = z.looseObject({
  from: text,
  content: z.looseObject({ type: text, paymentId: text, notificationMessagesStatus: text }),
  createdAt: time,
});

/** WhatsApp's template update events: status, category and quality changes of a template. */
export const WhatsAppTemplateUpdate = z.looseObject({
  messageTemplateId: z.union([z.string(), z.number()]),
  messageTemplateName: text,
  timestamp: time,
  change: z.looseObject({ type: z.string() }),
});

/** RCS's template update events. */
export const RcsTemplateUpdate = z.looseObject({ name: text, templateStatus: z.string(), comment: text, updatedAt: time });

/** RCS's capability check results: whether a number can receive RCS. */
export const RcsCapabilityCheck = z.looseObject({ capabilityCheckResult: z.looseObject({ messageId: text, code: text }) });

/** SMS and MMS URL tracking notifications: a link in a message was clicked. */
export const UrlTracking = z.looseObject({ notificationType: z.string(), messageId: text, url: text });
