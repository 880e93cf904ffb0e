/**
 * Chuanglan (253) International WhatsApp: zod schemas of its webhook events and `chuanglan`, the
 * normalizer of `whatsapp_message_status_updated` to canonical observations.
 */
export { chuanglan } from './chuanglan.js';
