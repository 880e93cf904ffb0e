import { readFileSync } from 'node:fs';
import { StatusChangeRecord } from '@msgstatus/canonical';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Replay, type ReplayEntry } from './Replay.js';

const sampleLines = readFileSync(new URL('../../../apps/cli/samples/provider-events.ndjson', import.meta.url), 'utf8').split('\n');

function replayAll(lines: ReadonlyArray<string>, onEntry?: (entry: ReplayEntry) => void) {
  const replay = new Replay({ file: 'sample.ndjson', ...(onEntry ? { onEntry } : {}) });
  const output = lines.map((line, index) => replay.line(line, index + 1)).join('');
  const records = output
    .split('\n')
    .filter(Boolean)
    .map((line) => StatusChangeRecord.parse(JSON.parse(line)));
  return { output, records, report: replay.report() };
}

const statesOf = (records: ReadonlyArray<StatusChangeRecord>, messageId: string) =>
  records.filter((record) => record.messageId === messageId).map((record) => record.state);

describe('Replay of the bundled sample provider events', () => {
  const { output, records, report } = replayAll(sampleLines);

  it('writes valid change records whose versions run 1, 2, 3... per message', () => {
    const versions = new Map<string, number>();
    for (const record of records) {
      expect(record.version).toBe((versions.get(record.messageId) ?? 0) + 1);
      versions.set(record.messageId, record.version);
    }
    expect(versions.size).toBeGreaterThan(5);
  });

  it('accounts for every observation and every raw line', () => {
    expect(report.observations).toBe(report.accepted + report.duplicate + report.stale + report.conflict + (report.expired ?? 0));
    // Every change record is an accepted observation or a closed receipt window.
    expect(report.accepted + (report.closed ?? 0)).toBe(records.length);
    expect(report.final).toBe(records.filter((record) => record.final).length);
    expect(report.raw).toBe(sampleLines.filter((line) => line.trim() !== '').length);
    expect(report.invalid).toBe(report.invalidLines.length);
  });

  it('names what it ignored by provider and event type', () => {
    expect(report.ignoredEvents).toEqual({
      '8x8 inbound_message_received': 1,
      'alphasms status unknown': 1,
      'chuanglan whatsapp_mo_message_received': 1,
    });
    expect(Object.values(report.ignoredEvents ?? {}).reduce((sum, count) => sum + count, 0)).toBe(report.ignored);
  });

  it('keeps a delivered SMS delivered when its late sent arrives, and refines its detail', () => {
    const sms = records.filter((record) => record.messageId === '8x8:0fa4c0a1-5b8e-4f06-9e3a-2a6f1b1e7c11');
    expect(sms.map((record) => [record.state, record.detail])).toEqual([
      ['queued', null],
      ['sent', null],
      ['delivered', 'delivered_to_operator'],
      ['delivered', 'delivered_to_recipient'],
    ]);
  });

  it('follows a Viber → WhatsApp fallback and ignores the later poll of both steps', () => {
    const fallback = records.filter((record) => record.messageId === '8x8:5b1f0c7e-1a2b-4c3d-8e9f-000000000001');
    expect(fallback.map((record) => [record.state, record.attempt, record.channel])).toEqual([
      ['undelivered', 1, 'Viber'],
      ['delivered', 2, 'WhatsApp'],
      ['read', 2, 'WhatsApp'],
    ]);
  });

  it("does not let Chuanglan's failed sample undo its read sample: a conflict, reported", () => {
    expect(statesOf(records, 'chuanglan:356139161272397824')).toEqual(['delivered', 'read']);
    expect(report.conflict).toBeGreaterThanOrEqual(1);
  });

  it('follows an AlphaSMS cascade from viber to sms', () => {
    expect(records.filter((record) => record.messageId === 'alphasms:20020').map((record) => [record.state, record.attempt])).toEqual([
      ['queued', 1],
      ['undelivered', 1],
      ['delivered', 2],
    ]);
  });

  it('gives the same bytes on every run', () => {
    expect(replayAll(sampleLines).output).toBe(output);
  });

  it('tells the audit trail every item of every line', () => {
    const entries: ReplayEntry[] = [];
    replayAll(sampleLines, (entry) => entries.push(entry));
    expect(entries.filter((entry) => entry.ingested.kind === 'observed')).toHaveLength(report.observations);
    expect(entries.filter((entry) => entry.ingested.kind === 'invalid')).toHaveLength(report.invalid);
  });
});

