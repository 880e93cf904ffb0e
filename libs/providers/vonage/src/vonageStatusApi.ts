import type { PolledMessage, ProviderStatusApi, StatusApiSettings } from '@msgstatus/canonical';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Reports API product of a message: Messages API ids are UUIDs, SMS API ids (`0B00000127FDBC63`) are not. */
export const reportsProductOf = (providerMessageId: string): 'MESSAGES' | 'SMS' => (uuid.test(providerMessageId) ? 'MESSAGES' : 'SMS');

/**
 * Vonage's Reports API, asked synchronously by id (`GET /v2/reports/records?id=`), the way Vonage
 * recommends to get the latest status of a message: HTTP Basic with the API key and secret, the
 * account a receipt named (its `api-key`), else the key's own. One message a request, so each
 * answer is keyed by its message like its webhooks; one lane, paced at one request a second (the
 * poller's floor; the synchronous API allows 10). A 429 holds it back a second. Vonage charges
 * each record it returns.
 */
export const vonageStatusApi: ProviderStatusApi = {
  settings: [
    { name: 'API_KEY', description: "Vonage API key: the account asked about where a message's receipts named none", required: true },
    { name: 'API_SECRET', description: 'Vonage API secret (redacted); Vonage is polled once the key and the secret are set', secret: true, required: true },
    { name: 'BASE_URL', description: "Vonage's Reports API", default: 'https://api.nexmo.com' },
    { name: 'MIN_INTERVAL_MS', description: 'Least time from an answer to the next request (the synchronous Reports API allows 10 a second)', default: '1000' },
  ],
  batchSize: () => 1,
  laneOf: () => 'vonage',
  minIntervalMs: (settings) => Number(settings['MIN_INTERVAL_MS']),
  request: (_lane, [message], settings: StatusApiSettings) => {
    const { providerMessageId, account } = message as PolledMessage;
    const query = new URLSearchParams({
      account_id: account ?? settings['API_KEY']!,
      product: reportsProductOf(providerMessageId),
      direction: 'outbound',
      id: providerMessageId,
    });
    const credentials = Buffer.from(`${settings['API_KEY']}:${settings['API_SECRET']}`).toString('base64');
    return {
      method: 'GET',
      url: `${settings['BASE_URL']!.replace(/\/$/, '')}/v2/reports/records?${query}`,
      headers: { authorization: `Basic ${credentials}`, accept: 'application/json' },
    };
  },
  readAnswer: (httpStatus) => (httpStatus === 429 ? { _tag: 'QuotaExceeded', retryAfterMs: 1_000 } : { _tag: 'Publish' }),
};
