import { stageConfig, topicDefinitions } from '@msgstatus/canonical';
import { KafkaAdmin } from '@msgstatus/kafka';
import { publishRawLines } from '@msgstatus/pipeline';
import { providerIds } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';
import { InputUnreadableError } from './cliErrors.js';
import { openInput } from './openInput.js';
import { readLines, RefusedLine } from './readLines.js';

/** `msgstatus publish`: raw envelopes onto their raw topics (created if missing), in line order per key. */
export const publishCommand = (command: { readonly input: string }) =>
  Effect.gen(function* () {
    const { names, partitions, storage } = yield* stageConfig;
    yield* (yield* KafkaAdmin).ensureTopics(topicDefinitions(names, providerIds, partitions, storage));
    const input = yield* openInput(command.input);
    const batches = readLines(input.stream)[Symbol.asyncIterator]();
    let published = 0;
    const unpublishable: string[] = [];
    for (;;) {
      const next = yield* Effect.tryPromise({ try: () => batches.next(), catch: (cause) => new InputUnreadableError({ input: input.name, cause }) });
      if (next.done) break;
      const { firstLine, lines } = next.value;
      lines.forEach((line, index) => {
        if (line instanceof RefusedLine) unpublishable.push(`  line ${firstLine + index}: ${line.reason}`);
      });
      // A refused line stands in as a blank one: skipped, and the numbering of the rest holds.
      const result = yield* publishRawLines(lines.map((line) => (line instanceof RefusedLine ? '' : line)), names, firstLine);
      published += result.published;
      unpublishable.push(...result.unpublishable.map(({ line, reason }) => `  line ${line}: ${reason}`));
    }
    process.stderr.write(`msgstatus: published ${published} raw events to ${names.raw('<provider>')}\n`);
    if (unpublishable.length > 0) process.stderr.write(`msgstatus: ${unpublishable.length} lines not published:\n${unpublishable.join('\n')}\n`);
    return 0;
  });
