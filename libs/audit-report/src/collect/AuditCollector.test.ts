import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readEnvelope } from '@msgstatus/canonical';
import { ingest, Projection, Tally } from '@msgstatus/status-core';
import { describe, expect, it } from 'vitest';
import { decisionKinds, messageFlags, type EventRecord, type MessageIndex, type ProblemTable } from '../reportFormat.js';
import { AuditCollector } from './AuditCollector.js';

const sample = readFileSync(new URL('../../../../apps/cli/samples/provider-events.ndjson', import.meta.url), 'utf8').split('\n').filter(Boolean);

/** The sample through the core, as replay feeds the collector: every item of every line, in order. */
async function collect(chunkSize: number) {
  const collector = new AuditCollector({ chunkSize });
  const projection = new Projection({});
  const tally = new Tally();
  sample.forEach((text, index) => {
    const line = index + 1;
    tally.raw++;
    const reading = readEnvelope(text, { file: 'sample', line });
    const outcomes = reading.ok ? ingest(reading.event) : [{ kind: 'invalid' as const, provider: reading.provider, messageId: null, reason: reading.reason }];
    for (const ingested of outcomes) {
      tally.count(ingested);
      const projected = ingested.kind === 'observed' ? projection.project(ingested.observation) : null;
      if (projected !== null) tally.count(projected);
      collector.add({ line, event: reading.ok ? reading.event : null, ingested, projected });
    }
  });
  const counts = tally.counts();
  return { counts, report: await collector.finish({ input: 'sample', version: '0.0.0', counts: { ...counts }, ignoredEvents: tally.ignoredEvents }) };
}

const json = <T>(bytes: Buffer): T => JSON.parse(gunzipSync(bytes).toString('utf8')) as T;
const fallbackMessage = '8x8:5b1f0c7e-1a2b-4c3d-8e9f-000000000001';

describe('AuditCollector', async () => {
  const { counts, report } = await collect(4);
  const index = json<MessageIndex>(report.messages);
  const events = report.chunks.flatMap((chunk) => json<EventRecord[]>(chunk));

  it('counts every decision once, per provider and per channel alike, as the tally does', () => {
    for (const table of [report.summary.decisionsByProvider, report.summary.decisionsByChannel]) {
      for (const kind of decisionKinds) {
        const total = Object.values(table).reduce((sum, row) => sum + row[kind], 0);
        expect(total, kind).toBe(counts[kind] ?? 0);
      }
    }
    expect(report.summary.events).toBe(events.length);
    expect(report.summary.decisionsByProvider['unknown']?.invalid).toBeGreaterThan(0);
  });

  it('keeps every item in chunks, in input order, each as the timeline tells it', () => {
    expect(report.chunks).toHaveLength(Math.ceil(events.length / 4));
    expect(events.map((event) => event.line)).toEqual([...events.map((event) => event.line)].sort((a, b) => a - b));
    const late = events.find((event) => event.line === 10 && event.outcome.kind === 'stale')!;
    expect(late).toMatchObject({ lane: 'attempt 1 · Viber', outcome: { rule: 'earlier-attempt' }, observation: { channel: 'Viber' } });
  });

  it("indexes each message's events, final state and what it went through", () => {
    const message = index.id.indexOf(fallbackMessage);
    let ordinal = 0;
    const start = index.eventCount.slice(0, message).reduce((sum, count) => sum + count, 0);
    const ordinals = index.eventDeltas.slice(start, start + index.eventCount[message]!).map((delta) => (ordinal += delta));
    expect(ordinals.map((at) => events[at]!.line)).toEqual([7, 8, 9, 10, 10]);
    expect(ordinals.map((at) => events[at]!.lane)).toEqual(['attempt 1 · Viber', 'attempt 2 · WhatsApp', 'attempt 2 · WhatsApp', 'attempt 1 · Viber', 'attempt 2 · WhatsApp']);
    expect(index.finalState[message]).toBe('read');
    const flags = index.flags[message]!;
    expect(Object.entries(messageFlags).filter(([, bit]) => (flags & bit) !== 0).map(([flag]) => flag)).toEqual(['fallback', 'late', 'stale', 'duplicate', 'final']);
    expect(index.providerMessageId[index.id.indexOf('chuanglan:356139161272397824')]).toBe('356139161272397824');
  });

  it('sums final states to the messages, and gives journeys by attempt', () => {
    expect(Object.values(report.summary.finals).reduce((sum, count) => sum + count, 0)).toBe(index.id.length);
    expect(report.summary.journeys[0]).toMatchObject({ channels: ['Viber', 'SMS'], messages: 1 });
    expect(report.summary.journeys.find((journey) => journey.channels.join() === 'Viber,WhatsApp')).toMatchObject({ messages: 1, finals: { read: 1 } });
  });

  it('lists conflicts and invalid lines among the problems, with their reasons', () => {
    const problems = json<ProblemTable>(report.problems);
    expect(problems.kind.filter((kind) => kind === 'conflict')).toHaveLength(counts.conflict);
    expect(problems.kind.filter((kind) => kind === 'invalid')).toHaveLength(counts.invalid);
    expect(problems.reason[problems.line.indexOf(33)]).toContain('unknown provider "bandwidth"');
  });

  it('gives the same bytes for the same input', async () => {
    const again = (await collect(4)).report;
    expect(Buffer.concat(again.chunks)).toEqual(Buffer.concat(report.chunks));
    expect(again.messages).toEqual(report.messages);
  });
});

