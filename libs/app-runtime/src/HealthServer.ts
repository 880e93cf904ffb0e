import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as Config from 'effect/Config';
import * as Context from 'effect/Context';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import * as Ref from 'effect/Ref';
import { Metrics } from './Metrics.js';

export interface HealthServerService {
  /** The port it listens on (useful when configured as 0). */
  readonly port: number;
  /** Ready: the service has its work (partitions assigned) and takes traffic. */
  readonly setReady: (ready: boolean) => Effect.Effect<void>;
}

/**
 * `GET /health/live` answers 200 while the process runs; `GET /health/ready` 200 once the service
 * said it is ready, else 503; `GET /metrics` the app's Prometheus metrics. On loopback unless told
 * otherwise. Closed with the layer's scope.
 */
export class HealthServer extends Context.Tag('@msgstatus/app-runtime/HealthServer')<HealthServer, HealthServerService>() {
  static readonly layer = (options: { readonly port: number; readonly host: string }): Layer.Layer<HealthServer, Error, Metrics> =>
    Layer.scoped(
      HealthServer,
      Effect.gen(function* () {
        const { registry } = yield* Metrics;
        const ready = yield* Ref.make(false);
        const isReady = () => Effect.runSync(Ref.get(ready));
        const server = yield* Effect.acquireRelease(
          Effect.async<Server, Error>((resume) => {
            const server = createServer((request, response) => {
              const send = (status: number, body: object) => {
                response.writeHead(status, { 'content-type': 'application/json' });
                response.end(JSON.stringify(body));
              };
              if (request.method !== 'GET') return send(405, { error: 'only GET' });
              if (request.url === '/health/live') return send(200, { status: 'live' });
              if (request.url === '/health/ready') return isReady() ? send(200, { status: 'ready' }) : send(503, { status: 'not ready' });
              if (request.url === '/metrics') {
                return void registry.metrics().then(
                  (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
                  (error: unknown) => send(500, { error: String(error) }),
                );
              }
              return send(404, { error: 'unknown path; try /health/live, /health/ready or /metrics' });
            });
            server.once('error', (error) => resume(Effect.fail(error)));
            server.listen(options.port, options.host, () => resume(Effect.succeed(server)));
          }),
          (server) => Effect.async<void>((resume) => void server.close(() => resume(Effect.void))),
        );
        return { port: (server.address() as AddressInfo).port, setReady: (value) => Ref.set(ready, value) };
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
