import { answer, fakeApi, listen, type FakeApi } from './fakeApiServer.js';

export type { FakeApi } from './fakeApiServer.js';

export interface EightByEightStatus {
  readonly state: string;
  readonly detail?: string;
  readonly timestamp: string;
  readonly errorCode?: number;
  readonly errorMessage?: string;
}

/**
 * 8x8's two message-details APIs as their documentation describes them: Bearer key (else 1200),
 * a sub-account of the account (else 1001), and a quota of one request a second per sub-account,
 * answered 429 "Quota exceeded. Please try again in 1 second(s)." The Chat Apps API (at `url`)
 * answers one record per channel attempt; the SMS API (at `smsUrl`) one flat object, or 1300
 * "Message not found." for a message that was not sent as SMS.
 */
export async function startFakeEightByEightApi(options: {
  readonly apiKey: string;
  readonly subAccountIds: ReadonlyArray<string>;
  /** Per umid, the status of each channel attempt (step 1, 2, ...). */
  readonly messages: ReadonlyMap<string, ReadonlyArray<EightByEightStatus & { readonly channel?: string }>>;
  readonly quotaIntervalMs?: number;
}): Promise<FakeApi & { readonly smsUrl: string }> {
  const requests: FakeApi['requests'] = [];
  const lastAllowed = new Map<string, number>();
  const error = (code: number, message: string) => ({ code, message, errorId: '00000000-0000-0000-0000-000000000000', timestamp: new Date().toISOString() });
  const server = await listen((request, _body, response) => {
    const at = performance.now();
    const match = /^(\/sms)?\/api\/v1\/subaccounts\/([^/]+)\/messages\/([^/?]+)$/.exec(request.url ?? '');
    if (request.method !== 'GET' || match === null) return answer(response, 404, error(404, 'Not found'));
    const [api, subAccountId, umid] = [match[1] === undefined ? 'chatapps' : 'sms', decodeURIComponent(match[2]!), decodeURIComponent(match[3]!)];
    requests.push({ at, key: subAccountId, ids: [umid], api });
    if (request.headers.authorization !== `Bearer ${options.apiKey}`) return answer(response, 401, error(1200, 'Not authenticated'));
    if (!options.subAccountIds.includes(subAccountId)) return answer(response, 403, error(1001, 'Sub-account is not yours'));
    const previous = lastAllowed.get(subAccountId);
    if (previous !== undefined && at - previous < (options.quotaIntervalMs ?? 1_000)) {
      return answer(response, 429, error(429, 'Quota exceeded. Please try again in 1 second(s).'));
    }
    lastAllowed.set(subAccountId, at);
    const attempts = options.messages.get(umid) ?? [];
    if (api === 'sms') {
      const [only] = attempts;
      if (attempts.length !== 1 || (only!.channel ?? 'SMS') !== 'SMS') return answer(response, 404, error(1300, 'Message not found.'));
      const { channel: _sms, ...status } = only!;
      return answer(response, 200, { umid, subAccountId, direction: 'outbound', country: 'SG', status, msisdn: '+65912345xxxx', smsCount: 1 });
    }
    const data = attempts.map(({ channel, ...status }, index) => ({
      umid,
      subAccountId,
      channel: channel ?? 'SMS',
      direction: 'outbound',
      status,
      user: { msisdn: '+65912345xxxx' },
      step: index + 1,
    }));
    return answer(response, 200, { data });
  });
  const api = fakeApi(server, requests);
  return { ...api, smsUrl: `${api.url}/sms` };
}

/**
 * AlphaSMS's `/api/json.php` status call: `{auth, data: [{type: "status", id}]}`; a wrong key is
 * answered HTTP 200 `{success: false, error: "Access denied"}`, an unknown id per item.
 */
export async function startFakeAlphaSmsApi(options: {
  readonly apiKey: string;
  readonly messages: ReadonlyMap<string, { readonly status: string; readonly type: string }>;
}): Promise<FakeApi> {
  const requests: FakeApi['requests'] = [];
  const server = await listen((request, body, response) => {
    if (request.method !== 'POST' || request.url !== '/api/json.php') return answer(response, 404, { success: false, error: 'Not found' });
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return answer(response, 200, { success: false, error: 'Invalid request' });
    const call = JSON.parse(body) as { auth?: string; data?: Array<{ type: string; id: string | number }> };
    const ids = (call.data ?? []).map((item) => String(item.id));
    requests.push({ at: performance.now(), key: call.auth ?? '', ids });
    if (call.auth !== options.apiKey) return answer(response, 200, { success: false, error: 'Access denied' });
    const data = ids.map((id) => {
      const message = options.messages.get(id);
      return message === undefined ? { success: false, error: 'Message not found' } : { success: true, data: { id: Number(id), type: message.type, status: message.status } };
    });
    return answer(response, 200, { success: true, data });
  });
  return fakeApi(server, requests);
}
