import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplayReport, StatusChangeRecord } from '@msgstatus/canonical';
import { describe, expect, it } from 'vitest';

const bin = new URL('../bin/msgstatus.mjs', import.meta.url).pathname;
const sample = new URL('../samples/provider-events.ndjson', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'msgstatus-cli-'));

/** Runs the real `msgstatus` executable, as a user would after `npm ci`. */
const msgstatus = (args: string[], input?: string) => {
  const result = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

const recordsOf = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => StatusChangeRecord.parse(JSON.parse(line)));

describe('msgstatus replay', () => {
  it('writes the canonical change stream of the sample events and a report', () => {
    const reportFile = join(scratch, 'report.json');
    const run = msgstatus(['replay', sample, '--report', reportFile]);
    expect(run.status).toBe(0);
    const records = recordsOf(run.stdout);
    const report = ReplayReport.parse(JSON.parse(readFileSync(reportFile, 'utf8')));
    expect(records).toHaveLength(report.accepted);
    expect(report.invalidLines.map((line) => line.line)).toContain(32);
  });

  it('gives the same bytes from a file and from stdin, on every run', () => {
    const fromFile = msgstatus(['replay', sample]);
    const fromStdin = msgstatus(['replay', '-'], readFileSync(sample, 'utf8'));
    expect(fromStdin.status).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    expect(msgstatus(['replay', sample]).stdout).toBe(fromFile.stdout);
  });

  it('keeps going past bad lines, CRLF endings and a missing final newline', () => {
    const lines = readFileSync(sample, 'utf8').trimEnd().split('\n');
    const messy = ['not json', ...lines.slice(0, 6), '', '{"provider":"8x8"}'].join('\r\n');
    const file = join(scratch, 'messy.ndjson');
    writeFileSync(file, messy);
    const reportFile = join(scratch, 'messy-report.json');
    const run = msgstatus(['replay', file, '--report', reportFile]);
    expect(run.status).toBe(0);
    expect(recordsOf(run.stdout).map((record) => record.version)).toEqual([1, 2, 3, 4]);
    const report = ReplayReport.parse(JSON.parse(readFileSync(reportFile, 'utf8')));
    expect(report.invalidLines.map((line) => line.line)).toEqual([1, 9]);
  });

  it('exits 1 for unreadable input and 2 for usage errors, saying why', () => {
    expect(msgstatus(['replay', join(scratch, 'missing.ndjson')])).toMatchObject({ status: 1, stderr: expect.stringContaining('cannot read') });
    expect(msgstatus(['replay', scratch])).toMatchObject({ status: 1, stderr: expect.stringContaining('not a regular file') });
    expect(msgstatus(['replay'])).toMatchObject({ status: 2, stderr: expect.stringContaining('Usage:') });
    expect(msgstatus(['replay', sample, '--nope'])).toMatchObject({ status: 2 });
    expect(msgstatus(['frobnicate'])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown command') });
    expect(msgstatus(['replay', sample, '--report', join(scratch, 'no-such-dir', 'r.json')])).toMatchObject({ status: 2 });
  });

  it('prints usage for help', () => {
    expect(msgstatus(['help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('msgstatus replay') });
  });
});

describe('msgstatus timeline', () => {
  it("tells one message's story with every decision and its reason", () => {
    const run = msgstatus(['timeline', 'chuanglan:356139161272397824', sample]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('accepted (first) → version 1: new → delivered');
    expect(run.stdout).toContain('conflict (failure-after-success): failed contradicts read: a failure after success');
    expect(run.stdout).toContain('duplicate (same-status)');
  });

  it('writes the story as NDJSON with --json, raw payloads included', () => {
    const run = msgstatus(['timeline', 'alphasms:20003', sample, '--json']);
    const entries = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(entries).toEqual([
      expect.objectContaining({ line: 27, provider: 'alphasms', observation: null, outcome: { kind: 'invalid', reason: 'AlphaSMS could not report message 20003: Message not found' } }),
    ]);
    expect(entries[0].payload.data).toHaveLength(5);
  });

  it('says so when no event concerns the message', () => {
    expect(msgstatus(['timeline', '8x8:nobody', sample]).stdout).toBe(`No raw event in ${sample} concerns 8x8:nobody.\n`);
  });
});
