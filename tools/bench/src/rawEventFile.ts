import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rawEventLines } from '@msgstatus/pipeline/testing';

/** The generated raw events the replay and report figures share, as one NDJSON file: `lines` lines over a tenth as many messages. */
export async function writeRawEventFile(file: string, lines: number): Promise<void> {
  const output = createWriteStream(file);
  let chunk = '';
  for (const line of rawEventLines(lines, Math.max(1, Math.round(lines / 10)))) {
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      if (!output.write(chunk)) await once(output, 'drain');
      chunk = '';
    }
  }
  output.end(chunk);
  await once(output, 'finish');
}
