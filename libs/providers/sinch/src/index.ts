/**
 * Sinch SMS delivery reports as canonical observations: `sinch`, registered in
 * `@msgstatus/provider-registry`, reads signed `per_recipient` callbacks and the recipient
 * delivery report API's answers, one batch recipient each. Sinch's field names stay in here.
 */
export { sinch } from './sinch.js';
