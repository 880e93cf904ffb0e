import { describe, expect, it } from '@effect/vitest';
import * as Effect from 'effect/Effect';
import { HealthServer } from './HealthServer.js';

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
      expect(yield* get(health.port, '/health/ready')).toEqual([503, { status: 'not ready' }]);
      yield* health.setReady(true);
      expect(yield* get(health.port, '/health/ready')).toEqual([200, { status: 'ready' }]);
      expect((yield* get(health.port, '/metrics'))[0]).toBe(404);
      expect((yield* get(health.port, '/health/live', 'POST'))[0]).toBe(405);
    }).pipe(Effect.provide(HealthServer.layer({ port: 0, host: '127.0.0.1' }))),
  );

  it.scoped('stops listening when its scope closes', () =>
    Effect.gen(function* () {
      const port = yield* Effect.scoped(Effect.map(HealthServer, (health) => health.port)).pipe(
        Effect.provide(HealthServer.layer({ port: 0, host: '127.0.0.1' })),
      );
      const refused = yield* Effect.promise(() => fetch(`http://127.0.0.1:${port}/health/live`).then(() => false, () => true));
      expect(refused).toBe(true);
    }),
  );
});
