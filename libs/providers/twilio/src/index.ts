/**
 * Twilio's message status callbacks as canonical observations. One normalizer, `twilio`,
 * registered in `@msgstatus/provider-registry`; Twilio's field names stay in here.
 */
export { twilio } from './twilio.js';

