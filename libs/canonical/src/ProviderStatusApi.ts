/** A message the poller asks a provider about, as the state topic knows it. */
export interface PolledMessage {
  readonly providerMessageId: string;
  /** The provider account it was sent from, when a payload named it (8x8's sub-account). */
  readonly account: string | null;
  /** The channel of each attempt, null where unknown. */
  readonly channels: ReadonlyArray<string | null>;
}

/** One request to a provider's status API. */
export interface StatusRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What a provider's JSON answer means: publish it as a raw event, or hold the lane back and ask again. */
export type StatusAnswer = { readonly _tag: 'Publish' } | { readonly _tag: 'QuotaExceeded'; readonly retryAfterMs: number };

/** One setting of a status API, read from `POLLER_<PROVIDER>_<NAME>` (`POLLER_8X8_API_KEY`). */
export interface StatusApiSetting {
  readonly name: string;
  readonly description: string;
  /** Redacted: never logged. */
  readonly secret?: boolean;
  /** The API is polled once every required setting is set (and refused with only some of them). */
  readonly required?: boolean;
  readonly default?: string;
}

/** The settings as the poller read them: every name with a value or a default. */
export type StatusApiSettings = Readonly<Record<string, string>>;

/**
 * How to ask a provider about the status of its messages, for the reconciliation poller: the
 * requests, the pacing its quota needs, and what its answers mean. Pure: the poller sends the
 * requests, paces them and publishes the answers to the raw topic, where the provider's normalizer
 * reads them like any raw event.
 */
export interface ProviderStatusApi {
  readonly settings: ReadonlyArray<StatusApiSetting>;
  /** Messages asked about in one request, at most. */
  readonly batchSize: (settings: StatusApiSettings) => number;
  /**
   * The lane of a message, or null when it cannot be asked about (no account to ask). Requests of
   * one lane go one at a time, each `minIntervalMs` after the previous answer came back: a
   * provider counts requests as they arrive, and a request arrives before its answer leaves, so
   * spacing from answers keeps a quota whatever the network does.
   */
  readonly laneOf: (message: PolledMessage, settings: StatusApiSettings) => string | null;
  readonly minIntervalMs: (settings: StatusApiSettings) => number;
  /** The request for messages of one lane (at most `batchSize`). */
  readonly request: (lane: string, messages: ReadonlyArray<PolledMessage>, settings: StatusApiSettings) => StatusRequest;
  /** What a JSON answer that is no server error means. */
  readonly readAnswer: (httpStatus: number, json: unknown) => StatusAnswer;
}

/** The environment variable of a status-API setting: `POLLER_<PROVIDER>_<NAME>`. */
export const statusApiVariable = (provider: string, name: string): string => `POLLER_${provider.replace(/\W/g, '_').toUpperCase()}_${name}`;
