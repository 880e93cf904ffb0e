import * as HttpIncomingMessage from '@effect/platform/HttpIncomingMessage';
import * as HttpRouter from '@effect/platform/HttpRouter';
import * as HttpServerRequest from '@effect/platform/HttpServerRequest';
import * as HttpServerResponse from '@effect/platform/HttpServerResponse';
import { providerIdPattern, type MessageState } from '@msgstatus/canonical';
import { partitionOf } from '@msgstatus/partitioning';
import type { Holding, StateStore } from '@msgstatus/state-store';
import * as Effect from 'effect/Effect';
import * as Option from 'effect/Option';
import { z } from 'zod';

/** How fresh an answer is: which copy of its partition gave it, and how far behind the state topic that copy was. */
export interface Freshness {
  readonly partition: number;
  /** `active`: the instance that processes the partition; `standby`: a warm copy (during a rebalance, or when the active does not answer). */
  readonly copy: 'active' | 'standby';
  /** Records of the partition the copy had not read yet, as of its last fetch. */
  readonly lagRecords: number;
  /** Whether the answer may be behind: a standby's, or one with records to read. */
  readonly stale: boolean;
  /** The instance that answered (its advertised URL). */
  readonly answeredBy: string;
}

/** One message's answer: what `GET /messages/{messageId}` returns, and each entry of a batch. */
export type LookupAnswer =
  | ({ readonly status: 200 } & MessageState & { readonly freshness: Freshness })
  | { readonly status: 404; readonly messageId: string; readonly error: string; readonly freshness: Freshness }
  | { readonly status: 503; readonly messageId: string; readonly error: string };

export interface LookupOptions {
  readonly store: StateStore;
  /** What this instance holds now (the projector's last assignment). */
  readonly holding: () => Holding;
  /** Partitions of the state topic: a message's is its key's, by the producers' partitioner. */
  readonly partitions: number;
  /** This instance's advertised URL: it never forwards to itself. */
  readonly endpoint: string;
  /** How long a forwarded lookup may take before the next holder is asked (default 2 s). */
  readonly forwardTimeoutMs?: number;
}

export const maxBatch = 1_000;
export const maxMessageIdLength = 600;
const maxBatchBytes = 256 * 1024;
/** Set on lookups one instance forwards to another: those are answered from the receiver's own copies, never forwarded again. */
export const forwardedHeader = 'x-msgstatus-forwarded';

const MessageId = z
  .string()
  .max(maxMessageIdLength)
  .refine((id) => {
    const colon = id.indexOf(':');
    return colon > 0 && colon < id.length - 1 && providerIdPattern.test(id.slice(0, colon)) && ![...id].some((character) => character.charCodeAt(0) < 0x20);
  }, 'a messageId: <provider>:<provider message id>');
const Batch = z.strictObject({ messageIds: z.array(MessageId).min(1).max(maxBatch) });

const json = (status: number, body: unknown) => HttpServerResponse.unsafeJson(body, { status });
const bodyOf = ({ status: _status, ...body }: LookupAnswer) => body;

/**
 * The lookup API (docs/openapi.json): `GET /messages/{messageId}`, `GET /messages?provider=&providerMessageId=`
 * and `POST /messages:batch`. Any instance answers for any message: it finds the message's partition
 * with the producers' partitioner, answers from its own copy when it processes that partition,
 * else forwards to the partition's active instance, then to its standbys, and at last answers from
 * a standby copy of its own, saying so (KIP-535's stale reads during a rebalance). Answers are
 * state records, never raw payloads. An instance that does not answer is skipped for 2 s.
 */
