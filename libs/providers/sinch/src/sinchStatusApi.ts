import type { ProviderStatusApi } from '@msgstatus/canonical';
import { sinchMessageParts } from './sinchMessageId.js';

/**
 * Sinch's recipient delivery report, `GET /xms/v1/{service_plan_id}/batches/{batch_id}/delivery_report/{recipient_msisdn}`:
 * one message a request, answered like a `per_recipient` callback. The service plan is one lane:
 * Sinch answers 429 to too many outstanding requests, and the lane keeps one outstanding at a
 * time; a 429 holds it back a second (the back-off base of Sinch's SDKs) and asks again. Every
 * other answer is published, errors included, for the ingestor to dead-letter with their reason.
 */
export const sinchStatusApi: ProviderStatusApi = {
  settings: [
    { name: 'SERVICE_PLAN_ID', description: 'The service plan the messages were sent with (Sinch dashboard: SMS, APIs page)', required: true },
    { name: 'API_TOKEN', description: "The service plan's API token (redacted), as Bearer; Sinch is polled once both are set", secret: true, required: true },
    {
      name: 'BASE_URL',
      description: "Sinch's SMS API in the service plan's region (US unless Sinch set up another): https://{us,eu,au,br,ca}.sms.api.sinch.com",
      default: 'https://us.sms.api.sinch.com',
    },
    {
      name: 'MIN_INTERVAL_MS',
      description: 'Least time from an answer to the next request (Sinch documents no request rate for delivery reports; a margin of ours)',
      default: '1000',
    },
  ],
  batchSize: () => 1,
  // Only our `<batch_id>/<recipient>` ids can be asked about.
  laneOf: (message, settings) => (sinchMessageParts(message.providerMessageId) === null ? null : (settings['SERVICE_PLAN_ID'] ?? null)),
  minIntervalMs: (settings) => Number(settings['MIN_INTERVAL_MS']),
  request: (servicePlanId, [message], settings) => {
    // laneOf gave this message a lane, so its id splits.
    const { batchId, recipient } = sinchMessageParts(message!.providerMessageId)!;
    const base = settings['BASE_URL']!.replace(/\/$/, '');
    return {
      method: 'GET',
      url: `${base}/xms/v1/${encodeURIComponent(servicePlanId)}/batches/${encodeURIComponent(batchId)}/delivery_report/${recipient}`,
      headers: { authorization: `Bearer ${settings['API_TOKEN']}`, accept: 'application/json' },
    };
  },
  readAnswer: (httpStatus) => (httpStatus === 429 ? { _tag: 'QuotaExceeded', retryAfterMs: 1_000 } : { _tag: 'Publish' }),
};
