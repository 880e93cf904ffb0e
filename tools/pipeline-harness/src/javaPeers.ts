import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const runScript = new URL('../../peer-kafka-streams/run.sh', import.meta.url).pathname;

/** A Java peer (tools/peer-kafka-streams) running as its own process. */
export interface JavaPeer {
  /** When it printed "started": its clients exist, nothing is consumed yet. */
  readonly startedAt: number;
  /** Every line it printed after "started". */
  readonly lines: string[];
  readonly exited: Promise<number | null>;
  stop(): Promise<number | null>;
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

/** Starts `Peer.java <mode> <args>`; resolves once it says "started". */
export async function startPeer(mode: string, args: ReadonlyArray<string>): Promise<JavaPeer> {
  const child: ChildProcess = spawn('bash', [runScript, mode, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout! });
  const startedAt = await new Promise<number>((resolve, reject) => {
    reader.on('line', (line) => {
      if (line === 'started') resolve(Date.now());
      else lines.push(line);
    });
    void exited.then((code) => reject(new Error(`peer ${mode} exited ${code} before it started: ${stderr}`)));
  });
  return {
    startedAt,
    lines,
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