describe('Replay of garbage', () => {
  it('never throws and reports every non-blank line that is not an envelope', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.json(), fc.constant('{"provider":"8x8","receivedAt":"2026-01-05T10:00:00Z","payload":{"data":[{}]}}'))), (lines) => {
        const replay = new Replay({ file: 'garbage' });
        const flat = lines.flatMap((line) => line.split('\n'));
        flat.forEach((line, index) => replay.line(line, index + 1));
        const report = replay.report();
        expect(report.raw).toBe(flat.filter((line) => line.trim() !== '').length);
        expect(report.invalid).toBe(report.invalidLines.length);
        for (const invalid of report.invalidLines) expect(invalid.reason).not.toBe('');
      }),
    );
  });
});

describe('Replay.reportText', () => {
  const { records, report } = replayAll(sampleLines);

  it('is the pretty-printed report, written in pieces, with and without conflicts', () => {
    for (const lines of [sampleLines, sampleLines.slice(0, 4), []]) {
      const replay = new Replay({ file: 'f' });
      lines.forEach((line, index) => replay.line(line, index + 1));
      expect([...replay.reportText()].join('')).toBe(`${JSON.stringify(replay.report(), null, 2)}\n`);
    }
    const replay = new Replay({ file: 'f' });
    sampleLines.forEach((line, index) => replay.line(line, index + 1));
    expect(replay.report().conflicts!.length).toBeGreaterThan(1);
  });

  it('lists no conflicts when told not to, and counts them all the same', () => {
    const replay = new Replay({ file: 'f', listConflicts: false });
    sampleLines.forEach((line, index) => replay.line(line, index + 1));
    expect(replay.report()).toMatchObject({ conflict: 2, conflicts: [] });
  });

  it('writes no change records when told not to, and decides and counts all the same', () => {
    const entries: ReplayEntry[] = [];
    const quiet = new Replay({ file: 'sample.ndjson', changeRecords: false, onEntry: (entry) => entries.push(entry) });
    expect(sampleLines.map((line, index) => quiet.line(line, index + 1)).join('')).toBe('');
    expect(quiet.report()).toEqual(report);
    expect(entries.filter((entry) => entry.projected?.kind === 'accepted')).toHaveLength(records.length);
  });
});

describe('Replay.end', () => {
  const receipt = (umid: string, state: string, receivedAt: string) =>
    JSON.stringify({ provider: '8x8', receivedAt, payload: { namespace: 'SMS', eventType: 'outbound_message_status_changed', payload: { umid, status: { state, timestamp: receivedAt } } } });
  // 8x8's SMS window is 49 hours and 1% (29 min 24 s): the last two receipts pass it within one minute of receipt time.
  const lines = [
    receipt('lost', 'sent', '2026-01-05T10:00:00.000Z'),
    receipt('a', 'queued', '2026-01-07T11:29:10.000Z'),
    receipt('b', 'queued', '2026-01-07T11:29:40.000Z'),
  ];

  it('closes the windows the last receipts passed, which the sweep of each minute of receipt time has not', () => {
    const closedAt: number[] = [];
    const replay = new Replay({ file: 'f', partitions: 1, onClosed: (_closed, line) => closedAt.push(line) });
    const output = lines.map((line, index) => replay.line(line, index + 1)).join('');
    expect(output.split('\n').filter(Boolean).map((line) => JSON.parse(line).messageId)).toEqual(['8x8:lost', '8x8:a', '8x8:b']);
    const ended = replay.end(3).split('\n').filter(Boolean).map((line) => JSON.parse(line));
    expect(ended.map((change) => [change.messageId, change.version, change.finalReason, change.observedAt])).toEqual([['8x8:lost', 2, 'window-closed', '2026-01-07T11:00:00.000Z']]);
    expect(closedAt).toEqual([3]);
    expect(replay.counts).toMatchObject({ closed: 1, final: 1 });
    expect(replay.end(3)).toBe('');
  });
});
