import { createServer } from 'node:http';
import * as HttpApp from '@effect/platform/HttpApp';
import * as HttpRouter from '@effect/platform/HttpRouter';
import * as HttpServer from '@effect/platform/HttpServer';
import * as HttpServerRequest from '@effect/platform/HttpServerRequest';
import type * as HttpServerError from '@effect/platform/HttpServerError';
import * as HttpServerResponse from '@effect/platform/HttpServerResponse';
import * as NodeHttpServer from '@effect/platform-node/NodeHttpServer';
import * as Cause from 'effect/Cause';
import * as Config from 'effect/Config';
import * as Context from 'effect/Context';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import * as Ref from 'effect/Ref';
import { Gauge } from 'prom-client';
import { Metrics } from './Metrics.js';

/** Routes an app adds to its health server's port (the projector's lookup API). */
export type ExtraRoutes = HttpRouter.HttpRouter;

export interface HealthServerService {
  /** The port it listens on (useful when configured as 0). */
  readonly port: number;
  /** Ready: the service has its work (partitions assigned) and takes traffic. */
  readonly setReady: (ready: boolean) => Effect.Effect<void>;
  /** Serves `routes` too, on the same port, beside the health and metrics paths. */
  readonly serveAlso: (routes: ExtraRoutes) => Effect.Effect<void>;
}

const json = (status: number, body: object) => HttpServerResponse.unsafeJson(body, { status });
const ownPaths = ['/health/live', '/health/ready', '/metrics'];

/**
 * `GET /health/live` answers 200 while the process runs; `GET /health/ready` 200 once the service
 * said it is ready, else 503; `GET /metrics` the app's Prometheus metrics; and whatever routes the
 * app adds (`serveAlso`). On @effect/platform's HTTP server, on loopback unless told otherwise.
 * Closed with the layer's scope.
 */
export class HealthServer extends Context.Tag('@msgstatus/app-runtime/HealthServer')<HealthServer, HealthServerService>() {
  static readonly layer = (options: { readonly port: number; readonly host: string }): Layer.Layer<HealthServer, Error, Metrics> =>
    Layer.scoped(
      HealthServer,
      Effect.gen(function* () {
        const { registry } = yield* Metrics;
        const ready = yield* Ref.make(false);
        // Readiness as a metric too: an alert sees an instance that runs but is not ready (`up` cannot).
        const readiness = new Gauge({ name: 'msgstatus_ready', help: 'Whether the app answers ready on /health/ready (1) or not (0)', registers: [registry] });
        readiness.set(0);
        const routes = yield* Ref.make<HttpApp.Default<HttpServerError.RouteNotFound>>(HttpRouter.empty);
        const server = yield* NodeHttpServer.make(() => createServer(), { port: options.port, host: options.host }).pipe(
          Effect.mapError((error) => new Error(`health server could not listen on ${options.host}:${options.port}: ${String(error.cause ?? error)}`)),
        );
        const notFound = Effect.gen(function* () {
          const request = yield* HttpServerRequest.HttpServerRequest;
          const path = request.url.split('?')[0]!;
          if (ownPaths.includes(path)) return json(405, { error: 'only GET' });
          return json(404, { error: 'unknown path; try /health/live, /health/ready or /metrics' });
        });
        const router = HttpRouter.empty.pipe(
          HttpRouter.get('/health/live', Effect.succeed(json(200, { status: 'live' }))),
          HttpRouter.get('/health/ready', Effect.map(Ref.get(ready), (isReady) => (isReady ? json(200, { status: 'ready' }) : json(503, { status: 'not ready' })))),
          HttpRouter.get(
            '/metrics',
            Effect.promise(() => registry.metrics()).pipe(Effect.map((text) => HttpServerResponse.text(text, { contentType: registry.contentType }))),
          ),
        );
        yield* Ref.set(routes, router);
        // One router for the health paths and the app's: a lookup is matched once, not after a miss.
        const app = Effect.flatMap(Ref.get(routes), (current) => current).pipe(
          Effect.catchTag('RouteNotFound', () => notFound),
          // A client that went away interrupts its request: nothing failed.
          Effect.catchAllCause((cause) =>
            Cause.isInterruptedOnly(cause) ? Effect.succeed(json(499, { error: 'client closed the request' })) : Effect.as(Effect.logError('request failed', cause), json(500, { error: 'internal error' })),
          ),
        );
        yield* server.serve(app);
        const address = server.address as HttpServer.TcpAddress;
        return {
          port: address.port,
          setReady: (value) => Effect.zipRight(Ref.set(ready, value), Effect.sync(() => readiness.set(value ? 1 : 0))),
          serveAlso: (extra) => Ref.set(routes, HttpRouter.concat(router, extra)),
        } satisfies HealthServerService;
      }),
    );

  /** From `HEALTH_PORT` (default `defaultPort`; 0 for any free port) and `HEALTH_HOST` (default 127.0.0.1). */
  static readonly layerConfig = (defaultPort: number) => Layer.unwrapEffect(Effect.map(healthConfig(defaultPort), HealthServer.layer));
}
/** Where the health server listens: `HEALTH_PORT` (0 asks the system for a free port) and `HEALTH_HOST`. */
export const healthConfig = (defaultPort: number) =>
  Config.all({
    // 0 asks the system for a free port (tests, several instances on one machine).
    port: Config.integer('HEALTH_PORT').pipe(
      Config.withDefault(defaultPort),
      Config.validate({ message: 'a port, 0 to 65535', validation: (port) => port >= 0 && port <= 65535 }),
    ),
    host: Config.string('HEALTH_HOST').pipe(Config.withDefault('127.0.0.1')),
  });

export const healthVariables = (defaultPort: number) =>
  [
    { name: 'HEALTH_PORT', default: String(defaultPort), description: 'Port of `/health/live`, `/health/ready` and `/metrics` (0: any free port)' },
    { name: 'HEALTH_HOST', default: '127.0.0.1', description: 'Address they listen on (`0.0.0.0` in containers)' },
  ] as const;
