import * as Effect from 'effect/Effect';
import * as Redacted from 'effect/Redacted';
import type { Pacer } from './Pacer.js';

/** What a status API said: a payload for the raw topic, or why to ask again later. */
export type PollAnswer =
  | { readonly _tag: 'Answered'; readonly payload: unknown; readonly httpStatus: number }
  | { readonly _tag: 'RetryLater'; readonly reason: string };

export interface EightByEightApi {
  readonly baseUrl: string;
  readonly apiKey: Redacted.Redacted<string>;
  readonly subAccountId: string;
}

export interface AlphaSmsApi {
  readonly baseUrl: string;
  readonly apiKey: Redacted.Redacted<string>;
}

const requestTimeoutMs = 10_000;

/** A JSON answer, or why there is none (network, timeout, 5xx, not JSON): those are not published. */
const fetchJson = (url: string, init: RequestInit) =>
  Effect.tryPromise({
    try: async () => {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(requestTimeoutMs) });
      const text = await response.text();
      return { status: response.status, text };
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

/** 8x8's quota answer: "Quota exceeded. Please try again in N second(s)." */
export function retryAfterSeconds(payload: unknown): number | null {
  const message = (payload as { message?: unknown } | null)?.message;
  const seconds = typeof message === 'string' ? /try again in (\d+) second/i.exec(message)?.[1] : undefined;
  return seconds === undefined ? null : Number(seconds);
}

/**
 * 8x8's message details (`GET /api/v1/subaccounts/{subAccountId}/messages/{umid}`), paced per
 * sub-account. A 429 holds the sub-account back for the seconds it names (1 when it names none)
 * and asks again, up to 3 times. Error answers other than the quota's are published: the
 * ingestor dead-letters them with their code, for operators to see.
 */
export const pollEightByEight = (api: EightByEightApi, umid: string, pacer: Pacer): Effect.Effect<PollAnswer> =>
  Effect.gen(function* () {
    const url = `${api.baseUrl}/api/v1/subaccounts/${encodeURIComponent(api.subAccountId)}/messages/${encodeURIComponent(umid)}`;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const request = fetchJson(url, { headers: { authorization: `Bearer ${Redacted.value(api.apiKey)}`, accept: 'application/json' } });
      const answer = yield* pacer.paced(
        api.subAccountId,
        Effect.tap(Effect.either(request), (answer) =>
          answer._tag === 'Right' && answer.right.status === 429 ? pacer.holdBack(api.subAccountId, (retryAfterSeconds(answer.right.json) ?? 1) * 1_000) : Effect.void,
        ),
      );
      if (answer._tag === 'Left') return { _tag: 'RetryLater', reason: answer.left } as const;
      if (answer.right.status !== 429) return { _tag: 'Answered', payload: answer.right.json, httpStatus: answer.right.status } as const;
    }
    return { _tag: 'RetryLater', reason: 'quota exceeded 3 times in a row' } as const;
  });

/** AlphaSMS ids are the customer's own, numbers in its documentation: sent as numbers when they are. */
const alphaSmsId = (id: string): string | number => (/^[1-9]\d{0,14}$/.test(id) ? Number(id) : id);

/** AlphaSMS's status call (`POST /api/json.php`) for a batch of ids; the whole answer is one raw event. */
export const pollAlphaSms = (api: AlphaSmsApi, ids: ReadonlyArray<string>): Effect.Effect<PollAnswer> =>
  fetchJson(`${api.baseUrl}/api/json.php`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ auth: Redacted.value(api.apiKey), data: ids.map((id) => ({ type: 'status', id: alphaSmsId(id) })) }),
  }).pipe(
    Effect.map(({ status, json }): PollAnswer => ({ _tag: 'Answered', payload: json, httpStatus: status })),
    Effect.catchAll((reason) => Effect.succeed<PollAnswer>({ _tag: 'RetryLater', reason })),
  );
