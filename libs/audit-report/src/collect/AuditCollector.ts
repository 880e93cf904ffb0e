import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';
import { decisionKinds, messageFlags, type DecisionKindCount, type EventRecord, type Journey, type MessageIndex, type ProblemTable, type ReportSummary } from '../reportFormat.js';
import type { Observation } from '@msgstatus/canonical';
import { resolveAttempt, type MessageStatus } from '@msgstatus/status-machine';
import type { Closed } from '@msgstatus/status-core';
import { closureRecord, eventRecord, laneName, type AuditEntry } from './eventRecord.js';

/** Events per gzipped chunk: a message's events are near each other in time, so most open one or two. */
export const defaultChunkSize = 2048;
/** A receipt this long after the provider's time is drawn as late. */
export const lateAfterMs = 60_000;

interface MessageEntry {
  readonly id: string;
  providerMessageId: string;
  finalState: string;
  /** What the machine knows of the message: its attempt, the channel of each, and whether it is final. */
  status: MessageStatus | null;
  flags: number;
  readonly events: number[];
}

const emptyCounts = (): DecisionKindCount => Object.fromEntries(decisionKinds.map((kind) => [kind, 0])) as DecisionKindCount;

const tallyInto = (table: Map<string, DecisionKindCount>, key: string, kind: keyof DecisionKindCount) => {
  let counts = table.get(key);
  if (counts === undefined) table.set(key, (counts = emptyCounts()));
  counts[kind]++;
};

