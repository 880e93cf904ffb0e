import { spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:tls';
import * as Effect from 'effect/Effect';
import type * as Scope from 'effect/Scope';

const repositoryRoot = new URL('../../../../', import.meta.url).pathname;
const brokerScript = `${repositoryRoot}tools/kafka/broker.sh`;

/** A local broker (tools/kafka/broker.sh) on `port`, its files under `home` (default: the project's). */
export interface BrokerPlace {
  readonly port?: number;
  readonly home?: string;
  /** Remove `home` (its data and logs) after stopping a broker this scope started. */
  readonly discard?: boolean;
}

function brokerEnv(place: BrokerPlace): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (place.port !== undefined) env['MSGSTATUS_KAFKA_PORT'] = String(place.port);
  if (place.home !== undefined) env['MSGSTATUS_KAFKA_HOME'] = place.home;
  if (place.port !== undefined) delete env['KAFKA_BROKERS'];
  return env;
}

const stdioFor = (command: 'start' | 'stop' | 'status'): StdioOptions => (command === 'status' ? 'ignore' : ['ignore', 'inherit', 'inherit']);

/** Runs broker.sh start|stop|status for that broker; true when it succeeded. Blocks the event loop. */
export function brokerCommand(command: 'start' | 'stop' | 'status', place: BrokerPlace = {}): boolean {
  return spawnSync('bash', [brokerScript, command], { env: brokerEnv(place), stdio: stdioFor(command) }).status === 0;
}

/**
 * The same without blocking: for a process that serves HTTP meanwhile (a blocked event loop lets
 * keep-alive timers close sockets that already carry the next request).
 */
export const brokerCommandAsync = (command: 'start' | 'stop' | 'status', place: BrokerPlace = {}): Effect.Effect<boolean> =>
  Effect.async((resume) => {
    spawn('bash', [brokerScript, command], { env: brokerEnv(place), stdio: stdioFor(command) }).once('exit', (code) => resume(Effect.succeed(code === 0)));
  });

/**
 * The local broker for the length of a scope: started when none answers and KAFKA_BROKERS names
 * no other, stopped at the end only if this scope started it.
 */
export const localBroker = (place: BrokerPlace = {}): Effect.Effect<void, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.suspend(() => {
      const configured = place.port === undefined ? process.env['KAFKA_BROKERS'] : undefined;
      const elsewhere = configured !== undefined && !['127.0.0.1:9092', 'localhost:9092'].includes(configured.trim());
      if (elsewhere || brokerCommand('status', place)) return Effect.succeed(false);
      return brokerCommand('start', place)
        ? Effect.succeed(true)
        : Effect.fail(new Error('the local Kafka broker did not start (tools/kafka/broker.sh)'));
    }),
    (started) =>
      started
        ? Effect.sync(() => {
            brokerCommand('stop', place);
            if (place.discard === true && place.home !== undefined) rmSync(place.home, { recursive: true, force: true });
          })
        : Effect.void,
  ).pipe(Effect.asVoid);

/** Whether the TLS listener on `port` presents a certificate that `caFile` trusts. */
const presentsCertificateOf = (port: number, caFile: string): Promise<boolean> =>
  new Promise((resolve) => {
    if (!existsSync(caFile)) return resolve(false);
    const socket = connect({ host: '127.0.0.1', port, ca: readFileSync(caFile), servername: 'localhost', timeout: 5_000 });
    const answer = (trusted: boolean) => () => {
      socket.destroy();
      resolve(trusted);
    };
    socket.once('secureConnect', answer(true)).once('error', answer(false)).once('timeout', answer(false));
  });

/** A local broker's TLS listener (SASL/SCRAM over TLS) and the CA that trusts its certificate. */
export interface TlsBroker {
  readonly brokers: string;
  readonly caFile: string;
  /** The same broker's plaintext listener, for the test's own admin and producer. */
  readonly plaintext: string;
}

/**
 * The TLS listener of a local broker whose CA this checkout holds: the broker on 9092's when its
 * certificate is the one in this checkout's `.kafka/tls/ca.pem`; else (a broker another checkout
 * or another Kafka started answers there) one of its own on `ownPort`, for the length of the scope.
 */
export const trustedTlsBroker = (ownPort = 9492): Effect.Effect<TlsBroker, Error, Scope.Scope> =>
  Effect.gen(function* () {
    const shared = { brokers: '127.0.0.1:9095', caFile: `${repositoryRoot}.kafka/tls/ca.pem`, plaintext: '127.0.0.1:9092' };
    if (yield* Effect.promise(() => presentsCertificateOf(9095, shared.caFile))) return shared;
    const home = `${repositoryRoot}.kafka/tls-${ownPort}`;
    yield* localBroker({ port: ownPort, home, discard: true });
    return { brokers: `127.0.0.1:${ownPort + 3}`, caFile: `${home}/tls/ca.pem`, plaintext: `127.0.0.1:${ownPort}` };
  });
