/**
 * Telnyx Messaging (API v2): zod schemas of its status webhooks and message-retrieve answers, and
 * `telnyx`, their normalizer to canonical observations, with the Ed25519 webhook check and the
 * helpers that sign as Telnyx does (for tests and demos). Telnyx's field names stay in here.
 */
export { telnyx } from './telnyx.js';
export { telnyxKeyPair, telnyxSignature, telnyxWebhook } from './telnyxWebhook.js';
