import type { ProviderStatusApi } from '@msgstatus/canonical';

/** AlphaSMS ids are the customer's own, numbers in its documentation: sent as numbers when they are. */
const alphaSmsId = (id: string): string | number => (/^[1-9]\d{0,14}$/.test(id) ? Number(id) : id);

/**
 * AlphaSMS's status call, `POST /api/json.php` with `{auth, data: [{type: "status", id}]}`: many
 * ids a request, one lane (AlphaSMS documents no quota); every answer is published, `Access
 * denied` included, for the ingestor to dead-letter with its reason.
 */
export const alphaSmsStatusApi: ProviderStatusApi = {
  settings: [
    { name: 'API_KEY', description: 'AlphaSMS API key (redacted); AlphaSMS is polled once it is set', secret: true, required: true },
    { name: 'BASE_URL', description: "AlphaSMS's API (required with the key)", required: true },
    { name: 'BATCH_SIZE', description: 'Ids asked for in one status call', default: '100' },
  ],
  batchSize: (settings) => Number(settings['BATCH_SIZE']),
  laneOf: () => 'alphasms',
  minIntervalMs: () => 0,
  request: (_lane, messages, settings) => ({
    method: 'POST',
    url: `${settings['BASE_URL']!.replace(/\/$/, '')}/api/json.php`,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ auth: settings['API_KEY'], data: messages.map((message) => ({ type: 'status', id: alphaSmsId(message.providerMessageId) })) }),
  }),
  readAnswer: () => ({ _tag: 'Publish' }),
};
