import { answer, fakeApi, listen, type FakeApi } from './fakeApiServer.js';

/** One recipient of a message the stand-in knows, as `to[]` of Telnyx's message record has it. */
export interface TelnyxRecipientStatus {
  readonly phone_number: string;
  readonly status: string;
  readonly updated_at?: string;
}

/** A message the stand-in knows: its recipients (several for a group MMS), type and errors. */
export interface TelnyxFakeMessage {
  readonly to: ReadonlyArray<TelnyxRecipientStatus>;
  readonly type?: 'SMS' | 'MMS' | 'RCS';
  readonly errors?: ReadonlyArray<{ readonly code: string; readonly title: string; readonly detail?: string }>;
}

// Telnyx's API error codes and words, as its error reference gives them.
const errors = {
  authentication: {
    code: '10009',
    title: 'Authentication failed',
    detail: 'The required authentication headers were either invalid or not included in the request.',
  },
  notFound: { code: '10005', title: 'Resource not found', detail: 'The requested resource or URL could not be found.' },
  tooManyRequests: { code: '10011', title: 'Too many requests', detail: 'You have exceeded the maximum number of allowed requests.' },
} as const;

/**
 * Telnyx's retrieve-a-message call as its documentation describes it: `GET /v2/messages/{id}` with
 * the API key as Bearer (else 401, error 10009), an unknown id answered 404 (10005), and requests
 * closer than `quotaIntervalMs` (one a second by default) answered 429 (10011) without a time in
 * the body. A known message is answered `{data: {record_type: "message", ...}}` with its `to[]`.
 */
export async function startFakeTelnyxApi(options: {
  readonly apiKey: string;
  readonly messages: ReadonlyMap<string, TelnyxFakeMessage>;
  readonly quotaIntervalMs?: number;
}): Promise<FakeApi> {
  const requests: FakeApi['requests'] = [];
  let lastAllowed: number | undefined;
  const server = await listen((request, _body, response) => {
    const at = performance.now();
    const match = /^\/v2\/messages\/([^/?]+)$/.exec(request.url ?? '');
    if (request.method !== 'GET' || match === null) return answer(response, 404, { errors: [errors.notFound] });
    const id = decodeURIComponent(match[1]!);
    const authorization = request.headers.authorization ?? '';
    requests.push({ at, key: authorization.replace(/^Bearer\s+/i, ''), ids: [id] });
    if (authorization !== `Bearer ${options.apiKey}`) return answer(response, 401, { errors: [errors.authentication] });
    if (lastAllowed !== undefined && at - lastAllowed < (options.quotaIntervalMs ?? 1_000)) {
      return answer(response, 429, { errors: [errors.tooManyRequests] });
    }
    lastAllowed = at;
    const message = options.messages.get(id);
    if (message === undefined) return answer(response, 404, { errors: [errors.notFound] });
    const finished = message.to.every(({ status }) => !['queued', 'sending', 'sent', 'scheduled'].includes(status));
    return answer(response, 200, {
      data: {
        record_type: 'message',
        id,
        direction: 'outbound',
        type: message.type ?? 'SMS',
        from: { phone_number: '+18445550001', carrier: 'Telnyx', line_type: 'VoIP' },
        to: message.to,
        cc: [],
        errors: message.errors ?? [],
        received_at: '2026-01-05T09:00:00.000+00:00',
        completed_at: finished ? '2026-01-05T09:00:05.000+00:00' : null,
      },
    });
  });
  return fakeApi(server, requests);
}
