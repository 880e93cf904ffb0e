import { randomUUID } from 'node:crypto';
import { answer, fakeApi, listen, type FakeApi } from './fakeApiServer.js';

/** What the stand-in knows of a message: its detail record's state, and its error when it failed. */
export interface PlivoMessage {
  readonly state: string;
  readonly type?: string;
  readonly errorCode?: string;
}

/**
 * Plivo's message detail record API, `GET /v1/Account/{auth_id}/Message/{message_uuid}/`, as its
 * documentation and SDKs describe it: HTTP Basic with the auth id of the path and its auth token
 * (else 401 `{"error": "authentication credentials were not provided"}`, plivo-php's mock), 404
 * `{api_id, error: "not found"}` for a UUID it does not know, and the account's limit of 300 API
 * requests per 5 seconds (`quota`, smaller in tests) answered 429.
 */
export async function startFakePlivoApi(options: {
  readonly authId: string;
  readonly authToken: string;
  readonly messages: ReadonlyMap<string, PlivoMessage>;
  readonly quota?: { readonly requests: number; readonly windowMs: number };
}): Promise<FakeApi> {
  const requests: FakeApi['requests'] = [];
  const { requests: allowed, windowMs } = options.quota ?? { requests: 300, windowMs: 5_000 };
  let window = { startedAt: -Infinity, count: 0 };
  const expected = `Basic ${Buffer.from(`${options.authId}:${options.authToken}`).toString('base64')}`;
  // Plivo's times carry an offset; one time for every record keeps repeated answers the same.
  const recordedAt = new Date().toISOString().replace('T', ' ').replace('Z', '+00:00');
  const server = await listen((request, _body, response) => {
    const at = performance.now();
    const match = /^\/v1\/Account\/([^/]+)\/Message\/([^/?]+)\/$/.exec(request.url ?? '');
    if (request.method !== 'GET' || match === null) return answer(response, 404, { api_id: randomUUID(), error: 'not found' });
    const [authId, uuid] = [decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)];
    requests.push({ at, key: authId, ids: [uuid] });
    if (authId !== options.authId || request.headers.authorization !== expected) {
      return answer(response, 401, { error: 'authentication credentials were not provided' });
    }
    // Plivo counts the requests of an account in windows of 5 seconds.
    if (at - window.startedAt >= windowMs) window = { startedAt: at, count: 0 };
    if (++window.count > allowed) return answer(response, 429, { api_id: randomUUID(), error: 'too many requests' });
    const message = options.messages.get(uuid);
    if (message === undefined) return answer(response, 404, { api_id: randomUUID(), error: 'not found' });
    return answer(response, 200, {
      api_id: randomUUID(),
      error_code: message.errorCode ?? null,
      error_message: '',
      from_number: '14155550100',
      message_direction: 'outbound',
      message_state: message.state,
      message_time: recordedAt,
      message_type: message.type ?? 'sms',
      message_uuid: uuid,
      resource_uri: `/v1/Account/${authId}/Message/${uuid}/`,
      to_number: '14155550123',
      total_amount: '0.00500',
      total_rate: '0.00500',
      units: 1,
      message_updated_time: recordedAt,
    });
  });
  return fakeApi(server, requests);
}
