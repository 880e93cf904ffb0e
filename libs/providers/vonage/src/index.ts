/**
 * Vonage's SMS API delivery receipts, Messages API status webhooks and Reports API answers as
 * canonical observations. One normalizer, `vonage`, registered in `@msgstatus/provider-registry`,
 * and the signatures of Vonage's callbacks (for tests and demos that sign as Vonage does); Vonage's
 * field names stay in here.
 */
export { vonage } from './vonage.js';
export { messagesJwt, messagesJwtClaims, signedSmsFields, smsSignature } from './vonageWebhook.js';
export type { SmsSignatureMethod } from './vonageWebhook.js';
