import type { IncomingMessage, ServerResponse } from 'node:http';
import { answer, fakeApi, listen, type FakeApi } from './fakeApiServer.js';

/** Infobip's logs endpoints, by the channel whose API each belongs to. */
const logsEndpoints: Readonly<Record<string, InfobipApi>> = { '/sms/3/logs': 'sms', '/viber/2/logs': 'viber', '/rcs/2/logs': 'rcs', '/mms/2/logs': 'mms' };
export type InfobipApi = 'sms' | 'viber' | 'rcs' | 'mms';

/** A status or error object of Infobip's. */
export interface InfobipCode {
  readonly groupId: number;
  readonly groupName: string;
  readonly id: number;
  readonly name: string;
  readonly description?: string;
}

/** One message as Infobip's logs know it. */
export interface InfobipLoggedMessage {
  /** The API it was sent through, whose logs endpoint answers for it: `sms` when absent. */
  readonly api?: InfobipApi;
  readonly status: InfobipCode;
  /** NO_ERROR when absent. */
  readonly error?: InfobipCode & { readonly permanent?: boolean };
  readonly sentAt: string;
  readonly doneAt?: string;
}

const noError = { groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: 'No Error', permanent: false };

/** Infobip's error body (`ApiError`), as its API reference gives it for each code. */
const apiError = (errorCode: string, description: string, action: string) => ({ errorCode, description, action, violations: [], resources: [] });
const unauthorized = apiError(
  'E401',
  'The request lacks valid authentication credentials for the requested resource.',
  'Check the resources and adjust authentication credentials.',
);
const tooManyRequests = apiError('E429', 'Too many requests sent.', 'Check request rate limit specified in the API endpoint documentation resource.');
const notFound = apiError('E404', 'The requested resource could not be found.', 'Check the request URL.');

/**
 * Infobip's logs endpoints (`GET /sms/3/logs`, `/viber/2/logs`, `/rcs/2/logs`, `/mms/2/logs`) as
 * their API reference describes them: `Authorization: App <key>` (else 401 `E401`), `messageId`
 * comma-separated (or repeated), `limit` 50 by default; each endpoint allows 120 requests a minute,
 * played as `quotaIntervalMs` (500) between allowed requests, else 429 `E429`. An answer lists the
 * logs of the ids asked that the endpoint knows, and no others: unknown ids are simply absent.
 */
export async function startFakeInfobipApi(options: {
  readonly apiKey: string;
  readonly messages: ReadonlyMap<string, InfobipLoggedMessage>;
  readonly quotaIntervalMs?: number;
}): Promise<FakeApi> {
  const requests: FakeApi['requests'] = [];
  const lastAllowed = new Map<InfobipApi, number>();
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const at = performance.now();
    const url = new URL(request.url ?? '/', 'http://fake.infobip');
    const api = logsEndpoints[url.pathname];
    if (request.method !== 'GET' || api === undefined) return answer(response, 404, notFound);
    const ids = url.searchParams.getAll('messageId').flatMap((value) => value.split(',')).filter((id) => id !== '');
    requests.push({ at, key: api, ids, api });
    if (request.headers.authorization !== `App ${options.apiKey}`) return answer(response, 401, unauthorized);
    const previous = lastAllowed.get(api);
    if (previous !== undefined && at - previous < (options.quotaIntervalMs ?? 500)) return answer(response, 429, tooManyRequests);
    lastAllowed.set(api, at);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), 1000);
    const results = ids.flatMap((messageId) => {
      const message = options.messages.get(messageId);
      if (message === undefined || (message.api ?? 'sms') !== api) return [];
      const { status, error, sentAt, doneAt } = message;
      return [{ destination: '41793026727', messageId, sentAt, ...(doneAt === undefined ? {} : { doneAt }), messageCount: 1, status, error: error ?? noError }];
    });
    return answer(response, 200, { results: results.slice(0, limit) });
  };
  return fakeApi(await listen((request, _body, response) => handle(request, response)), requests);
}
