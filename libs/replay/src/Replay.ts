import { partitionOf } from '@msgstatus/partitioning';
import { canonicalPartitions, readEnvelope, type ConflictEntry, type EnvelopeReading, type InvalidLine, type RawEvent, type ReplayCounts, type ReplayReport } from '@msgstatus/canonical';
import { ingest, Projection, Tally, type Closed, type Conflict, type IngestOutcome, type ProjectionOptions, type ProjectOutcome } from '@msgstatus/status-core';

/** What replay saw of one item of a line, for audits (`msgstatus timeline`). */
export interface ReplayEntry {
  readonly line: number;
  /** The raw event, or null when the line is not one. */
  readonly event: RawEvent | null;
  readonly ingested: IngestOutcome;
  /** The projection's outcome, for an observation. */
  readonly projected: ProjectOutcome | null;
}

export interface ReplayOptions extends ProjectionOptions {
  /** How sources name the input (`{ file, line }`). */
  readonly file: string;
  /**
   * The partitions of the observations topic (`MSGSTATUS_PARTITIONS`, default 6): each keeps its own
   * receipt clock, as the projector's do, so receipt windows close alike.
   */
  readonly partitions?: number;
  /** Called for every item of every line, in order: the audit trail. */
  readonly onEntry?: (entry: ReplayEntry) => void;
  /** Called for every receipt window that closed, before the entry of the line whose receipt time closed it. */
  readonly onClosed?: (closed: Closed, line: number) => void;
  /** Whether the report lists every conflict (the default); a replay without a report file saves the memory. */
  readonly listConflicts?: boolean;
  /** Whether `line` and `reading` return the change records (the default); a replay read only for its entries skips writing them. */
  readonly changeRecords?: boolean;
}

function conflictEntry(line: number, conflict: Conflict): ConflictEntry {
  const { known, observation } = conflict.anomaly;
  return {
    line,
    messageId: observation.messageId,
    rule: conflict.rule,
    reason: conflict.reason,
    known: { state: known.state, detail: known.detail, attempt: known.attempt, channel: known.channels[known.attempt - 1] ?? null },
    observed: {
      state: observation.state,
      detail: observation.detail,
      attempt: observation.attempt,
      channel: observation.channel,
      occurredAt: observation.occurredAt,
      eventId: observation.eventId,
    },
  };
}

/** A line read as a raw envelope, or null when it is blank (skipped, not counted). */
function readLine(text: string, file: string, line: number): EnvelopeReading | null {
  if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return null;
  return readEnvelope(text, { file, line });
}

/** A raw event's outcomes, one per item; a line that is no raw event is one invalid item. */
export const ingestReading = (reading: EnvelopeReading): IngestOutcome[] =>
  reading.ok ? ingest(reading.event) : [{ kind: 'invalid', provider: reading.provider, messageId: null, reason: reading.reason }];

/**
 * The outcomes of one NDJSON line (`file`'s line `line`), or null when it is blank: the part of a
 * replay that depends on the line alone, so it can run anywhere; `Replay.ingested` folds it.
 */
export function ingestLine(text: string, file: string, line: number): IngestOutcome[] | null {
  const reading = readLine(text, file, line);
  return reading === null ? null : ingestReading(reading);
}

/**
 * Replays raw NDJSON envelopes (docs/contract.md section 5) through the core, as the ingestor and
 * the projector do: lines in, the change records as NDJSON out, in input order, and the report.
 * Bad lines are counted and reported, never thrown. The same lines always give the same bytes.
 */
export class Replay {
  /** One projection per partition of the observations topic: a message's is `partitionOf(messageId)`. */
  readonly #projections: Projection[];
  readonly #tally = new Tally();
  readonly #invalidLines: InvalidLine[] = [];
  /**
   * Kept as JSON text: one flat string each. Entries holding the observation's strings could pin
   * the larger strings they were cut from (a whole chunk of input), so memory grew with the file.
   */
  readonly #conflicts: string[] = [];
  readonly #options: ReplayOptions;

  constructor(options: ReplayOptions) {
    this.#options = options;
    this.#projections = Array.from({ length: options.partitions ?? canonicalPartitions }, () => new Projection(options));
  }

