import { createServer, type IncomingMessage } from 'node:http';
import * as HttpMiddleware from '@effect/platform/HttpMiddleware';
import type * as HttpServer from '@effect/platform/HttpServer';
import * as HttpServerRequest from '@effect/platform/HttpServerRequest';
import * as HttpServerResponse from '@effect/platform/HttpServerResponse';
import * as NodeHttpServer from '@effect/platform-node/NodeHttpServer';
import * as NodeHttpServerRequest from '@effect/platform-node/NodeHttpServerRequest';
import type { RecordToSend, Topics } from '@msgstatus/canonical';
import * as Effect from 'effect/Effect';
import type * as Scope from 'effect/Scope';
import type { GatewaySettings } from './gatewayConfig.js';
import { publishedCallbacks } from './publishedCallbacks.js';
import { rateLimits } from './rateLimits.js';
import { webhookVerdict, type SecretMatched } from './webhookRequest.js';

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
  readonly retryAfterSeconds?: number;
  /** Close the connection after the answer (a body left unread). */
  readonly close?: boolean;
}

export interface GatewayRequestOutcome {
  readonly provider: string;
  readonly status: number;
  readonly seconds: number;
  /** The secret set an authentic callback matched. */
  readonly secret?: SecretMatched;
  /** A repeat of a callback already published, answered without writing it again. */
  readonly repeat?: boolean;
  /** Refused before any work: over the provider's rate, or over the requests in flight. */
  readonly throttled?: 'rate' | 'in-flight';
}

/** The gateway as it runs: its port and the requests it is handling now. */
export interface ServedWebhooks {
  readonly port: number;
  readonly inFlight: () => number;
  readonly rememberedCallbacks: () => number;
}

type Answered = Answer & Pick<GatewayRequestOutcome, 'secret' | 'repeat' | 'throttled'>;

const json = (status: number, body: object, retryAfterSeconds?: number): Answer => ({ status, body: JSON.stringify(body), retryAfterSeconds });

/**
 * Reads the body, or stops at `limit` bytes: the rest is not read, and the answer closes the
 * connection. Read from Node's request itself: the platform's body reader destroys the socket at
 * its limit, so the provider would get no answer instead of a 413.
 */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) return resolve('too large');
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.pause();
        resolve('too large');
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks, size)));
    request.on('error', reject);
  });
}

const messages = { bad: 'not a request URL', unknown: 'unknown path; callbacks go to /webhooks/<provider>' } as const;

/** The provider a request is for, from its path; `bad` when its URL or Host cannot be read. */
function routeOf(requestUrl: string): { readonly provider: string; readonly url: URL } | keyof typeof messages {
  let url: URL;
  try {
    url = new URL(requestUrl, 'http://gateway');
  } catch {
    return 'bad';
  }
  const match = /^\/webhooks\/([a-z0-9][a-z0-9-]{0,62})\/?$/.exec(url.pathname);
  return match === null ? 'unknown' : { provider: match[1]!, url };
}

/**
 * `POST /webhooks/<provider>`: a status callback, answered 200 only once Kafka acknowledged its raw
 * record; 503 with `Retry-After` when Kafka does not in time (providers retry on 5xx), 4xx when
 * the request can never succeed. `GET /webhooks/<provider>`: the provider's subscription check.
 * Before any work a provider over its rate is answered 429, and a request over the bound in flight
 * 503, both with `Retry-After`; a repeat of a callback already published is answered 200 unwritten.
 */
