import * as Effect from 'effect/Effect';
import type * as Scope from 'effect/Scope';
import { SupervisedApp, type AppName } from './SupervisedApp.js';

/** An app process for the length of a scope: ready when this succeeds, SIGTERM and awaited at the end. */
export const appProcess = (app: AppName, env: Record<string, string>): Effect.Effect<SupervisedApp, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const supervised = new SupervisedApp(app, env);
        await supervised.start();
        return supervised;
      },
      catch: (error) => error as Error,
    }),
    (supervised) => Effect.promise(() => supervised.stop('SIGTERM')),
  );
