import { Metrics } from '@msgstatus/app-runtime';
import type { ConsumedBatch, ExactlyOnceOptions, OutgoingRecord } from '@msgstatus/kafka';
import * as Effect from 'effect/Effect';
import * as Option from 'effect/Option';
import type { Outcome } from '@msgstatus/status-core';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Counts the core's outcomes while a batch is processed; they are reported once its transaction
 * commits. An ignored event is counted by its type too, for `msgstatus_ignored_events_total`.
 */
export type Decided = (outcome: Outcome) => void;

const providerOf = (outcome: Outcome): string | null =>
  outcome.kind === 'ignored' || outcome.kind === 'invalid' ? outcome.provider : outcome.kind === 'closed' ? outcome.change.provider : outcome.observation.provider;

type Hooks = Pick<ExactlyOnceOptions<never, never>, 'onCommitted' | 'onAborted'>;

export interface StageMetrics extends Hooks {
  /** A fresh tally for a batch about to be processed. */
  readonly tally: (batch: ConsumedBatch) => Decided;
}

/**
 * A stage's Prometheus metrics, counted from committed transactions only, so that a batch
 * processed again after an abort is not counted twice: records consumed and produced per topic,
 * decisions by kind and provider, consumer lag per partition, aborted transactions, and the
 * seconds from a batch's fetch to its commit.
 */
export function stageMetrics(registry: Registry, stage: 'ingestor' | 'projector'): StageMetrics {
  const registers = [registry];
  const consumed = new Counter({ name: 'msgstatus_records_consumed_total', help: 'Records consumed, committed', labelNames: ['stage', 'topic'], registers });
  const produced = new Counter({ name: 'msgstatus_records_produced_total', help: 'Records produced, committed', labelNames: ['stage', 'topic'], registers });
  const decisions = new Counter({
    name: 'msgstatus_decisions_total',
    help: 'What became of each input: observed/ignored/invalid (ingestor), accepted/duplicate/stale/conflict/expired/invalid (projector), and closed receipt windows (projector)',
    labelNames: ['stage', 'kind', 'provider'],
    registers,
  });
  const ignoredEvents = new Counter({
    name: 'msgstatus_ignored_events_total',
    help: 'Events that carry no message status by their provider\'s definition, by provider and event type',
    labelNames: ['stage', 'provider', 'event_type'],
    registers,
  });
  const lag = new Gauge({ name: 'msgstatus_consumer_lag', help: 'Records behind the end of the partition after the last committed batch', labelNames: ['stage', 'topic', 'partition'], registers });
  const aborts = new Counter({ name: 'msgstatus_transaction_aborts_total', help: 'Transactions that did not commit (their batch is processed again)', labelNames: ['stage'], registers });
  const seconds = new Histogram({
    name: 'msgstatus_batch_seconds',
    help: 'Seconds from a batch fetched to its transaction committed',
    labelNames: ['stage'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  // By batch, not by partition: several batches of one partition wait for the same commit.
  const pending = new Map<ConsumedBatch, Map<string, number>>();
  return {
    tally: (batch) => {
      const counts = new Map<string, number>();
      pending.set(batch, counts);
      return (outcome) => {
        const key = `${outcome.kind}\u0000${providerOf(outcome) ?? 'unknown'}\u0000${outcome.kind === 'ignored' ? outcome.eventType : ''}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      };
    },
    onCommitted: (batch, outputs: ReadonlyArray<OutgoingRecord>, took) => {
      consumed.inc({ stage, topic: batch.topic }, batch.records.length);
      const byTopic = new Map<string, number>();
      for (const output of outputs) byTopic.set(output.topic, (byTopic.get(output.topic) ?? 0) + 1);
      for (const [topic, count] of byTopic) produced.inc({ stage, topic }, count);
      for (const [key, count] of pending.get(batch) ?? []) {
        const [kind, provider, eventType] = key.split('\u0000');
        decisions.inc({ stage, kind, provider }, count);
        if (kind === 'ignored') ignoredEvents.inc({ stage, provider, event_type: eventType }, count);
      }
      pending.delete(batch);
      const behind = BigInt(batch.highWatermark) - BigInt(batch.nextOffset);
      lag.set({ stage, topic: batch.topic, partition: String(batch.partition) }, Number(behind > 0n ? behind : 0n));
      seconds.observe({ stage }, took);
    },
    onAborted: (batch) => {
      pending.delete(batch);
      aborts.inc({ stage });
    },
  };
}

const ignoring: StageMetrics = { tally: () => () => undefined };

/** The stage's metrics in the app's registry, or none when the app has no `Metrics` (tests, tools). */
export const stageMetricsOf = (stage: 'ingestor' | 'projector'): Effect.Effect<StageMetrics> =>
  Effect.map(Effect.serviceOption(Metrics), (metrics) => (Option.isSome(metrics) ? stageMetrics(metrics.value.registry, stage) : ignoring));