export const lookupRoutes = (options: LookupOptions) => {
  const { store, partitions, endpoint } = options;
  const forwardTimeoutMs = options.forwardTimeoutMs ?? 2_000;
  const downUntil = new Map<string, number>();

  const local = (messageId: string, partition: number): LookupAnswer | null => {
    const holding = options.holding();
    const held = store.get(partition, messageId);
    if (held === null) return null;
    const copy = holding.active.includes(partition) ? 'active' : 'standby';
    const lagRecords = store.lag(partition) ?? 0;
    const freshness: Freshness = { partition, copy, lagRecords, stale: copy === 'standby' || lagRecords > 0, answeredBy: endpoint };
    return held === undefined ? { status: 404, messageId, error: 'no message has this id', freshness } : { status: 200, ...held.state, freshness };
  };

  /** Asks `target` for these ids (one partition's, or several): null when it does not answer. */
  const forward = (target: string, messageIds: ReadonlyArray<string>) =>
    Effect.tryPromise(async () => {
      const response = await fetch(`${target.replace(/\/$/, '')}/messages:batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [forwardedHeader]: '1' },
        body: JSON.stringify({ messageIds }),
        signal: AbortSignal.timeout(forwardTimeoutMs),
      });
      if (response.status !== 200) return null;
      return ((await response.json()) as { results: LookupAnswer[] }).results;
    }).pipe(
      Effect.catchAll(() => Effect.succeed(null)),
      Effect.tap((results) => (results === null ? Effect.sync(() => downUntil.set(target, Date.now() + 2_000)) : Effect.void)),
    );

  /** The answers for `messageIds`, in their order, each from the freshest holder that answers. */
  const answerAll = (messageIds: ReadonlyArray<string>, forwarded: boolean) =>
    Effect.gen(function* () {
      const answers = new Map<string, LookupAnswer>();
      const byPartition = new Map<number, string[]>();
      for (const messageId of new Set(messageIds)) {
        const partition = partitionOf(messageId, partitions);
        byPartition.set(partition, [...(byPartition.get(partition) ?? []), messageId]);
      }
      const holding = options.holding();
      // Each partition's holders to ask, freshest first; its own copy answers at once when active.
      const pending = new Map<number, string[]>();
      for (const partition of byPartition.keys()) {
        if (holding.active.includes(partition) || forwarded) continue;
        const holders = holding.placement?.holders.find((entry) => entry.partition === partition);
        const remote = holders === undefined ? [] : [holders.active, ...holders.standbys].filter((target) => target !== endpoint && target !== '');
        if (remote.length > 0) pending.set(partition, remote);
      }
      while (pending.size > 0) {
        const now = Date.now();
        const byTarget = new Map<string, number[]>();
        for (const [partition, remote] of pending) {
          const target = remote.find((candidate) => (downUntil.get(candidate) ?? 0) <= now);
          if (target === undefined) {
            pending.delete(partition);
            continue;
          }
          remote.splice(0, remote.indexOf(target) + 1);
          byTarget.set(target, [...(byTarget.get(target) ?? []), partition]);
        }
        yield* Effect.forEach(
          byTarget,
          ([target, targetPartitions]) =>
            Effect.map(forward(target, targetPartitions.flatMap((partition) => byPartition.get(partition)!)), (results) => {
              if (results === null) return;
              for (const partition of targetPartitions) pending.delete(partition);
              for (const result of results) if (result.status !== 503) answers.set(result.messageId, result);
            }),
          { concurrency: 'unbounded', discard: true },
        );
      }
      for (const [partition, ids] of byPartition) {
        for (const messageId of ids) {
          if (answers.has(messageId)) continue;
          answers.set(messageId, local(messageId, partition) ?? { status: 503, messageId, error: `no instance holding partition ${partition} answered` });
        }
      }
      return messageIds.map((messageId) => answers.get(messageId)!);
    });

  const isForwarded = Effect.map(HttpServerRequest.HttpServerRequest, (request) => request.headers[forwardedHeader] === '1');
  const one = (messageId: unknown) =>
    Effect.gen(function* () {
      const id = MessageId.safeParse(messageId);
      if (!id.success) return json(400, { error: `not a messageId: ${id.error.issues[0]!.message}` });
      const [answer] = yield* answerAll([id.data], yield* isForwarded);
      return json(answer!.status, bodyOf(answer!));
    });

  return HttpRouter.empty.pipe(
    // A wildcard, not a `:messageId` parameter: the router cuts parameters at 100 characters, and ids may be longer.
    HttpRouter.get(
      '/messages/*',
      Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
        const encoded = request.url.split('?')[0]!.slice('/messages/'.length);
        let messageId: string;
        try {
          messageId = decodeURIComponent(encoded);
        } catch {
          return Effect.succeed(json(400, { error: 'not a messageId: bad percent-encoding' }));
        }
        return one(messageId);
      }),
    ),
    HttpRouter.get(
      '/messages',
      Effect.flatMap(HttpServerRequest.ParsedSearchParams, (search) => {
        const provider = search['provider'];
        const providerMessageId = search['providerMessageId'];
        if (typeof provider !== 'string' || typeof providerMessageId !== 'string') {
          return Effect.succeed(json(400, { error: 'give provider and providerMessageId, once each (or GET /messages/{messageId})' }));
        }
        return one(`${provider}:${providerMessageId}`);
      }),
    ),
    HttpRouter.post(
      '/messages:batch',
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest;
        // Refused before reading when it says it is too large; the connection closes, so the rest is never read.
        const tooLarge = HttpServerResponse.unsafeJson({ error: `a batch is at most ${maxBatchBytes} bytes` }, { status: 413, headers: { connection: 'close' } });
        if (Number(request.headers['content-length'] ?? 0) > maxBatchBytes) return tooLarge;
        const text = yield* request.text.pipe(HttpIncomingMessage.withMaxBodySize(Option.some(maxBatchBytes)), Effect.option);
        if (Option.isNone(text)) return tooLarge;
        let body: unknown;
        try {
          body = JSON.parse(text.value);
        } catch {
          return json(400, { error: 'the body is not JSON: {"messageIds": [...]}' });
        }
        const batch = Batch.safeParse(body);
        if (!batch.success) {
          const issue = batch.error.issues[0]!;
          return json(400, { error: `${issue.path.join('.') || 'body'}: ${issue.message} (up to ${maxBatch} messageIds)` });
        }
        const results = yield* answerAll(batch.data.messageIds, yield* isForwarded);
        return json(200, { results });
      }),
    ),
  );
};
