import type { PolledMessage, ProviderStatusApi, StatusApiSettings, StatusRequest } from '@msgstatus/canonical';
import * as Effect from 'effect/Effect';
import type { Pacer } from './Pacer.js';

/** What a status API said: a payload for the raw topic, or why to ask again later. */
export type PollAnswer =
  | { readonly _tag: 'Answered'; readonly payload: unknown; readonly httpStatus: number }
  | { readonly _tag: 'RetryLater'; readonly reason: string };

const requestTimeoutMs = 10_000;
const quotaRetries = 3;

/** A JSON answer, or why there is none (network, timeout, 5xx, not JSON): those are not published. */
const fetchJson = (request: StatusRequest) =>
  Effect.tryPromise({
    try: async () => {
      const { method, url, headers, body } = request;
      const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(requestTimeoutMs) });
      return { status: response.status, text: await response.text() };
    },
    catch: (error) => `request failed: ${(error as Error).message}`,
  }).pipe(
    Effect.flatMap(({ status, text }) => {
      if (status >= 500) return Effect.fail(`HTTP ${status}`);
      try {
        return Effect.succeed({ status, json: JSON.parse(text) as unknown });
      } catch {
        return Effect.fail(`HTTP ${status} with a body that is not JSON`);
      }
    }),
  );

/**
 * Asks a provider's status API about messages of one lane, paced as the provider's quota needs:
 * one request of the lane at a time, each after the previous answer plus the pacer's interval. A
 * quota answer holds the lane back for the time it names and asks again (3 times at most).
 */
export const askStatusApi = (
  api: ProviderStatusApi,
  settings: StatusApiSettings,
  lane: string,
  messages: ReadonlyArray<PolledMessage>,
  pacer: Pacer,
  /** Told of each quota answer (429 or the provider's own words), before it is asked again. */
  onQuotaAnswer: () => void = () => undefined,
): Effect.Effect<PollAnswer> =>
  Effect.gen(function* () {
    const request = api.request(lane, messages, settings);
    for (let attempt = 1; attempt <= quotaRetries; attempt++) {
      const answer = yield* pacer.paced(
        lane,
        Effect.either(fetchJson(request)).pipe(
          Effect.tap((answer) => {
            if (answer._tag === 'Left') return Effect.void;
            const reading = api.readAnswer(answer.right.status, answer.right.json);
            if (reading._tag !== 'QuotaExceeded') return Effect.void;
            onQuotaAnswer();
            return pacer.holdBack(lane, reading.retryAfterMs);
          }),
        ),
      );
      if (answer._tag === 'Left') return { _tag: 'RetryLater', reason: answer.left } as const;
      if (api.readAnswer(answer.right.status, answer.right.json)._tag === 'Publish') {
        return { _tag: 'Answered', payload: answer.right.json, httpStatus: answer.right.status } as const;
      }
    }
    return { _tag: 'RetryLater', reason: `quota exceeded ${quotaRetries} times in a row` } as const;
  });
