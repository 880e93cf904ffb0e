import {
  ignored,
  invalid,
  makeObservation,
  observed,
  providerIdText,
  quoted,
  providerText,
  schemaProblem,
  wordKey,
  type NormalizedItem,
  type ProviderNormalizer,
  type RawEvent,
} from '@msgstatus/canonical';
import type { Status } from '@msgstatus/status-machine';
import { StatusAnswer, StatusItem } from './alphaSmsSchemas.js';
import { alphaSmsStatusApi } from './alphaSmsStatusApi.js';

const day = 86_400_000;

const provider = 'alphasms';

/** All 17 AlphaSMS status words, as providers.md maps them; `null`: no status information. */
export const alphaSmsStatuses: Readonly<Record<string, Status | null>> = {
  queued: 'queued',
  routing: 'queued',
  accepted: 'sent',
  delivered: 'delivered',
  'partially delivered': 'undelivered',
  read: 'read',
  replied: 'read',
  expired: 'undelivered',
  undeliverable: 'undelivered',
  'sim full': 'undelivered',
  rejected: 'rejected',
  filtered: 'rejected',
  'invalid destination address': 'rejected',
  'invalid source address': 'rejected',
  deleted: 'failed',
  'no route': 'failed',
  unknown: null,
};

const succeeded = (success: boolean | number): boolean => success === true || success === 1;

function statusItem(event: RawEvent, value: unknown, index: number): NormalizedItem {
  const item = StatusItem.safeParse(value);
  if (!item.success) return invalid(`AlphaSMS status item: ${schemaProblem(item.error, `data.${index}`)}`);
  const { data, error } = item.data;
  const id = data == null ? null : providerIdText(data.id);
  const messageId = id === null ? null : `${provider}:${id}`;
  if (!succeeded(item.data.success)) {
    return invalid(`AlphaSMS could not report message ${id ?? '(no id)'}: ${providerText(error ?? 'no error text')}`, messageId);
  }
  if (data == null || id === null) return invalid(`AlphaSMS status item ${index} names no usable message id`);
  if (data.status == null) return invalid(`AlphaSMS status item for message ${id} has no status`, messageId);
  const key = wordKey(data.status);
  if (!Object.hasOwn(alphaSmsStatuses, key)) return invalid(`unmapped AlphaSMS status ${quoted(data.status)}`, messageId);
  const state = alphaSmsStatuses[key]!;
  if (state === null) return ignored(`AlphaSMS status ${quoted(data.status)} carries no status information`, `status ${key}`);
  return observed(
    makeObservation(event, {
      providerMessageId: id,
      // AlphaSMS messages are identified by the sender's own id: it is the sender's reference too.
      clientRef: id,
      state,
      detail: null,
      attempt: null,
      // In a cascade (rcs+viber+sms) the type names the channel: another type is the fallback.
      channel: data.type ?? null,
      // AlphaSMS gives no status time: the receipt time stands in (makeObservation's default).
      providerTime: null,
      error: null,
      providerStatus: data.status,
    }),
  );
}

/**
 * AlphaSMS: answers of the `/api/json.php` status call, one item per message asked about. Items are
 * keyed by the id in the answer, never by the id asked for (the docs' example differs).
 */
export const alphaSms: ProviderNormalizer = {
  provider,
  displayName: 'AlphaSMS',
  receipts: {
    // A failure may be followed by another channel's attempt.
    fallback: true,
    windows: [
      { channel: 'SMS', ms: 3 * day, source: "AlphaSMS's sms_lifetime is at most 3 days (2 by default)" },
      { channel: 'Viber', ms: 2 * day, source: "AlphaSMS's viber_lifetime defaults to 2 days" },
      { channel: 'RCS', ms: 2 * day, source: "AlphaSMS's rcs_lifetime defaults to 2 days" },
      { channel: '*', ms: 3 * day, source: 'the longest lifetime of its channels' },
    ],
  },
  rawPayload: StatusAnswer.describe("An answer of the /api/json.php status call"),
  // A status answer lists the ids that were asked, in whatever company: see rawRecordKey.
  rawRecordKey: 'provider',
  statusApi: alphaSmsStatusApi,
  normalize(event) {
    const answer = StatusAnswer.safeParse(event.payload);
    if (!answer.success) return [invalid(`not an AlphaSMS status answer: ${schemaProblem(answer.error)}`)];
    const { success, error, data } = answer.data;
    if (!succeeded(success)) return [invalid(`AlphaSMS error response: ${providerText(error ?? 'no error text')}`)];
    if (data == null || data.length === 0) return [ignored('AlphaSMS status answer with no items', 'empty answer')];
    return data.map((item, index) => statusItem(event, item, index));
  },
};
