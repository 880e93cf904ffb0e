import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { localStorageEnv } from './pipelineTestKit.js';

const repositoryRoot = new URL('../../../../', import.meta.url).pathname;

/** A port nothing listens on now (for an app's HTTP server). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export type AppName = 'ingestor' | 'projector' | 'gateway' | 'poller';

/**
 * One of the apps (`ingestor`, `projector`) as its own process, as in production, under a tiny
 * supervisor: started and awaited until ready (its `/health/ready`), killed with any signal and
 * awaited until gone, started again. Counts its starts and kills.
 */
export class SupervisedApp {
  readonly app: AppName;
  readonly #env: Readonly<Record<string, string>>;
  #child: ChildProcess | null = null;
  #healthPort = 0;
  #exited: Promise<number | null> = Promise.resolve(null);
  readonly #capture: boolean;
  readonly #launcher: 'node' | 'npm start';
  readonly #logFile: string | null;
  starts = 0;
  kills = 0;
  lastExitCode: number | null = null;
  /** Everything the app wrote (stdout and stderr), when created with `capture`. */
  output = '';

  /**
   * `launcher`: `node` runs the app's main.ts as the container image does; `npm start` runs it as
   * the README does, so that signals go to npm, as an operator's would. `logFile`: its output is
   * appended there, every start's, instead of to this process's own.
   */
  constructor(
    app: AppName,
    env: Readonly<Record<string, string>>,
    options: { readonly capture?: boolean; readonly launcher?: 'node' | 'npm start'; readonly logFile?: string } = {},
  ) {
    this.app = app;
    this.#env = env;
    this.#capture = options.capture ?? false;
    this.#launcher = options.launcher ?? 'node';
    this.#logFile = options.logFile ?? null;
  }

  /** The port of its health server (and, for a projector, its lookup API) while it runs. */
  get port(): number {
    return this.#healthPort;
  }

  get running(): boolean {
    return this.#child !== null;
  }

  /** Starts the app and resolves once it is ready; rejects if it exits or is not ready in time. */
  async start(readyWithinMs = 60_000): Promise<void> {
    const port = await freePort();
    this.#healthPort = port;
    const [command, ...args] =
      this.#launcher === 'node' ? [process.execPath, '--import', 'tsx', `apps/${this.app}/src/main.ts`] : ['npm', 'start', '--silent', '-w', `apps/${this.app}`];
    if (this.#logFile !== null) mkdirSync(dirname(this.#logFile), { recursive: true });
    const log = this.#logFile === null ? null : openSync(this.#logFile, 'a');
    const output = log ?? (this.#capture ? 'pipe' : 'inherit');
    const child = spawn(command!, args, {
      cwd: repositoryRoot,
      env: { ...localStorageEnv, ...process.env, LOG_LEVEL: 'warning', ...this.#env, HEALTH_PORT: String(port) },
      stdio: ['ignore', output, output],
    });
    // The child holds its own copy of the descriptor.
    if (log !== null) closeSync(log);
    if (this.#capture) {
      child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
      child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    }
    this.#child = child;
    this.starts++;
    this.#exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        if (this.#child === child) this.#child = null;
        this.lastExitCode = code;
        resolve(code);
      }),
    );
    const deadline = Date.now() + readyWithinMs;
    while (Date.now() < deadline) {
      if (this.#child !== child) throw new Error(`the ${this.app} exited with code ${this.lastExitCode} before it was ready`);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((response) => response.ok, () => false);
      if (ready) return;
      await sleep(250);
    }
    throw new Error(`the ${this.app} was not ready after ${readyWithinMs} ms`);
  }

  /** The app's Prometheus metrics, as `GET /metrics` serves them. */
  async metrics(): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${this.#healthPort}/metrics`);
    if (!response.ok) throw new Error(`GET /metrics of the ${this.app} answered ${response.status}`);
    return response.text();
  }

  /** Sends `signal` and resolves with the exit code once the process is gone. */
  async stop(signal: 'SIGKILL' | 'SIGTERM' | 'SIGINT'): Promise<number | null> {
    const child = this.#child;
    if (child === null) return this.lastExitCode;
    if (signal === 'SIGKILL') this.kills++;
    child.kill(signal);
    return this.#exited;
  }
}