  /** Replays one line; returns its change records as NDJSON (empty when none). Blank lines are skipped. */
  line(text: string, line: number): string {
    const reading = readLine(text, this.#options.file, line);
    return reading === null ? '' : this.reading(reading, line);
  }

  /**
   * Replays one raw event already read (a Kafka record, `readRawRecord`); `line` is its ordinal
   * in the input, for the report.
   */
  reading(reading: EnvelopeReading, line: number): string {
    return this.ingested(ingestReading(reading), line, reading.ok ? reading.event : null);
  }

  /**
   * Replays one raw event's outcomes, ingested elsewhere (`ingestLine`, on a worker thread): the
   * fold, in input order. `event` is for the entries (`onEntry`) only.
   */
  ingested(outcomes: readonly IngestOutcome[], line: number, event: RawEvent | null = null): string {
    this.#tally.raw++;
    let output = '';
    for (const ingested of outcomes) {
      this.#tally.count(ingested);
      const projection = ingested.kind === 'observed' ? this.#projectionOf(ingested.observation.messageId) : null;
      const projected = projection === null || ingested.kind !== 'observed' ? null : projection.project(ingested.observation);
      // Windows the clock passed close before the observation's own change, as the projector writes them.
      if (projection !== null && projected !== null) {
        for (const closed of projection.takeClosed()) {
          this.#tally.count(closed);
          if (this.#options.changeRecords !== false) output += `${JSON.stringify(closed.change)}\n`;
          this.#options.onClosed?.(closed, line);
        }
        this.#tally.count(projected);
        if (projected.kind === 'accepted' && this.#options.changeRecords !== false) output += `${JSON.stringify(projected.change)}\n`;
        else if (projected.kind === 'conflict' && this.#options.listConflicts !== false) this.#conflicts.push(JSON.stringify(conflictEntry(line, projected)));
      }
      if (ingested.kind === 'invalid') this.#invalidLines.push({ line, provider: ingested.provider, messageId: ingested.messageId, reason: ingested.reason });
      this.#options.onEntry?.({ line, event, ingested, projected });
    }
    return output;
  }

  /**
   * Ends the replay: closes the windows each partition's receipt clock has passed, as the projector
   * does at the end of a batch, and returns their change records (NDJSON; empty when none). Call it
   * once, after the last line; `line` is the last line read, for the entries.
   */
  end(line: number): string {
    let output = '';
    for (const projection of this.#projections) {
      projection.closeDue();
      for (const closed of projection.takeClosed()) {
        this.#tally.count(closed);
        if (this.#options.changeRecords !== false) output += `${JSON.stringify(closed.change)}\n`;
        this.#options.onClosed?.(closed, line);
      }
    }
    return output;
  }

  #projectionOf(messageId: string): Projection {
    const projections = this.#projections;
    return projections.length === 1 ? projections[0]! : projections[partitionOf(messageId, projections.length)]!;
  }

  get counts(): ReplayCounts {
    return this.#tally.counts();
  }

  /**
   * The report as pretty-printed JSON text, in pieces: the same text as
   * `JSON.stringify(report(), null, 2)`, without ever holding all of it. A replay of a large
   * history can list a hundred thousand conflicts.
   */
  *reportText(): Generator<string> {
    const head: Partial<ReplayReport> = this.report(false);
    delete head.conflicts;
    const headText = JSON.stringify(head, null, 2);
    if (this.#conflicts.length === 0) {
      yield `${headText.slice(0, -2)},\n  "conflicts": []\n}\n`;
      return;
    }
    yield `${headText.slice(0, -2)},\n  "conflicts": [\n`;
    for (let index = 0; index < this.#conflicts.length; index++) {
      const entry = JSON.stringify(JSON.parse(this.#conflicts[index]!), null, 2).replaceAll('\n', '\n    ');
      yield `    ${entry}${index === this.#conflicts.length - 1 ? '\n' : ',\n'}`;
    }
    yield '  ]\n}\n';
  }

  report(withConflicts = true): ReplayReport {
    return { ...this.#tally.counts(), ignoredEvents: this.#tally.ignoredEvents, invalidLines: [...this.#invalidLines], conflicts: withConflicts ? this.#conflicts.map((entry) => JSON.parse(entry) as ConflictEntry) : [] };
  }
}
