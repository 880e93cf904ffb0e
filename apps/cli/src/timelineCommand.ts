import { providerIds } from '@msgstatus/provider-registry';
import { closureRecord, describeOutcome, outcomeOf } from '@msgstatus/audit-report';
import type { Observation } from '@msgstatus/canonical';
import { projectionConfig } from '@msgstatus/canonical';
import { Replay, type ReplayEntry } from '@msgstatus/replay';
import type { Closed } from '@msgstatus/status-core';
import * as Effect from 'effect/Effect';
import { InputUnreadableError, NothingFoundError } from './cliErrors.js';
import { openInput } from './openInput.js';
import { readLines } from './readLines.js';
import { replayLine } from './replayStream.js';

const concerns = (entry: ReplayEntry, messageId: string): boolean =>
  entry.ingested.kind === 'observed' ? entry.ingested.observation.messageId === messageId : entry.ingested.kind === 'invalid' && entry.ingested.messageId === messageId;

const describeObservation = (observation: Observation): string =>
  [
    observation.detail === null ? observation.state : `${observation.state} (${observation.detail})`,
    `provider said ${JSON.stringify(observation.providerStatus)}`,
    `attempt ${observation.attempt ?? '-'}`,
    observation.channel ?? 'no channel',
    `at ${observation.occurredAt}`,
    observation.error === null ? null : `error ${observation.error.code}${observation.error.message ? ` ${JSON.stringify(observation.error.message)}` : ''}`,
    `event ${observation.eventId}`,
  ]
    .filter(Boolean)
    .join(' · ');

/** Why nothing was found, and what the user may have meant. */
export function nothingFound(messageId: string, input: string, nearby: ReadonlyArray<string>): string {
  const found = `no raw event in ${input} concerns ${messageId}`;
  if (nearby.length > 0) return `${found}; did you mean ${nearby.slice(0, 5).join(' or ')}?`;
  return messageId.includes(':') ? found : `${found}: message ids are <provider>:<provider's id>, as in the change records (8x8:4f6c...)`;
}

/** A receipt window of the message that closed, before the item of `line` whose receipt time closed it. */
export interface ClosedItem {
  readonly closed: Closed;
  readonly line: number;
}

/** What the timeline tells, in order: the raw event items about the message, and its closed window. */
export type TimelineItem = ReplayEntry | ClosedItem;

const isClosure = (item: TimelineItem): item is ClosedItem => 'closed' in item;

/** The story as people read it: one block per raw event item, and one for a closed window. */
export function renderTimeline(messageId: string, input: string, entries: ReadonlyArray<TimelineItem>): string {
  const blocks = entries.map((entry) => {
    if (isClosure(entry)) {
      const record = closureRecord(entry.closed, entry.line);
      return `before line ${entry.line} · receipt window closed at ${record.receivedAt} · ${record.provider}\n  decision     ${describeOutcome(record.outcome)}\n`;
    }
    const head = `line ${entry.line} · received ${entry.event!.receivedAt} · ${entry.event!.provider}`;
    const raw = `  raw          ${JSON.stringify(entry.event!.payload)}`;
    const observation = entry.ingested.kind === 'observed' ? `  observation  ${describeObservation(entry.ingested.observation)}\n` : '';
    return `${head}\n${raw}\n${observation}  decision     ${describeOutcome(outcomeOf(entry))}\n`;
  });
  return `Timeline of ${messageId} in ${input}: ${entries.length} item(s)\n\n${blocks.join('\n')}`;
}

/** The story as tools read it: one JSON object per raw event item, and one for a closed window (no payload, no observation). */
export const timelineJson = (entries: ReadonlyArray<TimelineItem>): string =>
  entries
    .map((entry) => {
      if (isClosure(entry)) {
        const { line, receivedAt, provider, payload, observation, outcome } = closureRecord(entry.closed, entry.line);
        return JSON.stringify({ line, receivedAt, provider, payload, observation, outcome });
      }
      return JSON.stringify({
        line: entry.line,
        receivedAt: entry.event!.receivedAt,
        provider: entry.event!.provider,
        payload: entry.event!.payload,
        observation: entry.ingested.kind === 'observed' ? entry.ingested.observation : null,
        outcome: outcomeOf(entry),
      });
    })
    .map((line) => `${line}\n`)
    .join('');

/** `msgstatus timeline`: one message's audit story. */
export const timelineCommand = (command: { readonly messageId: string; readonly input: string; readonly json: boolean }) =>
  Effect.gen(function* () {
    const input = yield* openInput(command.input);
    const entries: TimelineItem[] = [];
    // Ids that end in the one asked for: someone who typed the provider's id without its provider.
    const nearby = new Set<string>();
    const suffix = `:${command.messageId}`;
    const replay = new Replay({
      file: input.name,
      ...(yield* projectionConfig(providerIds)),
      listConflicts: false,
      changeRecords: false,
      onClosed: (closed, line) => {
        if (closed.messageId === command.messageId) entries.push({ closed, line });
      },
      onEntry: (entry) => {
        if (concerns(entry, command.messageId)) entries.push(entry);
        else if (entry.ingested.kind === 'observed' && entry.ingested.observation.messageId.endsWith(suffix)) nearby.add(entry.ingested.observation.messageId);
      },
    });
    yield* Effect.tryPromise({
      try: async () => {
        let lastLine = 0;
        for await (const { firstLine, lines } of readLines(input.stream)) {
          lines.forEach((line, index) => replayLine(replay, line, firstLine + index));
          lastLine = firstLine + lines.length - 1;
        }
        replay.end(lastLine);
      },
      catch: (cause) => new InputUnreadableError({ input: input.name, cause }),
    });
    if (entries.length === 0) return yield* Effect.fail(new NothingFoundError({ message: nothingFound(command.messageId, input.name, [...nearby]) }));
    process.stdout.write(command.json ? timelineJson(entries) : renderTimeline(command.messageId, input.name, entries));
    return 0;
  });
