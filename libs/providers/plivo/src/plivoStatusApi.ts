import type { ProviderStatusApi } from '@msgstatus/canonical';

/** Plivo counts API requests in windows of 5 seconds: after a 429, the next window is at most that far. */
export const quotaWindowMs = 5_000;

/**
 * Plivo's message detail record, `GET /v1/Account/{auth_id}/Message/{message_uuid}/` with HTTP
 * Basic auth (auth id and auth token): one message a request, one lane for the account. Plivo
 * allows an account 300 API requests per 5 seconds, its sends included, and answers 429 beyond;
 * the poller's floor of one request a second leaves nearly all of it to the sends. Every other
 * answer is published: a 401 or a 404 is dead-lettered by the ingestor with Plivo's reason.
 */
export const plivoStatusApi: ProviderStatusApi = {
  settings: [
    { name: 'AUTH_ID', description: 'Plivo Auth ID of the account that sent the messages; Plivo is polled once it and AUTH_TOKEN are set', required: true },
    { name: 'AUTH_TOKEN', description: 'Plivo Auth Token of that account (redacted)', secret: true, required: true },
    { name: 'BASE_URL', description: "Plivo's API", default: 'https://api.plivo.com' },
    {
      name: 'MIN_INTERVAL_MS',
      description: 'Least time from an answer to the next request (Plivo allows an account 300 requests per 5 s, sends included)',
      default: '1000',
    },
  ],
  batchSize: () => 1,
  laneOf: (_message, settings) => settings['AUTH_ID'] ?? null,
  minIntervalMs: (settings) => Number(settings['MIN_INTERVAL_MS']),
  request: (authId, [message], settings) => ({
    method: 'GET',
    url: `${settings['BASE_URL']!.replace(/\/$/, '')}/v1/Account/${encodeURIComponent(authId)}/Message/${encodeURIComponent(message!.providerMessageId)}/`,
    headers: { authorization: `Basic ${Buffer.from(`${authId}:${settings['AUTH_TOKEN']}`).toString('base64')}`, accept: 'application/json' },
  }),
  readAnswer: (httpStatus) => (httpStatus === 429 ? { _tag: 'QuotaExceeded', retryAfterMs: quotaWindowMs } : { _tag: 'Publish' }),
};
