/**
 * Meta's WhatsApp Cloud API status webhooks as canonical observations. One normalizer,
 * `metaWhatsApp`, registered in `@msgstatus/provider-registry`; Meta's types stay in here.
 */
export { metaWhatsApp } from './metaWhatsApp.js';

