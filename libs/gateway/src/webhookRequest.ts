import { isUtf8 } from 'node:buffer';
import { maxRawEventBytes, rawRecordOf, type ProviderNormalizer, type RecordToSend, type Topics, type WebhookRequest } from '@msgstatus/canonical';
import { rawRecordKey } from '@msgstatus/provider-registry';

/** A provider whose callbacks the gateway takes: its webhook and its configured secrets. */
export interface WebhookRoute {
  readonly normalizer: ProviderNormalizer & { readonly webhook: NonNullable<ProviderNormalizer['webhook']> };
  readonly secrets: Readonly<Record<string, string>>;
  /** The secrets as they were before a rotation (`_PREVIOUS`), accepted beside the current ones; null when nothing rotates. */
  readonly previousSecrets?: Readonly<Record<string, string>> | null;
}

/** Which of a provider's secret sets a callback was signed with: an operator retires the previous one once nothing uses it. */
export type SecretMatched = 'current' | 'previous';

/** What to answer: the record to publish first (then 200), or an HTTP error and why. */
export type WebhookVerdict =
  | { readonly ok: true; readonly record: RecordToSend; readonly secret: SecretMatched }
  | { readonly ok: false; readonly status: 400 | 401 | 413 | 415; readonly error: string };

/** Five minutes, as Standard Webhooks and Telnyx's SDKs allow. */
export const defaultSignatureToleranceMs = 300_000;

/** What the gateway's clock and settings say about signed times. */
export interface SignedTimeCheck {
  readonly nowMs: number;
  readonly toleranceMs: number;
}

/** The secret set a callback is authentic under, current first, or why it is under none (the current set's reason). */
export function authenticated(route: WebhookRoute, request: WebhookRequest): { readonly secret: SecretMatched } | { readonly error: string } {
  const { webhook } = route.normalizer;
  const unauthentic = webhook.authenticate(request, route.secrets);
  if (unauthentic === null) return { secret: 'current' };
  if (route.previousSecrets != null && webhook.authenticate(request, route.previousSecrets) === null) return { secret: 'previous' };
  return { error: unauthentic };
}

/** Why a signed time is refused, or null: unreadable, or further from our clock than the tolerance (a replay, or a clock that drifted). */
function signedTimeProblem(route: WebhookRoute, request: WebhookRequest, check: SignedTimeCheck): string | null {
  const signedAt = route.normalizer.webhook.signedAt?.(request);
  if (signedAt === undefined) return null;
  if (typeof signedAt === 'string') return `its signed time cannot be read: ${signedAt}`;
  // A time no Date can hold (a signed iat of 10^13 seconds) is no time at all.
  if (!Number.isFinite(signedAt) || Math.abs(signedAt) > 8.64e15) return `its signed time ${signedAt} ms is no instant`;
  const offsetSeconds = Math.round((signedAt - check.nowMs) / 1_000);
  if (Math.abs(signedAt - check.nowMs) <= check.toleranceMs) return null;
  return `signed at ${new Date(signedAt).toISOString()}, ${Math.abs(offsetSeconds)} s ${offsetSeconds < 0 ? 'ago' : 'ahead'}, outside the tolerance of ${check.toleranceMs / 1_000} s: a replayed callback, or a clock off`;
}

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
export function webhookVerdict(
  route: WebhookRoute,
  request: WebhookRequest,
  names: Topics,
  receivedAt: string,
  options: { readonly maxBodyBytes?: number; readonly signedTime?: SignedTimeCheck } = {},
): WebhookVerdict {
  const { webhook, provider } = route.normalizer;
  const maxBodyBytes = options.maxBodyBytes ?? maxRawEventBytes;
  if (request.body.length > maxBodyBytes) return refuse(413, `body of ${request.body.length} bytes is over the limit of ${maxBodyBytes}`);
  const authentic = authenticated(route, request);
  if ('error' in authentic) return refuse(401, `not a callback of ${provider}: ${authentic.error}`);
  const stale = signedTimeProblem(route, request, options.signedTime ?? { nowMs: new Date(receivedAt).getTime(), toleranceMs: defaultSignatureToleranceMs });
  if (stale !== null) return refuse(401, `not taken from ${provider}: ${stale}`);
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
  return { ok: true, record: format === 'json' ? { ...record, value: request.body } : record, secret: authentic.secret };
}
