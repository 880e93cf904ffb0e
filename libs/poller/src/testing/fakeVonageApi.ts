import type { IncomingMessage, ServerResponse } from 'node:http';
import { fakeApi, listen, type FakeApi } from './fakeApiServer.js';

/** A message as Vonage's Reports API has it. */
export interface VonageRecord {
  readonly status: string;
  readonly errorCode?: string;
  /** When it reached its status (ISO-8601); absent while it is not final. */
  readonly dateFinalized?: string;
  /** The channel of a Messages API message (`whatsapp`, `sms`, ...). */
  readonly provider?: string;
  readonly clientRef?: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const answer = (response: ServerResponse, status: number, body: unknown) =>
  response.writeHead(status, { 'content-type': status < 300 ? 'application/json' : 'application/problem+json' }).end(JSON.stringify(body));

const instance = '00000000000000000000000000000000';
const problem = (title: string, detail: string, type?: string) => ({ ...(type === undefined ? {} : { type }), title, detail, instance });

/** One record in the fields of the Reports API's SMS or Messages outbound records. */
function recordOf(accountId: string, id: string, record: VonageRecord): Record<string, unknown> {
  const common = {
    account_id: accountId,
    message_id: id,
    client_ref: record.clientRef ?? null,
    direction: 'outbound',
    from: 'Vonage APIs',
    to: '447700900000',
    country: 'GB',
    country_name: 'United Kingdom',
    date_received: '2026-11-23T10:00:00+0000',
    date_finalized: record.dateFinalized ?? null,
    latency: '1366',
    status: record.status,
    error_code: record.errorCode ?? '0',
    currency: 'EUR',
    total_price: '0.03330000',
  };
  const description = record.errorCode === undefined || record.errorCode === '0' ? 'Delivered' : 'Unknown';
  return uuid.test(id)
    ? { ...common, provider: record.provider ?? 'sms' }
    : { ...common, network: '23410', network_name: 'Telefonica UK Limited', error_code_description: description };
}

/**
 * Vonage's Reports API, `GET /v2/reports/records`, as its documentation describes it: HTTP Basic
 * with the API key and secret (else 401), an `account_id` the key may read (its own or a listed
 * sub-account, else 403), `product` SMS or MESSAGES and `direction` (else 422), records asked by
 * `id` (comma-separated; the unknown ones in `ids_not_found`), and the synchronous API's quota of
 * 10 requests a second per key, answered 429 `rate-limit`.
 */
export async function startFakeVonageApi(options: {
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Sub-accounts the key may ask about besides its own. */
  readonly subAccountIds?: ReadonlyArray<string>;
  /** Per message id (SMS API ids, Messages API UUIDs), its record. */
  readonly messages: ReadonlyMap<string, VonageRecord>;
  readonly requestsPerSecond?: number;
}): Promise<FakeApi> {
  const requests: FakeApi['requests'] = [];
  const allowed: number[] = [];
  const credentials = `Basic ${Buffer.from(`${options.apiKey}:${options.apiSecret}`).toString('base64')}`;
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const at = performance.now();
    const target = new URL(request.url ?? '/', 'http://fake');
    if (request.method !== 'GET' || target.pathname !== '/v2/reports/records') return answer(response, 404, problem('Not Found', 'No such resource'));
    const accountId = target.searchParams.get('account_id') ?? '';
    const product = target.searchParams.get('product') ?? '';
    const ids = (target.searchParams.get('id') ?? '').split(',').filter(Boolean);
    requests.push({ at, key: accountId, ids, api: product });
    if (request.headers.authorization !== credentials) {
      return answer(response, 401, problem('Unauthorized', 'You did not provide correct credentials.', 'https://developer.vonage.com/api-errors#unauthorized'));
    }
    if (accountId !== options.apiKey && !(options.subAccountIds ?? []).includes(accountId)) {
      return answer(response, 403, problem('Forbidden', 'User not authorized to query the requested data'));
    }
    const missing = ['product', 'direction'].find((name) => !target.searchParams.has(name));
    if (missing !== undefined || (product !== 'SMS' && product !== 'MESSAGES')) {
      return answer(response, 422, {
        title: 'Unprocessable entity',
        invalid_parameters: [{ reason: missing === undefined ? 'Invalid product' : 'Missing required parameter', name: missing ?? 'product' }],
        instance,
      });
    }
    while (allowed.length > 0 && at - allowed[0]! >= 1_000) allowed.shift();
    if (allowed.length >= (options.requestsPerSecond ?? 10)) {
      return answer(response, 429, problem('Too Many Requests', 'The request was rate limited.', 'https://developer.vonage.com/api-errors/reports#rate-limit'));
    }
    allowed.push(at);
    const found = ids.filter((id) => options.messages.has(id) && uuid.test(id) === (product === 'MESSAGES'));
    const notFound = ids.filter((id) => !found.includes(id));
    return answer(response, 200, {
      _links: { self: { href: `https://api.nexmo.com${target.pathname}${target.search}` } },
      request_id: '00000000-0000-0000-0000-000000000000',
      request_status: 'SUCCESS',
      id: ids.join(','),
      received_at: new Date().toISOString().replace(/\.\d{3}Z$/, '+0000'),
      price: 0,
      currency: 'EUR',
      account_id: accountId,
      product,
      direction: target.searchParams.get('direction'),
      include_message: false,
      items_count: found.length,
      records: found.map((id) => recordOf(accountId, id, options.messages.get(id)!)),
      ...(notFound.length === 0 ? {} : { ids_not_found: notFound.join(',') }),
    });
  };
  return fakeApi(await listen((request, _body, response) => handle(request, response)), requests);
}
