/**
 * Infobip (SMS, MMS, Viber, WhatsApp, RCS, Messages API): zod schemas of the reports, logs and
 * other bodies Infobip sends us, and `infobip`, their normalizer to canonical observations, with
 * its webhook check and its logs API for the poller. Raw Infobip types stay in here.
 */
export { infobip } from './infobip.js';
