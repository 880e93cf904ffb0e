import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import * as Effect from 'effect/Effect';
import * as Schedule from 'effect/Schedule';
import type * as Scope from 'effect/Scope';

const repositoryRoot = new URL('../../../', import.meta.url).pathname;

const freePort = Effect.async<number>((resume) => {
  const server = createServer();
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resume(Effect.succeed(port)));
  });
});

/**
 * One of the apps (`ingestor`, `projector`) as a child process, as it runs in production, until
 * the scope closes: then SIGTERM, and the exit awaited. Ready once its readiness endpoint says so.
 */
export const appProcess = (
  app: 'ingestor' | 'projector',
  env: Record<string, string>,
): Effect.Effect<{ readonly exitCode: Effect.Effect<number | null> }, Error, Scope.Scope> =>
  Effect.gen(function* () {
    const port = yield* freePort;
    const child = yield* Effect.acquireRelease(
      Effect.sync(() =>
        spawn(process.execPath, ['--import', 'tsx', `apps/${app}/src/main.ts`], {
          cwd: repositoryRoot,
          env: { ...process.env, ...env, HEALTH_PORT: String(port), LOG_LEVEL: env['LOG_LEVEL'] ?? 'warning' },
          stdio: ['ignore', 'inherit', 'inherit'],
        }),
      ),
      (child) =>
        Effect.async<void>((resume) => {
          if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void);
          child.once('exit', () => resume(Effect.void));
          child.kill('SIGTERM');
        }),
    );
    const exitCode = Effect.async<number | null>((resume) => {
      if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.succeed(child.exitCode));
      child.once('exit', (code) => resume(Effect.succeed(code)));
    });
    yield* Effect.tryPromise({
      try: async () => {
        if (child.exitCode !== null) throw new Error(`the ${app} exited with code ${child.exitCode}`);
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        if (response.status !== 200) throw new Error(`the ${app} is not ready yet`);
      },
      catch: (error) => error as Error,
    }).pipe(
      Effect.retry({ schedule: Schedule.spaced('250 millis'), while: () => child.exitCode === null }),
      Effect.timeoutFail({ duration: '60 seconds', onTimeout: () => new Error(`the ${app} was not ready after 60 s`) }),
    );
    return { exitCode };
  });