describe('AuditCollector with receipt windows', async () => {
  // An 8x8 SMS sent and never heard of again; another message 50 hours later moves the clock past its 49-hour window.
  const receipt = (umid: string, state: string, receivedAt: string) =>
    JSON.stringify({ provider: '8x8', receivedAt, payload: { namespace: 'SMS', eventType: 'outbound_message_status_changed', payload: { umid, status: { state, timestamp: receivedAt } } } });
  const lines = [receipt('lost', 'sent', '2026-01-05T10:00:00.000Z'), receipt('later', 'queued', '2026-01-07T12:00:00.000Z')];
  const collector = new AuditCollector({ chunkSize: 8 });
  const projection = new Projection({});
  const tally = new Tally();
  lines.forEach((text, index) => {
    const reading = readEnvelope(text, { file: 'windows', line: index + 1 });
    if (!reading.ok) throw new Error(reading.reason);
    for (const ingested of ingest(reading.event)) {
      const projected = ingested.kind === 'observed' ? projection.project(ingested.observation) : null;
      for (const closed of projection.takeClosed()) {
        tally.count(closed);
        collector.addClosure(closed, index + 1);
      }
      if (projected !== null) tally.count(projected);
      collector.add({ line: index + 1, event: reading.event, ingested, projected });
    }
  });
  const report = await collector.finish({ input: 'windows', version: '0.0.0', counts: { ...tally.counts() }, ignoredEvents: {} });
  const index = json<MessageIndex>(report.messages);
  const events = report.chunks.flatMap((chunk) => json<EventRecord[]>(chunk));

  it("shows a closed window as an event of its message, in its attempt's lane, before the line whose receipt closed it", () => {
    expect(events.map((event) => [event.line, event.outcome.kind])).toEqual([
      [1, 'accepted'],
      [2, 'closed'],
      [2, 'accepted'],
    ]);
    expect(events[1]).toEqual({
      line: 2,
      lane: 'attempt 1 · SMS',
      receivedAt: '2026-01-07T11:00:00.000Z',
      provider: '8x8',
      payload: null,
      observation: null,
      outcome: { kind: 'closed', rule: 'window-closed', version: 2, state: 'sent' },
    });
  });

  it('flags the message closed and final, and counts messages by finality', () => {
    const lost = index.id.indexOf('8x8:lost');
    expect(Object.entries(messageFlags).filter(([, bit]) => (index.flags[lost]! & bit) !== 0).map(([flag]) => flag)).toEqual(['final', 'closed']);
    expect(report.summary.finality).toEqual({ open: 1, 'window-closed': 1 });
    expect(report.summary.decisionsByProvider['8x8']).toMatchObject({ accepted: 2, closed: 1 });
    expect(report.summary.counts).toMatchObject({ closed: 1, final: 1 });
  });
});
