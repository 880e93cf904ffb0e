import type { Observation } from './Observation.js';
import type { ZodType } from 'zod';
import type { ProviderStatusApi } from './ProviderStatusApi.js';
import type { ProviderWebhook } from './ProviderWebhook.js';
import type { Source } from './Source.js';

/** A raw provider event on its way in: the envelope, already read, and where it came from. */
export interface RawEvent {
  readonly provider: string;
  /** ISO-8601 UTC with milliseconds. */
  readonly receivedAt: string;
  readonly payload: unknown;
  readonly source: Source;
  /** The query string of the URL the provider called (without `?`), when the callback's URL had one. */
  readonly callbackQuery?: string;
}

/** What one item of a raw payload turned out to be. */
export type NormalizedItem =
  | { readonly _tag: 'Observed'; readonly observation: Observation }
  | {
      readonly _tag: 'Ignored';
      readonly reason: string;
      /** What kind of event it was, in the provider's words where it has some (`template_status_update`): ignored events are counted by it. */
      readonly eventType: string;
    }
  | { readonly _tag: 'Invalid'; readonly reason: string; readonly messageId: string | null };

export const observed = (observation: Observation): NormalizedItem => ({ _tag: 'Observed', observation });
export const ignored = (reason: string, eventType: string): NormalizedItem => ({ _tag: 'Ignored', reason, eventType });
export const invalid = (reason: string, messageId: string | null = null): NormalizedItem => ({
  _tag: 'Invalid',
  reason,
  messageId,
});

/** How long after a message's last change a receipt may still come, on one channel or on any. */
export interface ReceiptWindow {
  /** The channel in canonical spelling (`SMS`, `WhatsApp`), or `*` for any other and for none. */
  readonly channel: string;
  readonly ms: number;
  /** Where the figure comes from: the provider's documented validity period or retry limit. */
  readonly source: string;
}

/** What a provider's receipts promise: whether it falls back after a failure, and how long receipts may trail. */
export interface ProviderReceipts {
  /** Whether a failure may be followed by another attempt on another channel (8x8 Chat Apps, AlphaSMS cascades). */
  readonly fallback: boolean;
  /** The default receipt windows; one has channel `*`. */
  readonly windows: ReadonlyArray<ReceiptWindow>;
}

/**
 * The one interface every provider implements: a raw event in, the observations it reports out,
 * with everything it does not map said as Ignored or Invalid, never dropped. Must not throw.
 */
export interface ProviderNormalizer {
  /** The provider id of envelopes and of `messageId` (`8x8`, `chuanglan`, ...). */
  readonly provider: string;
  readonly displayName: string;
  /**
   * What keys this provider's raw records, and so which of its raw events keep their order:
   * `message` (the default) keys by the provider message id, so one message's events stay in one
   * partition; `provider` keys every record by the provider id, one partition in all, for
   * providers whose answers list many messages in varying company (a message's events would
   * otherwise land in different partitions and lose their order).
   */
  readonly rawRecordKey?: 'message' | 'provider';
  /** The payloads its raw topic holds, as the provider sends them: documented in docs/asyncapi.json. */
  readonly rawPayload: ZodType;
  /** How its status callbacks arrive over HTTP, for the webhook gateway; none for polled providers. */
  readonly webhook?: ProviderWebhook;
  /** How its status API is asked about stuck messages, for the poller; none for providers without one. */
  readonly statusApi?: ProviderStatusApi;
  /** Its fallback and default receipt windows (docs/contract.md section 3, "Final"). */
  readonly receipts: ProviderReceipts;
  normalize(event: RawEvent): ReadonlyArray<NormalizedItem>;
}
