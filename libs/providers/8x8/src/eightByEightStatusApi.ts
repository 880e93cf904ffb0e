import type { PolledMessage, ProviderStatusApi, StatusApiSettings } from '@msgstatus/canonical';

/** 8x8's quota answer: "Quota exceeded. Please try again in N second(s)." */
export function retryAfterSeconds(payload: unknown): number | null {
  const message = (payload as { message?: unknown } | null)?.message;
  const seconds = typeof message === 'string' ? /try again in (\d+) second/i.exec(message)?.[1] : undefined;
  return seconds === undefined ? null : Number(seconds);
}

/** A message every attempt of which was SMS was sent through the SMS API; any other through Chat Apps. */
const sentAsSms = (message: PolledMessage) => message.channels.every((channel) => channel === null || channel === 'SMS');

/**
 * 8x8's two message-details APIs, `GET /api/v1/subaccounts/{subAccountId}/messages/{umid}`: the
 * SMS API's (a flat answer) for messages sent only as SMS, Chat Apps' (one record per fallback
 * step) for the others. One message a request; each sub-account is its own lane, paced at 8x8's
 * quota of one request a second; its sub-account comes from the message's own payloads, else from
 * `SUBACCOUNT_ID`. A 429 holds the sub-account back for the seconds it names.
 */
export const eightByEightStatusApi: ProviderStatusApi = {
  settings: [
    { name: 'API_KEY', description: '8x8 API key (redacted); 8x8 is polled once it is set', secret: true, required: true },
    { name: 'SUBACCOUNT_ID', description: 'The sub-account of messages whose payloads named none' },
    { name: 'BASE_URL', description: "8x8's Chat Apps API", default: 'https://chatapps.8x8.com' },
    { name: 'SMS_BASE_URL', description: "8x8's SMS API", default: 'https://sms.8x8.com' },
    { name: 'MIN_INTERVAL_MS', description: "Least time from an answer to the sub-account's next request (8x8 allows 1/s)", default: '1000' },
  ],
  batchSize: () => 1,
  laneOf: (message: PolledMessage, settings: StatusApiSettings) => message.account ?? settings['SUBACCOUNT_ID'] ?? null,
  minIntervalMs: (settings) => Number(settings['MIN_INTERVAL_MS']),
  request: (subAccountId, [message], settings) => {
    const base = (sentAsSms(message!) ? settings['SMS_BASE_URL']! : settings['BASE_URL']!).replace(/\/$/, '');
    return {
      method: 'GET',
      url: `${base}/api/v1/subaccounts/${encodeURIComponent(subAccountId)}/messages/${encodeURIComponent(message!.providerMessageId)}`,
      headers: { authorization: `Bearer ${settings['API_KEY']}`, accept: 'application/json' },
    };
  },
  readAnswer: (httpStatus, json) => (httpStatus === 429 ? { _tag: 'QuotaExceeded', retryAfterMs: (retryAfterSeconds(json) ?? 1) * 1_000 } : { _tag: 'Publish' }),
};