export const serveWebhooks = (
  settings: GatewaySettings,
  names: Topics,
  publish: (record: RecordToSend) => Effect.Effect<void, unknown>,
  onAnswered: (outcome: GatewayRequestOutcome) => void = () => undefined,
): Effect.Effect<ServedWebhooks, Error, Scope.Scope> =>
  Effect.gen(function* () {
    const configured = [...settings.routes.keys()].join(', ') || 'none (set the GATEWAY_<PROVIDER>_* secrets)';
    const limits = rateLimits(settings.ratePerSecond, settings.rateBurst);
    const published = publishedCallbacks(settings.replayCacheSize);
    let inFlight = 0;

    const answer = (request: HttpServerRequest.HttpServerRequest, provider: string, url: URL): Effect.Effect<Answered> =>
      Effect.gen(function* () {
        const route = settings.routes.get(provider);
        if (route === undefined) return json(404, { error: `no webhook for provider "${provider}"; configured: ${configured}` });
        const waitSeconds = limits.take(provider, performance.now());
        if (waitSeconds !== null) return { ...json(429, { error: `over ${settings.ratePerSecond} callbacks a second from ${provider}, retry later` }, waitSeconds), throttled: 'rate' };
        if (request.method === 'GET') {
          const verify = route.normalizer.webhook.verifySubscription;
          if (verify === undefined) return json(405, { error: `${provider} callbacks are POSTed` });
          const challenge = verify(url.searchParams, route.secrets) ?? (route.previousSecrets == null ? null : verify(url.searchParams, route.previousSecrets));
          return challenge === null ? json(403, { error: 'subscription check refused: wrong verify token' }) : { status: 200, body: challenge, contentType: 'text/plain' };
        }
        if (request.method !== 'POST') return json(405, { error: 'callbacks are POSTed' });
        const body = yield* Effect.promise(() => readBody(NodeHttpServerRequest.toIncomingMessage(request), settings.maxBodyBytes));
        if (body === 'too large') return { ...json(413, { error: `body over the limit of ${settings.maxBodyBytes} bytes` }), close: true };
        // Providers sign the URL exactly as they called it: the public base and the raw path and query.
        const signedUrl = `${settings.publicUrl ?? `http://${request.headers['host'] ?? 'localhost'}`}${request.url}`;
        const webhookRequest = { url: signedUrl, headers: request.headers, body };
        const now = new Date();
        const verdict = webhookVerdict(route, webhookRequest, names, now.toISOString(), {
          maxBodyBytes: settings.maxBodyBytes,
          signedTime: { nowMs: now.getTime(), toleranceMs: settings.signatureToleranceMs },
        });
        if (!verdict.ok) return json(verdict.status, { error: verdict.error });
        const digest = published.digestOf(provider, verdict.record.value ?? '');
        if (published.has(digest)) return { ...json(200, { status: 'already published' }), secret: verdict.secret, repeat: true };
        // Requests are handled uninterruptibly (so that every one is answered): the wait for Kafka may be cut short.
        return yield* publish(verdict.record).pipe(
          Effect.interruptible,
          Effect.timeoutFail({ duration: settings.publishTimeoutMs, onTimeout: () => new Error(`Kafka did not acknowledge within ${settings.publishTimeoutMs} ms`) }),
          Effect.map((): Answered => {
            published.add(digest);
            return { ...json(200, { status: 'published' }), secret: verdict.secret };
          }),
          Effect.catchAll((error) =>
            Effect.logWarning('callback not published; answered 503 so that the provider retries', { provider, error: String(error) }).pipe(
              Effect.as(json(503, { error: 'not published yet, retry later' }, 5)),
            ),
          ),
        );
      });

    // Counted from the moment a request is routed, so that a flood is refused before its body is read.
    const bounded = (request: HttpServerRequest.HttpServerRequest, provider: string, url: URL): Effect.Effect<Answered> =>
      inFlight >= settings.maxInFlight
        ? Effect.succeed({ ...json(503, { error: `over ${settings.maxInFlight} requests in flight, retry later` }, 1), throttled: 'in-flight' as const })
        : Effect.suspend(() => {
            inFlight += 1;
            return answer(request, provider, url);
          }).pipe(Effect.ensuring(Effect.sync(() => (inFlight -= 1))));

    const app = Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest;
      const started = performance.now();
      const target = routeOf(request.url);
      const provider = typeof target === 'string' ? 'none' : target.provider;
      const result: Answered = yield* (
        typeof target === 'string' ? Effect.succeed(json(target === 'bad' ? 400 : 404, { error: messages[target] })) : bounded(request, target.provider, target.url)
      ).pipe(Effect.catchAllDefect((defect) => Effect.as(Effect.logError('callback handling failed', defect), json(500, { error: 'internal error' }))));
      const headers: Record<string, string> = {};
      if (result.retryAfterSeconds !== undefined) headers['retry-after'] = String(result.retryAfterSeconds);
      // A body left unread (too large) would keep the socket busy: close it instead.
      if (result.close === true) headers['connection'] = 'close';
      const { secret, repeat, throttled } = result;
      onAnswered({ provider, status: result.status, seconds: (performance.now() - started) / 1000, secret, repeat, throttled });
      return HttpServerResponse.text(result.body, { status: result.status, contentType: result.contentType ?? 'application/json', headers });
    });

    const server = yield* NodeHttpServer.make(
      () => {
        const server = createServer();
        server.requestTimeout = 30_000;
        return server;
      },
      { port: settings.port, host: settings.host },
    ).pipe(Effect.mapError((error) => new Error(`gateway could not listen on ${settings.host}:${settings.port}: ${String(error.cause ?? error)}`)));
    // No trace span per callback: nothing here exports traces, and a span costs each request (bench:gateway).
    yield* server.serve(app).pipe(Effect.locally(HttpMiddleware.currentTracerDisabledWhen, () => true));
    return { port: (server.address as HttpServer.TcpAddress).port, inFlight: () => inFlight, rememberedCallbacks: published.size };
  });
