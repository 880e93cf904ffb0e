import type { ProviderStatusApi } from '@msgstatus/canonical';
import { telnyxIdOf } from './recipientMessageId.js';

// A 429 names no time in its body (Telnyx puts it in `x-ratelimit-reset`, a header the poller does
// not hand over), so the lane is held back long enough for a window of seconds to pass.
const quotaHoldMs = 10_000;

/**
 * Telnyx's retrieve-a-message call, `GET /v2/messages/{id}` with the API key as Bearer: one
 * message a request (a group MMS member is asked about by its message's id, and the answer tells
 * every recipient), one lane, since the key's rate limit is the account's. Telnyx keeps messages
 * there for 10 days only; older ones are answered 404. Every answer but a 429 is published: the
 * normalizer reads the record, or dead-letters the error with Telnyx's words.
 */
export const telnyxStatusApi: ProviderStatusApi = {
  settings: [
    { name: 'API_KEY', description: 'Telnyx API key (redacted), sent as Bearer; Telnyx is polled once it is set', secret: true, required: true },
    { name: 'BASE_URL', description: "Telnyx's API", default: 'https://api.telnyx.com' },
    {
      name: 'MIN_INTERVAL_MS',
      description: 'Least time from an answer to the next request (Telnyx publishes no figure, only x-ratelimit-* headers: one a second by default)',
      default: '1000',
    },
  ],
  batchSize: () => 1,
  laneOf: () => 'telnyx',
  minIntervalMs: (settings) => Number(settings['MIN_INTERVAL_MS']),
  request: (_lane, [message], settings) => ({
    method: 'GET',
    url: `${settings['BASE_URL']!.replace(/\/$/, '')}/v2/messages/${encodeURIComponent(telnyxIdOf(message!.providerMessageId))}`,
    headers: { authorization: `Bearer ${settings['API_KEY']}`, accept: 'application/json' },
  }),
  readAnswer: (httpStatus) => (httpStatus === 429 ? { _tag: 'QuotaExceeded', retryAfterMs: quotaHoldMs } : { _tag: 'Publish' }),
};
