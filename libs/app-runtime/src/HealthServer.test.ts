import { describe, expect, it } from '@effect/vitest';
import * as HttpRouter from '@effect/platform/HttpRouter';
import * as HttpServerResponse from '@effect/platform/HttpServerResponse';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import { HealthServer } from './HealthServer.js';
import { Metrics } from './Metrics.js';

const healthServer = HealthServer.layer({ port: 0, host: '127.0.0.1' }).pipe(Layer.provide(Metrics.layer('test-app')));

const get = (port: number, path: string, method = 'GET') =>
  Effect.promise(async () => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { method });
    return [response.status, await response.json()] as const;
  });

describe('HealthServer', () => {
  it.scoped('is live at once, ready only once told, and says which paths exist', () =>
    Effect.gen(function* () {
      const health = yield* HealthServer;
      expect(yield* get(health.port, '/health/live')).toEqual([200, { status: 'live' }]);
      const readiness = () => Effect.promise(() => fetch(`http://127.0.0.1:${health.port}/metrics`).then((response) => response.text())).pipe(Effect.map((text) => /^msgstatus_ready\{[^}]*\} (\d)$/m.exec(text)?.[1]));
      expect(yield* get(health.port, '/health/ready')).toEqual([503, { status: 'not ready' }]);
      expect(yield* readiness()).toBe('0');
      yield* health.setReady(true);
      expect(yield* get(health.port, '/health/ready')).toEqual([200, { status: 'ready' }]);
      expect(yield* readiness()).toBe('1');
      expect((yield* get(health.port, '/elsewhere'))[0]).toBe(404);
      expect((yield* get(health.port, '/health/live', 'POST'))[0]).toBe(405);
    }).pipe(Effect.provide(healthServer)),
  );

  it.scoped('serves the Prometheus metrics of the app, labelled with its name', () =>
    Effect.gen(function* () {
      const health = yield* HealthServer;
      const response = yield* Effect.promise(() => fetch(`http://127.0.0.1:${health.port}/metrics`));
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = yield* Effect.promise(() => response.text());
      expect(text).toMatch(/^process_cpu_user_seconds_total\{app="test-app"\} \d/m);
      expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    }).pipe(Effect.provide(healthServer)),
  );

  it.scoped("serves an app's own routes beside its own, and still says which paths exist", () =>
    Effect.gen(function* () {
      const health = yield* HealthServer;
      yield* health.serveAlso(HttpRouter.empty.pipe(HttpRouter.get('/messages/:id', Effect.map(HttpRouter.params, (params) => HttpServerResponse.unsafeJson({ id: params['id'] })))));
      expect(yield* get(health.port, '/messages/a%3Ab')).toEqual([200, { id: 'a:b' }]);
      expect(yield* get(health.port, '/health/live')).toEqual([200, { status: 'live' }]);
      expect(yield* get(health.port, '/elsewhere')).toEqual([404, { error: 'unknown path; try /health/live, /health/ready or /metrics' }]);
    }).pipe(Effect.provide(healthServer)),
  );

  it.scoped('stops listening when its scope closes', () =>
    Effect.gen(function* () {
      const port = yield* Effect.scoped(Effect.map(HealthServer, (health) => health.port)).pipe(
        Effect.provide(healthServer),
      );
      const refused = yield* Effect.promise(() => fetch(`http://127.0.0.1:${port}/health/live`).then(() => false, () => true));
      expect(refused).toBe(true);
    }),
  );
});
