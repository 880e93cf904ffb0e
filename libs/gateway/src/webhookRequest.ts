import { isUtf8 } from 'node:buffer';
import { maxRawEventBytes, rawRecordOf, type ProviderNormalizer, type RecordToSend, type Topics, type WebhookRequest } from '@msgstatus/canonical';
import { rawRecordKey } from '@msgstatus/provider-registry';

/** A provider whose callbacks the gateway takes: its webhook and its configured secrets. */
export interface WebhookRoute {
  readonly normalizer: ProviderNormalizer & { readonly webhook: NonNullable<ProviderNormalizer['webhook']> };
  readonly secrets: Readonly<Record<string, string>>;
}

/** What to answer: the record to publish first (then 200), or an HTTP error and why. */
export type WebhookVerdict =
  | { readonly ok: true; readonly record: RecordToSend }
  | { readonly ok: false; readonly status: 400 | 401 | 413 | 415; readonly error: string };

const refuse = (status: 400 | 401 | 413 | 415, error: string): WebhookVerdict => ({ ok: false, status, error });

const mediaTypes = { json: 'application/json', form: 'application/x-www-form-urlencoded' } as const;

function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** The payload the raw topic holds: JSON as posted, a form as a JSON object of its fields. */
function payloadOf(format: 'json' | 'form', body: Buffer): { readonly payload: unknown } | { readonly error: string } {
  const text = body.toString('utf8');
  if (format === 'form') return { payload: Object.fromEntries(new URLSearchParams(text)) };
  try {
    return { payload: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `body is not JSON: ${(error as Error).message}` };
  }
}

/**
 * Decides on one status callback: authentic (checked on the exact bytes, before parsing), of the
 * provider's media type, within the size limit, readable; then its raw record, keyed as every raw
 * event of the provider. A callback that parses but is no status goes on: the ingestor dead-letters
 * it with the reason, where it can be inspected and replayed, instead of being lost in a 400.
 */
export function webhookVerdict(route: WebhookRoute, request: WebhookRequest, names: Topics, receivedAt: string, maxBodyBytes = maxRawEventBytes): WebhookVerdict {
  const { webhook, provider } = route.normalizer;
  if (request.body.length > maxBodyBytes) return refuse(413, `body of ${request.body.length} bytes is over the limit of ${maxBodyBytes}`);
  const unauthentic = webhook.authenticate(request, route.secrets);
  if (unauthentic !== null) return refuse(401, `not a callback of ${provider}: ${unauthentic}`);
  const mediaType = mediaTypeOf(request.headers['content-type']);
  const accepted = webhook.bodyFormat === 'json or form' ? (['json', 'form'] as const) : [webhook.bodyFormat];
  const format = accepted.find((candidate) => mediaTypes[candidate] === mediaType);
  if (format === undefined) return refuse(415, `${provider} callbacks are ${accepted.map((candidate) => mediaTypes[candidate]).join(' or ')}, not ${mediaType === '' ? 'untyped' : mediaType}`);
  if (!isUtf8(request.body)) return refuse(400, 'body is not UTF-8');
  const read = payloadOf(format, request.body);
  if ('error' in read) return refuse(400, read.error);
  // The query string goes with the event: senders put their own reference on a callback URL (Twilio's body has none).
  const query = request.url.indexOf('?');
  const callbackQuery = query === -1 || query === request.url.length - 1 ? undefined : request.url.slice(query + 1, query + 4001);
  const envelope = callbackQuery === undefined ? { provider, receivedAt, payload: read.payload } : { provider, receivedAt, payload: read.payload, callbackQuery };
  const record = rawRecordOf(envelope, names, rawRecordKey(envelope));
  // JSON is published byte for byte as the provider sent it: auditors compare it with their logs.
  return { ok: true, record: format === 'json' ? { ...record, value: request.body } : record };
}
