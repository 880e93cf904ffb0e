import { spawnSync } from 'node:child_process';
import * as Effect from 'effect/Effect';
import type * as Scope from 'effect/Scope';

const brokerScript = new URL('../../kafka/broker.sh', import.meta.url).pathname;
const broker = (command: 'start' | 'stop' | 'status') =>
  spawnSync('bash', [brokerScript, command], { stdio: command === 'status' ? 'ignore' : ['ignore', 'inherit', 'inherit'] }).status === 0;

/**
 * The local broker for the length of a scope: started when none answers and KAFKA_BROKERS names
 * no other, stopped at the end only if this scope started it.
 */
export const localBroker: Effect.Effect<void, Error, Scope.Scope> = Effect.acquireRelease(
  Effect.suspend(() => {
    const configured = process.env['KAFKA_BROKERS'];
    const elsewhere = configured !== undefined && !['127.0.0.1:9092', 'localhost:9092'].includes(configured.trim());
    if (elsewhere || broker('status')) return Effect.succeed(false);
    return broker('start') ? Effect.succeed(true) : Effect.fail(new Error('the local Kafka broker did not start (tools/kafka/broker.sh)'));
  }),
  (started) => (started ? Effect.sync(() => void broker('stop')) : Effect.void),
).pipe(Effect.asVoid);
