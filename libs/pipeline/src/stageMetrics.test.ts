import type { ConsumedBatch } from '@msgstatus/kafka';
import type { Outcome, OutcomeKind } from '@msgstatus/status-core';
import * as Effect from 'effect/Effect';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { stageMetrics } from './stageMetrics.js';

/** An outcome of the core, as much of it as the metrics read. */
const outcome = (kind: OutcomeKind, provider: string | null, eventType = ''): Outcome =>
  (kind === 'ignored' ? { kind, provider, eventType, reason: '' } : kind === 'invalid' ? { kind, provider, messageId: null, reason: '' } : { kind, observation: { provider } }) as Outcome;

const batch = (partition: number, records: number): ConsumedBatch => ({
  topic: 'raw.8x8',
  partition,
  records: Array.from({ length: records }, (_, index) => ({ topic: 'raw.8x8', partition, offset: String(index), key: null, value: null, headers: {}, timestamp: '0' })),
  nextOffset: String(records),
  highWatermark: String(records + 40),
  assignment: 1,
  assignedPartitions: [partition],
  member: { generationId: 1, memberId: 'member' },
  superseded: () => false,
  drop: Effect.void,
  ack: Effect.void,
  redeliver: () => Effect.void,
});
const value = async (registry: Registry, name: string, labels: Record<string, string>) => {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  return (metric?.values as Array<{ labels: Record<string, string>; value: number }> | undefined)?.find((entry) =>
    Object.entries(labels).every(([label, expected]) => String(entry.labels[label]) === expected),
  )?.value;
};

describe('stageMetrics', () => {
  it('counts a committed batch: records in and out, decisions by kind and provider, lag, time', async () => {
    const registry = new Registry();
    const metrics = stageMetrics(registry, 'ingestor');
    const first = batch(0, 3);
    const decided = metrics.tally(first);
    decided(outcome('observed', '8x8'));
    decided(outcome('observed', '8x8'));
    decided(outcome('invalid', null));
    metrics.onCommitted!(first, [{ topic: 'observations', key: 'a', value: '' }, { topic: 'observations', key: 'b', value: '' }, { topic: 'dead-letter', key: null, value: '' }], 0.02);
    expect(await value(registry, 'msgstatus_records_consumed_total', { stage: 'ingestor', topic: 'raw.8x8' })).toBe(3);
    expect(await value(registry, 'msgstatus_records_produced_total', { topic: 'observations' })).toBe(2);
    expect(await value(registry, 'msgstatus_decisions_total', { kind: 'observed', provider: '8x8' })).toBe(2);
    expect(await value(registry, 'msgstatus_decisions_total', { kind: 'invalid', provider: 'unknown' })).toBe(1);
    expect(await value(registry, 'msgstatus_consumer_lag', { partition: '0' })).toBe(40);
    expect(await registry.getSingleMetricAsString('msgstatus_batch_seconds')).toContain('msgstatus_batch_seconds_count{stage="ingestor"} 1');
  });

  it('counts ignored events by provider and event type', async () => {
    const registry = new Registry();
    const metrics = stageMetrics(registry, 'ingestor');
    const committed = batch(2, 3);
    const decided = metrics.tally(committed);
    decided(outcome('ignored', '8x8', 'template_status_update'));
    decided(outcome('ignored', '8x8', 'template_status_update'));
    decided(outcome('ignored', 'twilio', 'inbound message'));
    metrics.onCommitted!(committed, [], 0.01);
    expect(await value(registry, 'msgstatus_ignored_events_total', { provider: '8x8', event_type: 'template_status_update' })).toBe(2);
    expect(await value(registry, 'msgstatus_ignored_events_total', { provider: 'twilio', event_type: 'inbound message' })).toBe(1);
    expect(await value(registry, 'msgstatus_decisions_total', { kind: 'ignored', provider: '8x8' })).toBe(2);
  });

  it('counts nothing of an aborted batch but the abort, so a batch processed again counts once', async () => {
    const registry = new Registry();
    const metrics = stageMetrics(registry, 'projector');
    const attempt = batch(1, 2);
    metrics.tally(attempt)(outcome('accepted', 'twilio'));
    metrics.onAborted!(attempt);
    metrics.tally(attempt)(outcome('accepted', 'twilio'));
    metrics.onCommitted!(attempt, [], 0.01);
    expect(await value(registry, 'msgstatus_decisions_total', { kind: 'accepted', provider: 'twilio' })).toBe(1);
    expect(await value(registry, 'msgstatus_transaction_aborts_total', { stage: 'projector' })).toBe(1);
    expect(await value(registry, 'msgstatus_records_consumed_total', { topic: 'raw.8x8' })).toBe(2);
  });

  it('counts every batch of a partition that waits for one commit (one transaction per commit interval)', async () => {
    const registry = new Registry();
    const metrics = stageMetrics(registry, 'projector');
    const [first, second] = [batch(3, 2), batch(3, 1)];
    metrics.tally(first)(outcome('accepted', 'twilio'));
    metrics.tally(second)(outcome('accepted', 'twilio'));
    metrics.onCommitted!(first, [], 0.01);
    metrics.onCommitted!(second, [], 0.01);
    expect(await value(registry, 'msgstatus_decisions_total', { kind: 'accepted', provider: 'twilio' })).toBe(2);
  });
});
