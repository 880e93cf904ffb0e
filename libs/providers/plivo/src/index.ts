/**
 * Plivo Messaging (SMS, MMS, WhatsApp): `plivo`, the normalizer of its status callbacks and of its
 * message detail records to canonical observations, registered in `@msgstatus/provider-registry`,
 * with its status API and the V3 signature its callbacks carry. Plivo's field names stay in here.
 */
export { plivo } from './plivo.js';
export { plivoWebhook, plivoSignatureV3, plivoSignedText } from './plivoWebhook.js';
