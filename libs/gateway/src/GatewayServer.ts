import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordToSend, Topics } from '@msgstatus/canonical';
import * as Effect from 'effect/Effect';
import * as Runtime from 'effect/Runtime';
import type * as Scope from 'effect/Scope';
import type { GatewaySettings } from './gatewayConfig.js';
import { webhookVerdict } from './webhookRequest.js';

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
  readonly retryAfterSeconds?: number;
}

export interface GatewayRequestOutcome {
  readonly provider: string;
  readonly status: number;
  readonly seconds: number;
}

const json = (status: number, body: object, retryAfterSeconds?: number): Answer => ({ status, body: JSON.stringify(body), retryAfterSeconds });

/** Reads the body, or stops at `limit` bytes (the rest is not read: the connection closes). */
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

function headersOf(request: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

/**
 * `POST /webhooks/<provider>`: a status callback, answered 200 only once Kafka acknowledged its raw
 * record; 503 with `Retry-After` when Kafka does not in time (providers retry on 5xx), 4xx when
 * the request can never succeed. `GET /webhooks/<provider>`: the provider's subscription check.
 */
export const serveWebhooks = (
  settings: GatewaySettings,
  names: Topics,
  publish: (record: RecordToSend) => Effect.Effect<void, unknown>,
  onAnswered: (outcome: GatewayRequestOutcome) => void = () => undefined,
): Effect.Effect<{ readonly port: number }, Error, Scope.Scope> =>
  Effect.gen(function* () {
    const runtime = yield* Effect.runtime<never>();
    const configured = [...settings.routes.keys()].join(', ') || 'none (set the GATEWAY_<PROVIDER>_* secrets)';

    const answer = (request: IncomingMessage, provider: string, url: URL): Effect.Effect<Answer> =>
      Effect.gen(function* () {
        const route = settings.routes.get(provider);
        if (route === undefined) return json(404, { error: `no webhook for provider "${provider}"; configured: ${configured}` });
        if (request.method === 'GET') {
          const challenge = route.normalizer.webhook.verifySubscription?.(url.searchParams, route.secrets);
          if (challenge === undefined) return json(405, { error: `${provider} callbacks are POSTed` });
          return challenge === null ? json(403, { error: 'subscription check refused: wrong verify token' }) : { status: 200, body: challenge, contentType: 'text/plain' };
        }
        if (request.method !== 'POST') return json(405, { error: 'callbacks are POSTed' });
        const body = yield* Effect.promise(() => readBody(request, settings.maxBodyBytes));
        if (body === 'too large') return json(413, { error: `body over the limit of ${settings.maxBodyBytes} bytes` });
        const signedUrl = `${settings.publicUrl ?? url.origin}${url.pathname}${url.search}`;
        const verdict = webhookVerdict(route, { url: signedUrl, headers: headersOf(request), body }, names, new Date().toISOString(), settings.maxBodyBytes);
        if (!verdict.ok) return json(verdict.status, { error: verdict.error });
        return yield* publish(verdict.record).pipe(
          Effect.timeoutFail({ duration: settings.publishTimeoutMs, onTimeout: () => new Error(`Kafka did not acknowledge within ${settings.publishTimeoutMs} ms`) }),
          Effect.as(json(200, { status: 'published' })),
          Effect.catchAll((error) =>
            Effect.logWarning('callback not published; answered 503 so that the provider retries', { provider, error: String(error) }).pipe(
              Effect.as(json(503, { error: 'not published yet, retry later' }, 5)),
            ),
          ),
        );
      });

    const handle = (request: IncomingMessage, response: ServerResponse) => {
      const started = performance.now();
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
      const match = /^\/webhooks\/([^/]+)\/?$/.exec(url.pathname);
      const provider = match === null ? '' : decodeURIComponent(match[1]!);
      const program =
        match === null ? Effect.succeed(json(404, { error: 'unknown path; callbacks go to /webhooks/<provider>' })) : answer(request, provider, url);
      Runtime.runPromise(runtime)(
        program.pipe(Effect.catchAllDefect((defect) => Effect.as(Effect.logError('callback handling failed', defect), json(500, { error: 'internal error' })))),
      ).then((result) => {
        const headers: Record<string, string> = { 'content-type': result.contentType ?? 'application/json' };
        if (result.retryAfterSeconds !== undefined) headers['retry-after'] = String(result.retryAfterSeconds);
        // A body left unread (too large) would keep the socket busy: close it instead.
        if (!request.complete) headers['connection'] = 'close';
        response.writeHead(result.status, headers).end(result.body);
        onAnswered({ provider: match === null ? 'none' : provider, status: result.status, seconds: (performance.now() - started) / 1000 });
      });
    };

    const server = yield* Effect.acquireRelease(
      Effect.async<Server, Error>((resume) => {
        const server = createServer(handle);
        server.requestTimeout = 30_000;
        server.once('error', (error) => resume(Effect.fail(error)));
        server.listen(settings.port, settings.host, () => resume(Effect.succeed(server)));
      }),
      (server) => Effect.async<void>((resume) => {
        server.close(() => resume(Effect.void));
        server.closeIdleConnections();
      }),
    );
    return { port: (server.address() as AddressInfo).port };
  });
