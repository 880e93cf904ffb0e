import type { PolledMessage, ProviderStatusApi } from '@msgstatus/canonical';

/** The logs endpoint of each channel's API; WhatsApp's API has none. */
export const logsPaths = { sms: '/sms/3/logs', viber: '/viber/2/logs', rcs: '/rcs/2/logs', mms: '/mms/2/logs' } as const;
type Lane = keyof typeof logsPaths;

// A Map: a channel such as `constructor` must not find Object.prototype's.
const laneOfChannel: ReadonlyMap<string, Lane> = new Map([
  ['sms', 'sms'],
  ['viber', 'viber'],
  ['rcs', 'rcs'],
  ['mms', 'mms'],
]);

/** Infobip documents `messageId` as comma-separated ids of at most 2048 characters in all. */
const maxMessageIdsLength = 2048;

/** The ids of one request, as many as fit: those left out stay stuck and are asked again later. */
function idsThatFit(messages: ReadonlyArray<PolledMessage>): string[] {
  const ids: string[] = [];
  let length = -1;
  for (const { providerMessageId } of messages) {
    const id = encodeURIComponent(providerMessageId);
    if (ids.length > 0 && length + 1 + id.length > maxMessageIdsLength) break;
    ids.push(id);
    length += 1 + id.length;
  }
  return ids;
}

/**
 * Infobip's logs, `GET <base>/<channel>/<version>/logs?messageId=a,b,...`, with `Authorization:
 * App <key>`: the endpoint of the channel a message was first sent on (the API that knows it; a
 * failover's later channel is reported by it), SMS when no report named a channel. Logs are kept 48
 * hours; each endpoint allows 120 requests a minute, so each is its own lane, and a 429 holds it
 * back a whole minute. The pulled `/reports` are not used: each report is returned only once, so
 * asking would take it from whoever else pulls them.
 */
export const infobipStatusApi: ProviderStatusApi = {
  settings: [
    { name: 'API_KEY', description: 'Infobip API key (redacted); Infobip is polled once it and BASE_URL are set', secret: true, required: true },
    { name: 'BASE_URL', description: "The account's base URL (`https://<your-base>.api.infobip.com`, shown in Infobip's web interface)", required: true },
    { name: 'BATCH_SIZE', description: 'Message ids asked about in one request (within the 2048 characters Infobip takes)', default: '40' },
    { name: 'MIN_INTERVAL_MS', description: "Least time from an answer to the endpoint's next request (Infobip allows 120 a minute)", default: '1000' },
  ],
  batchSize: (settings) => Number(settings['BATCH_SIZE']),
  laneOf: (message) => {
    const channel = message.channels.find((each) => each !== null) ?? 'SMS';
    return laneOfChannel.get(channel.toLowerCase()) ?? null;
  },
  minIntervalMs: (settings) => Number(settings['MIN_INTERVAL_MS']),
  request: (lane, messages, settings) => ({
    method: 'GET',
    // limit: the most logs an answer holds (50 by default), so every log of the ids asked fits.
    url: `${settings['BASE_URL']!.replace(/\/+$/, '')}${logsPaths[lane as Lane]}?messageId=${idsThatFit(messages).join(',')}&limit=1000`,
    headers: { authorization: `App ${settings['API_KEY']}`, accept: 'application/json' },
  }),
  // Infobip's 429 names no wait and readAnswer sees no Retry-After: a whole quota minute surely passes.
  readAnswer: (httpStatus) => (httpStatus === 429 ? { _tag: 'QuotaExceeded', retryAfterMs: 60_000 } : { _tag: 'Publish' }),
};
