import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Effect from 'effect/Effect';
import type * as Scope from 'effect/Scope';

const clusterScript = new URL('../../../../tools/kafka/cluster.sh', import.meta.url).pathname;

/** A local three-broker cluster (tools/kafka/cluster.sh) on base port `port`, its files under `home`. */
export interface ClusterPlace {
  readonly port: number;
  readonly home: string;
  /** Remove `home` (data and logs) after stopping a cluster this scope started. */
  readonly discard?: boolean;
  /** Unclean leader elections allowed (only to break durability on purpose). */
  readonly uncleanElection?: boolean;
}

/** Where its clients connect, all through Toxiproxy, and where the proxy's API is. */
export interface ClusterPorts {
  readonly clients: ReadonlyArray<string>;
  readonly projectors: ReadonlyArray<string>;
  readonly direct: ReadonlyArray<string>;
  readonly toxiproxy: string;
}

/** One partition as the cluster's metadata has it (leader -1: none). */
export interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  readonly leader: number;
  readonly replicas: ReadonlyArray<number>;
  readonly isr: ReadonlyArray<number>;
}

export interface ClusterState {
  /** The active controller: the KRaft quorum's leader. */
  readonly controller: number;
  readonly partitions: ReadonlyArray<PartitionState>;
  /** Each topic's min.insync.replicas (Kafka's internal topics left out). */
  readonly minInsyncReplicas: ReadonlyMap<string, number>;
}

/**
 * Runs cluster.sh with `args` without blocking the event loop (the soak serves and sends HTTP
 * meanwhile); its stdout, or a failure with its stderr.
 */
export const clusterCommand = (place: ClusterPlace, ...args: ReadonlyArray<string>): Effect.Effect<string, Error> =>
  Effect.async((resume) => {
    const env = { ...process.env, MSGSTATUS_CLUSTER_PORT: String(place.port), MSGSTATUS_CLUSTER_HOME: place.home, MSGSTATUS_CLUSTER_UNCLEAN_ELECTION: String(place.uncleanElection ?? false) };
    const child = spawn('bash', [clusterScript, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.once('exit', (code) =>
      resume(code === 0 ? Effect.succeed(out) : Effect.fail(new Error(`cluster.sh ${args.join(' ')} exited with ${code}: ${(err || out).trim().slice(-2_000)}`))),
    );
  });

export const clusterPorts = (place: ClusterPlace): Effect.Effect<ClusterPorts, Error> =>
  clusterCommand(place, 'ports').pipe(
    Effect.map((text) => {
      const values = Object.fromEntries(text.trim().split('\n').map((line) => line.split('=', 2) as [string, string]));
      const list = (name: string) => (values[name] ?? '').split(',').filter(Boolean);
      return { clients: list('clients'), projectors: list('projectors'), direct: list('direct'), toxiproxy: values['toxiproxy'] ?? '' };
    }),
  );

/** The controller and every partition's leader and ISR, as ClusterState.java prints them. */
export const clusterState = (place: ClusterPlace): Effect.Effect<ClusterState, Error> =>
  clusterCommand(place, 'state').pipe(
    Effect.map((text) => {
      let controller = -1;
      const partitions: PartitionState[] = [];
      const minInsyncReplicas = new Map<string, number>();
      const ids = (list: string) => (list === '-' ? [] : list.split(',').map(Number));
      for (const line of text.trim().split('\n')) {
        const fields = line.split(' ');
        if (fields[0] === 'controller') controller = Number(fields[1]);
        if (fields[0] === 'partition')
          partitions.push({ topic: fields[1]!, partition: Number(fields[2]), leader: Number(fields[3]), replicas: ids(fields[4]!), isr: ids(fields[5]!) });
        if (fields[0] === 'min.insync.replicas') minInsyncReplicas.set(fields[1]!, Number(fields[2]));
      }
      return { controller, partitions, minInsyncReplicas };
    }),
  );

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * One local cluster at a time on this machine, across processes and checkouts: two (six brokers,
 * their apps) on two cores starve each other until connections time out. A lock whose process is
 * gone is taken over.
 */
export const oneClusterAtATime = (machineLock = join(tmpdir(), 'msgstatus-local-cluster.lock')) => Effect.acquireRelease(
  Effect.promise(async () => {
    for (let waited = 0; ; waited++) {
      try {
        mkdirSync(machineLock);
        writeFileSync(join(machineLock, 'pid'), String(process.pid));
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        let owner = Number.NaN;
        try {
          owner = Number(readFileSync(join(machineLock, 'pid'), 'utf8'));
        } catch {
          // Made a moment ago and its pid not written yet, or its maker died in between (then it is old).
        }
        const madeAt = statSync(machineLock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
        const abandoned = Number.isNaN(owner) ? Date.now() - madeAt > 10_000 : !isAlive(owner);
        if (abandoned) rmSync(machineLock, { recursive: true, force: true });
        else await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
  }),
  () => Effect.sync(() => rmSync(machineLock, { recursive: true, force: true })),
);

/**
 * The cluster for the length of a scope: started (brokers, Toxiproxy, its proxies), and stopped at
 * the end if this scope started it; one already up is used and left up. Waits while another
 * process of this machine holds a cluster of the test kit's.
 */
export const localCluster = (place: ClusterPlace): Effect.Effect<void, Error, Scope.Scope> =>
  Effect.zipRight(oneClusterAtATime(), Effect.acquireRelease(
    clusterCommand(place, 'status').pipe(
      Effect.as(false),
      Effect.orElse(() => clusterCommand(place, 'start').pipe(Effect.as(true))),
    ),
    (started) =>
      started
        ? clusterCommand(place, 'stop').pipe(
            Effect.ignore,
            Effect.andThen(() => {
              if (place.discard === true) rmSync(place.home, { recursive: true, force: true });
            }),
          )
        : Effect.void,
  )).pipe(Effect.asVoid);
