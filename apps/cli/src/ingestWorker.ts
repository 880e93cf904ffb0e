import { parentPort, workerData } from 'node:worker_threads';
import { ingestLine, ingestReading } from '@msgstatus/replay';
import type { IngestTask } from './IngestPool.js';
import { encodeIngested } from './ingestedLines.js';

/**
 * The body of an ingestion worker (`IngestPool`): each task's lines read and normalized, answered
 * as text (`encodeIngested`). Text rather than the structured clone: V8 parses JSON faster than it
 * deserializes the same objects.
 */
export function serveIngestion(): void {
  const { file } = workerData as { readonly file: string };
  parentPort!.on('message', ({ firstLine, lines }: IngestTask) => {
    const outcomes = lines.map((line, index) =>
      typeof line === 'string' ? ingestLine(line, file, firstLine + index) : ingestReading({ ok: false, reason: line.reason, provider: null }),
    );
    parentPort!.postMessage(encodeIngested(outcomes));
  });
}
