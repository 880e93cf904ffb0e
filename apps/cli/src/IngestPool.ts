import { Worker } from 'node:worker_threads';
import { IngestWorkerError } from './cliErrors.js';
import { decodeIngested, type IngestedLines } from './ingestedLines.js';

/** Lines to ingest: each a line's text, or why the reader refused it. */
export interface IngestTask {
  readonly firstLine: number;
  readonly lines: ReadonlyArray<string | { readonly reason: string }>;
}

export interface IngestPoolOptions {
  /** The script a worker runs: one that calls `serveIngestion` when it is not the main thread. */
  readonly script: URL;
  readonly workers: number;
  /** How sources name the input (`{ file, line }`). */
  readonly file: string;
}

/**
 * A worker running `script`. Node runs only JavaScript as a worker's script, and loader hooks
 * registered by `--import` do not reach workers: a TypeScript script (the sources run from the
 * workspace, the tests) is imported after registering tsx in the worker itself.
 */
function startWorker(script: URL, workerData: unknown): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { workerData });
  const launch = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); })`;
  return new Worker(launch, { eval: true, workerData });
}

/**
 * Reading and normalizing lines on worker threads: every line is independent of the others, so
 * tasks go to the workers in turn and their answers come back in the order given. The fold stays
 * with the caller, in input order. `close` ends the workers.
 */
export class IngestPool {
  readonly #workers: Worker[];
  readonly #size: number;
  /** Each worker's answers still owed, in the order it was given their tasks. */
  readonly #owed: Array<Array<{ firstLine: number; resolve: (lines: IngestedLines) => void; reject: (error: Error) => void }>>;
  #next = 0;
  #failure: Error | null = null;

  constructor(options: IngestPoolOptions) {
    this.#workers = Array.from({ length: options.workers }, () => startWorker(options.script, { file: options.file }));
    this.#size = options.workers;
    this.#owed = this.#workers.map(() => []);
    this.#workers.forEach((worker, index) => {
      worker.on('message', (text: string) => {
        const owed = this.#owed[index]!.shift();
        owed?.resolve(decodeIngested(text, options.file, owed.firstLine));
      });
      worker.on('error', (error) => this.#fail(new IngestWorkerError({ reason: error.message })));
      worker.on('exit', (code) => this.#fail(new IngestWorkerError({ reason: `it exited with code ${code}` })));
    });
  }

  get workers(): number {
    return this.#size;
  }

  /** Ingests a task on the next worker; answers resolve in the order tasks were given to each worker. */
  ingest(task: IngestTask): Promise<IngestedLines> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    const index = this.#next;
    this.#next = (index + 1) % this.#workers.length;
    return new Promise((resolve, reject) => {
      this.#owed[index]!.push({ firstLine: task.firstLine, resolve, reject });
      this.#workers[index]!.postMessage(task);
    });
  }

  async close(): Promise<void> {
    const workers = this.#workers.splice(0);
    this.#failure ??= new IngestWorkerError({ reason: 'the pool is closed' });
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  #fail(error: Error): void {
    if (this.#failure === null) this.#failure = error;
    for (const owed of this.#owed) for (const answer of owed.splice(0)) answer.reject(error);
  }
}