const sortedRecord = <T>(table: Map<string, T>): Record<string, T> => Object.fromEntries([...table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * The lane of an observation: the attempt the machine places it on, as the projection did (an
 * accepted one has moved the message there already), named by that attempt's channel as first seen.
 */
function laneOf(status: MessageStatus | null, observation: Observation): string {
  const attempt = status === null ? (observation.attempt ?? 1) : resolveAttempt(status, observation).attempt;
  return laneName(attempt, status?.channels[attempt - 1] ?? observation.channel);
}

const gzipJson = (value: unknown): Buffer => gzipSync(JSON.stringify(value));

// Chunks are compressed on libuv's threads, beside the replay, not on its thread.
const gzipAsync = promisify(gzip);

/** What the report's page needs besides the summary, ready to embed. */
export interface CollectedReport {
  readonly summary: ReportSummary;
  /** Gzipped JSON: the message index, the problems, and the events chunk by chunk. */
  readonly messages: Buffer;
  readonly problems: Buffer;
  readonly chunks: ReadonlyArray<Buffer>;
}

/**
 * Gathers what the audit report shows from replay's entries, one at a time, so a history of
 * millions of events is held compressed: each event's record goes into a chunk that is gzipped as
 * soon as it is full; per message only its event ordinals, its final state and what it went through.
 */
export class AuditCollector {
  readonly #chunkSize: number;
  readonly #chunks: Promise<Buffer>[] = [];
  #chunk: string[] = [];
  #events = 0;
  readonly #messages = new Map<string, MessageEntry>();
  readonly #byProvider = new Map<string, DecisionKindCount>();
  readonly #byChannel = new Map<string, DecisionKindCount>();
  readonly #problems = { line: [] as number[], kind: [] as ProblemTable['kind'][number][], messageId: [] as (string | null)[], provider: [] as (string | null)[], rule: [] as (string | null)[], reason: [] as string[] };

  constructor(options: { readonly chunkSize?: number } = {}) {
    this.#chunkSize = options.chunkSize ?? defaultChunkSize;
  }

  /** Takes one item of a line, in input order (replay's `onEntry`). */
  readonly add = (entry: AuditEntry): void => {
    const ordinal = this.#events++;
    const messageId = entry.ingested.kind === 'observed' ? entry.ingested.observation.messageId : entry.ingested.kind === 'invalid' ? entry.ingested.messageId : null;
    const message = messageId === null ? null : this.#message(messageId);
    const observation = entry.ingested.kind === 'observed' ? entry.ingested.observation : null;
    if (message !== null && entry.projected?.kind === 'accepted') message.status = entry.projected.status;
    const record = eventRecord(entry, observation === null ? null : laneOf(message!.status, observation));
    this.#chunk.push(JSON.stringify(record));
    if (this.#chunk.length === this.#chunkSize) this.#sealChunk();
    tallyInto(this.#byProvider, record.provider ?? 'unknown', record.outcome.kind);
    tallyInto(this.#byChannel, record.observation?.channel ?? 'no channel', record.outcome.kind);
    this.#noteProblem(record, messageId);
    if (message !== null) this.#noteMessage(message, ordinal, entry);
  };

  /** Takes a receipt window that closed, before the item of `line` whose receipt time closed it (replay's `onClosed`). */
  readonly addClosure = (closed: Closed, line: number): void => {
    const ordinal = this.#events++;
    const message = this.#message(closed.messageId);
    const record = closureRecord(closed, line);
    this.#chunk.push(JSON.stringify(record));
    if (this.#chunk.length === this.#chunkSize) this.#sealChunk();
    tallyInto(this.#byProvider, record.provider ?? 'unknown', 'closed');
    tallyInto(this.#byChannel, closed.change.channel ?? 'no channel', 'closed');
    message.events.push(ordinal);
    if (message.status !== null) message.status = { ...message.status, version: closed.change.version, final: 'window-closed' };
    message.flags |= messageFlags.closed | messageFlags.final;
  };

  /** Conflicts (the anomalies), expired observations and invalid items, for the problems table. */
  #noteProblem({ line, provider, outcome }: EventRecord, messageId: string | null): void {
    if (outcome.kind !== 'conflict' && outcome.kind !== 'expired' && outcome.kind !== 'invalid') return;
    this.#problems.line.push(line);
    this.#problems.kind.push(outcome.kind);
    this.#problems.messageId.push(messageId);
    this.#problems.provider.push(provider);
    this.#problems.rule.push(outcome.kind === 'invalid' ? null : outcome.rule);
    this.#problems.reason.push(outcome.reason);
  }

  /** What the message went through, and where it stands after this item. */
  #noteMessage(message: MessageEntry, ordinal: number, entry: AuditEntry): void {
    message.events.push(ordinal);
    if (entry.ingested.kind === 'invalid') message.flags |= messageFlags.invalid;
    if (entry.ingested.kind !== 'observed') return;
    const { observation } = entry.ingested;
    message.providerMessageId = observation.providerMessageId;
    if (Date.parse(observation.observedAt) - Date.parse(observation.occurredAt) > lateAfterMs) message.flags |= messageFlags.late;
    const projected = entry.projected!;
    if (projected.kind === 'accepted') {
      message.finalState = projected.status.state;
      if (projected.status.attempt > 1) message.flags |= messageFlags.fallback;
      // Final once, for good: a message forgotten and started again long after is rare, and was final.
      if (projected.change.final === true) message.flags |= messageFlags.final;
    } else {
      message.flags |= messageFlags[projected.kind];
    }
  }

  #message(id: string): MessageEntry {
    let message = this.#messages.get(id);
    if (message === undefined) {
      message = { id, providerMessageId: id.slice(id.indexOf(':') + 1), finalState: 'none', status: null, flags: 0, events: [] };
      this.#messages.set(id, message);
    }
    return message;
  }

  #sealChunk(): void {
    if (this.#chunk.length === 0) return;
    this.#chunks.push(gzipAsync(`[${this.#chunk.join(',')}]`));
    this.#chunk = [];
  }

  /** The report's data; `counts` are replay's own, so the page shows the numbers of `replay --report`. */
  async finish(head: { readonly input: string; readonly version: string; readonly counts: Readonly<Record<string, number>>; readonly ignoredEvents: Readonly<Record<string, number>> }): Promise<CollectedReport> {
    this.#sealChunk();
    const messages = [...this.#messages.values()];
    const finals = new Map<string, number>();
    const finality = new Map<string, number>();
    const journeys = new Map<string, { channels: string[]; messages: number; finals: Map<string, number> }>();
    const index = { id: [] as string[], providerMessageId: [] as string[], finalState: [] as string[], flags: [] as number[], eventCount: [] as number[], eventDeltas: [] as number[] };
    for (const message of messages) {
      finals.set(message.finalState, (finals.get(message.finalState) ?? 0) + 1);
      const final = message.status?.final ?? null;
      const standing = message.status === null ? 'none' : final === null ? 'open' : final;
      finality.set(standing, (finality.get(standing) ?? 0) + 1);
      if (message.status !== null) {
        const channels = message.status.channels.map((channel) => channel ?? 'unknown channel');
        const key = channels.join('\u0000');
        const journey = journeys.get(key) ?? { channels, messages: 0, finals: new Map<string, number>() };
        journey.messages++;
        journey.finals.set(message.finalState, (journey.finals.get(message.finalState) ?? 0) + 1);
        journeys.set(key, journey);
      }
      index.id.push(message.id);
      index.providerMessageId.push(message.providerMessageId);
      index.finalState.push(message.finalState);
      index.flags.push(message.flags);
      index.eventCount.push(message.events.length);
      let previous = 0;
      for (const ordinal of message.events) {
        index.eventDeltas.push(ordinal - previous);
        previous = ordinal;
      }
    }
    const journeyList: Journey[] = [...journeys.values()]
      .map((journey) => ({ channels: journey.channels, messages: journey.messages, finals: sortedRecord(journey.finals) }))
      .sort((a, b) => b.channels.length - a.channels.length || b.messages - a.messages || a.channels.join().localeCompare(b.channels.join()));
    const summary: ReportSummary = {
      input: head.input,
      version: head.version,
      counts: head.counts,
      ignoredEvents: head.ignoredEvents,
      decisionsByProvider: sortedRecord(this.#byProvider),
      decisionsByChannel: sortedRecord(this.#byChannel),
      finals: sortedRecord(finals),
      finality: sortedRecord(finality),
      journeys: journeyList,
      messages: messages.length,
      events: this.#events,
      problems: this.#problems.line.length,
      chunkSize: this.#chunkSize,
      chunks: this.#chunks.length,
      lateAfterMs,
    };
    const problems: ProblemTable = this.#problems;
    const messageIndex: MessageIndex = index;
    return { summary, messages: gzipJson(messageIndex), problems: gzipJson(problems), chunks: await Promise.all(this.#chunks) };
  }
}
