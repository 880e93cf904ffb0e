import {
  readEnvelope,
  type EnvelopeReading,
  type InvalidLine,
  type NormalizedItem,
  type RawEvent,
  type ReplayCounts,
  type ReplayReport,
} from '@msgstatus/canonical';
import { normalizeRawEvent } from '@msgstatus/provider-registry';
import { StatusProjection, type ProjectionStep, type StatusProjectionOptions } from './StatusProjection.js';

/** What replay saw on one line, for audits (`msgstatus timeline`). */
export type ReplayEntry =
  | { readonly line: number; readonly event: RawEvent; readonly item: NormalizedItem; readonly step: ProjectionStep | null }
  | { readonly line: number; readonly event: null; readonly item: Extract<NormalizedItem, { _tag: 'Invalid' }>; readonly step: null };

export interface ReplayOptions extends StatusProjectionOptions {
  /** How sources name the input (`{ file, line }`). */
  readonly file: string;
  /** Called for every item of every line, in order: the audit trail. */
  readonly onEntry?: (entry: ReplayEntry) => void;
}

/**
 * Replays raw NDJSON envelopes (docs/contract.md section 5): each line normalized by its provider and
 * folded through the machine, the change records returned as NDJSON in input order. Bad lines are
 * counted and reported, never thrown. The same lines always give the same bytes.
 */
export class Replay {
  readonly #projection: StatusProjection;
  readonly #counts: { -readonly [K in keyof ReplayCounts]-?: number } = {
    raw: 0,
    observations: 0,
    accepted: 0,
    duplicate: 0,
    stale: 0,
    conflict: 0,
    expired: 0,
    ignored: 0,
    invalid: 0,
  };
  readonly #invalidLines: InvalidLine[] = [];
  readonly #ignoredEvents = new Map<string, number>();
  readonly #options: ReplayOptions;

  constructor(options: ReplayOptions) {
    this.#options = options;
    this.#projection = new StatusProjection(options);
  }

  /** Replays one line; returns its change records as NDJSON (empty when none). Blank lines are skipped. */
  line(text: string, line: number): string {
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return '';
    return this.reading(readEnvelope(text, { file: this.#options.file, line }), line);
  }

  /**
   * Replays one raw event already read (a Kafka record, `readRawRecord`); `line` is its ordinal
   * in the input, for the report.
   */
  reading(reading: EnvelopeReading, line: number): string {
    this.#counts.raw++;
    if (!reading.ok) {
      this.#invalid(line, reading.provider, null, reading.reason);
      this.#options.onEntry?.({ line, event: null, item: { _tag: 'Invalid', reason: reading.reason, messageId: null }, step: null });
      return '';
    }
    let output = '';
    for (const item of normalizeRawEvent(reading.event)) {
      let step: ProjectionStep | null = null;
      if (item._tag === 'Observed') {
        this.#counts.observations++;
        step = this.#projection.apply(item.observation);
        this.#counts[step.decision.kind]++;
        if (step.record !== null) output += `${JSON.stringify(step.record)}\n`;
      } else if (item._tag === 'Ignored') {
        this.#counts.ignored++;
        const eventType = `${reading.event.provider} ${item.eventType}`;
        this.#ignoredEvents.set(eventType, (this.#ignoredEvents.get(eventType) ?? 0) + 1);
      } else {
        this.#invalid(line, reading.event.provider, item.messageId, item.reason);
      }
      this.#options.onEntry?.({ line, event: reading.event, item, step });
    }
    return output;
  }

  #invalid(line: number, provider: string | null, messageId: string | null, reason: string): void {
    this.#counts.invalid++;
    this.#invalidLines.push({ line, provider, messageId, reason });
  }

  get counts(): ReplayCounts {
    return { ...this.#counts };
  }

  report(): ReplayReport {
    const ignoredEvents = Object.fromEntries([...this.#ignoredEvents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { ...this.#counts, ignoredEvents, invalidLines: [...this.#invalidLines] };
  }
}
