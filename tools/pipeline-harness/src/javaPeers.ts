import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const runScript = new URL('../../peer-kafka-streams/run.sh', import.meta.url).pathname;

/** One run of a Java peer (tools/peer-kafka-streams), in the peer's JVM. */
export interface PeerRun {
  /** When it printed "started": its clients exist, nothing is consumed yet. */
  readonly startedAt: number;
  /** Every line it printed after "started". */
  readonly lines: string[];
  /** Settles when the run has ended (the plain passthrough ends by itself, after its count). */
  readonly finished: Promise<void>;
  /** Ends a Kafka Streams run: its clients closed, its local state removed. */
  stop(): Promise<void>;
}

/**
 * One JVM that runs the peers one after another (`Peer.java serve`), so that its class loading and
 * JIT are warm when a measured round starts, as a long-running Java service's would be.
 */
export interface WarmPeer {
  run(mode: string, args: ReadonlyArray<string>): Promise<PeerRun>;
  close(): Promise<void>;
}

/** Fetches the peers' jars once (Maven), so that no measurement includes it. */
export async function preparePeers(): Promise<void> {
  const child = spawn('bash', [runScript, 'none'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  // The launcher compiles Peer.java, then refuses the unknown mode: both prove the set-up works.
  if (code === 0 || !stderr.includes('unknown mode none')) throw new Error(`the Java peers cannot run: ${stderr}`);
}

/** Starts the peer's JVM; each `run` waits for the one before it to have finished. */
export async function startWarmPeer(): Promise<WarmPeer> {
  const child = spawn('bash', [runScript, 'serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    // Kafka's clients log to stderr: only the tail is kept, for the message of a peer that died.
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const died = exited.then((code) => Promise.reject(new Error(`the Java peer exited ${code}: ${stderr}`)));
  died.catch(() => undefined);
  // What the current run is waiting for; lines arrive in order, so one of each at a time.
  let onStarted: ((at: number) => void) | undefined;
  let onStopped: (() => void) | undefined;
  let lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'started') onStarted?.(Date.now());
    else if (line === 'stopped') onStopped?.();
    else lines.push(line);
  });
  let previous: Promise<void> = Promise.resolve();
  const send = (line: string) => child.stdin.write(`${line}\n`);
  return {
    run: async (mode, args) => {
      await previous;
      lines = [];
      const runLines = lines;
      const finished = Promise.race([new Promise<void>((resolve) => (onStopped = resolve)), died]);
      previous = finished.catch(() => undefined);
      const started = Promise.race([new Promise<number>((resolve) => (onStarted = resolve)), died]);
      send([mode, ...args].join(' '));
      const stop = () => {
        send('stop');
        return finished;
      };
      return { startedAt: await started, lines: runLines, finished, stop };
    },
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
