import { answer, fakeApi, listen, type FakeApi } from './fakeApiServer.js';

/** One recipient's status in a batch, as the stand-in reports it. */
export interface SinchRecipientStatus {
  readonly status: string;
  readonly code: number;
  /** ISO-8601: when Sinch made the report. */
  readonly at: string;
  readonly clientReference?: string;
}

/** Sinch's error body, `{code, text}`; the texts are its HTTP status documentation's. */
const errors = {
  unauthorized: { code: 'unauthorized', text: 'Authentication token is invalid for this service plan.' },
  notFound: { code: 'not_found', text: 'The batch ID is not known to the system or the recipient is not a target of this batch.' },
  tooManyRequests: { code: 'too_many_requests', text: 'The user or path has too many outstanding requests.' },
} as const;

/**
 * Sinch SMS's recipient delivery report, `GET /xms/v1/{service_plan_id}/batches/{batch_id}/delivery_report/{recipient_msisdn}`,
 * as its documentation describes it: the service plan's Bearer token (else 401), a report per
 * batch and recipient (else 404), and 429 for a request of the service plan that comes sooner
 * than `quotaIntervalMs` after the previous one it took (Sinch documents 429 for too many
 * outstanding requests and no rate, so none by default: the interval stands in for one). `reports` are keyed
 * `<batch_id>/<recipient>`, the recipient without `+`, as the provider's message ids are.
 */
export async function startFakeSinchApi(options: {
  readonly servicePlanId: string;
  readonly apiToken: string;
  readonly reports: ReadonlyMap<string, SinchRecipientStatus>;
  readonly quotaIntervalMs?: number;
}): Promise<FakeApi> {
  const requests: FakeApi['requests'] = [];
  let lastAllowed: number | undefined;
  const server = await listen((request, _body, response) => {
    const at = performance.now();
    const match = /^\/xms\/v1\/([^/]+)\/batches\/([^/]+)\/delivery_report\/([^/?]+)$/.exec(request.url ?? '');
    if (request.method !== 'GET' || match === null) return answer(response, 404, errors.notFound);
    const [servicePlanId, batchId, recipient] = match.slice(1).map((part) => decodeURIComponent(part).replace(/^\+/, '')) as [string, string, string];
    const id = `${batchId}/${recipient}`;
    requests.push({ at, key: servicePlanId, ids: [id] });
    if (servicePlanId !== options.servicePlanId || request.headers.authorization !== `Bearer ${options.apiToken}`) {
      return answer(response, 401, errors.unauthorized);
    }
    if (lastAllowed !== undefined && at - lastAllowed < (options.quotaIntervalMs ?? 0)) return answer(response, 429, errors.tooManyRequests);
    lastAllowed = at;
    const report = options.reports.get(id);
    if (report === undefined) return answer(response, 404, errors.notFound);
    return answer(response, 200, {
      type: 'recipient_delivery_report_sms',
      batch_id: batchId,
      recipient,
      code: report.code,
      status: report.status,
      at: report.at,
      ...(report.clientReference === undefined ? {} : { client_reference: report.clientReference }),
    });
  });
  return fakeApi(server, requests);
}
