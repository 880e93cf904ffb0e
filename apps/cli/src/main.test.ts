import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplayReport, StatusChangeRecord } from '@msgstatus/canonical';
import { rawEventLines } from '@msgstatus/pipeline/testing';
import { describe, expect, it } from 'vitest';

const bin = new URL('../bin/msgstatus.mjs', import.meta.url).pathname;
const sample = new URL('../samples/provider-events.ndjson', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'msgstatus-cli-'));

/** Runs the real `msgstatus` executable, as a user would after `npm ci`. */
const msgstatus = (args: string[], input?: string) => {
  const result = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** The same, without blocking the test's worker while it runs. */
const msgstatusAsync = (args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    );
  });

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
    expect(msgstatus(['replay', scratch])).toMatchObject({ status: 1, stderr: expect.stringContaining('it is a directory') });
    expect(msgstatus(['replay'])).toMatchObject({ status: 2, stderr: expect.stringContaining('Usage:') });
    expect(msgstatus([])).toMatchObject({ status: 2, stdout: '', stderr: expect.stringContaining('Usage:') });
    expect(msgstatus(['replay', sample, '--nope'])).toMatchObject({ status: 2 });
    expect(msgstatus(['frobnicate'])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown command') });
    expect(msgstatus(['timeline', '8x8:x', sample, '--strict'])).toMatchObject({ status: 2, stderr: expect.stringContaining('--strict is an option of replay and report') });
    expect(msgstatus(['replay', sample, '--workers', 'two'])).toMatchObject({ status: 2, stderr: expect.stringContaining('--workers takes a whole number from 0 to 64, not "two"') });
    expect(msgstatus(['replay', sample, '--workers', '-1'])).toMatchObject({ status: 2 });
    expect(msgstatus(['timeline', '8x8:x', sample, '--workers', '1'])).toMatchObject({ status: 2, stderr: expect.stringContaining('--workers is an option of replay') });
  });

  it('replays a long input on ingestion workers, with the same bytes and report as on one thread', async () => {
    // Past the 20,000 lines replayed before workers start.
    const file = join(scratch, 'long.ndjson');
    writeFileSync(file, `${[...rawEventLines(24_000, 2_400)].join('\n')}\n`);
    const replayed = (workers: string) => msgstatusAsync(['replay', file, '--workers', workers, '--report', join(scratch, `long-${workers}.json`)], process.env);
    const [alone, withWorkers] = await Promise.all([replayed('0'), replayed('2')]);
    expect(alone).toMatchObject({ status: 0 });
    expect(withWorkers).toMatchObject({ status: 0 });
    expect(alone.stdout.split('\n').length).toBeGreaterThan(5_000);
    expect(withWorkers.stdout).toBe(alone.stdout);
    expect(readFileSync(join(scratch, 'long-2.json'), 'utf8')).toBe(readFileSync(join(scratch, 'long-0.json'), 'utf8'));
  }, 60_000);

  it('prints usage for help, and the package version for --version', () => {
    expect(msgstatus(['help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('msgstatus replay') });
    expect(msgstatus(['help']).stdout).toContain('msgstatus report <file.ndjson | -> --out <report.html>');
    expect(msgstatus(['--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('Exit codes') });
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(msgstatus(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('ends with one summary line on stderr: every count and the first invalid lines with their reasons', () => {
    const run = msgstatus(['replay', sample]);
    const report = ReplayReport.parse(JSON.parse(readFileSync(join(scratch, 'report.json'), 'utf8')));
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`replayed ${report.raw} raw events, ${report.observations} observations, ${report.accepted} accepted, ${report.duplicate} duplicate`);
    expect(lines[0]).toContain(`${report.invalid} invalid (line ${report.invalidLines[0]!.line}: ${report.invalidLines[0]!.reason};`);
  });

  it('is loud about random bytes, and --strict makes invalid input exit 3', () => {
    const noise = join(scratch, 'noise.bin');
    writeFileSync(noise, Buffer.from(Array.from({ length: 20_000 }, (_, index) => (index * 7919 + 13) % 251)));
    const run = msgstatus(['replay', noise]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^msgstatus: replayed \d+ raw events, 0 observations, .* (\d+) invalid \(line 1: /);
    expect(msgstatus(['replay', noise, '--strict']).status).toBe(3);
    expect(msgstatus(['replay', sample, '--strict']).status).toBe(3);
    const clean = join(scratch, 'clean.ndjson');
    writeFileSync(clean, readFileSync(sample, 'utf8').split('\n').slice(0, 6).join('\n'));
    expect(msgstatus(['replay', clean, '--strict'])).toMatchObject({ status: 0, stderr: expect.stringContaining(' 0 invalid') });
  });

  it('lists every conflict in the report with both facts', () => {
    const reportFile = join(scratch, 'conflicts.json');
    msgstatus(['replay', sample, '--report', reportFile]);
    const report = ReplayReport.parse(JSON.parse(readFileSync(reportFile, 'utf8')));
    expect(report.conflicts).toHaveLength(report.conflict);
    expect(report.conflicts).toContainEqual(
      expect.objectContaining({
        messageId: 'chuanglan:356139161272397824',
        rule: 'failure-after-success',
        known: expect.objectContaining({ state: 'read' }),
        observed: expect.objectContaining({ state: 'failed' }),
      }),
    );
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

  // Runs that do not block the worker, as spawnSync would: six of them in one test would keep vitest's own calls waiting.
  it('tells a closed receipt window and a receipt after it, in words and as JSON; replay counts final and closed', async () => {
    // An 8x8 SMS sent and never heard of, a message of the same partition 50 hours later, then the lost one's delivery.
    const receipt = (umid: string, state: string, receivedAt: string) =>
      JSON.stringify({ provider: '8x8', receivedAt, payload: { namespace: 'SMS', eventType: 'outbound_message_status_changed', payload: { umid, status: { state, timestamp: receivedAt } } } });
    const file = join(scratch, 'windows.ndjson');
    writeFileSync(file, [receipt('lost', 'sent', '2026-01-05T10:00:00.000Z'), receipt('later', 'delivered', '2026-01-07T12:00:00.000Z'), receipt('lost', 'delivered', '2026-01-07T12:05:00.000Z')].join('\n'));
    // One partition, so the later message's receipt moves the lost one's clock.
    const env = { ...process.env, MSGSTATUS_PARTITIONS: '1' };
    const run = await msgstatusAsync(['timeline', '8x8:lost', file], env);
    expect(run.stdout).toContain('before line 2 · receipt window closed at 2026-01-07T11:00:00.000Z · 8x8');
    expect(run.stdout).toContain('closed (window-closed) → version 2: sent as it stands, final: no receipt came within its window');
    expect(run.stdout).toContain('conflict (after-final): delivered came after the message was final (sent: its receipt window closed)');
    const json = await msgstatusAsync(['timeline', '8x8:lost', file, '--json'], env);
    expect(json.stdout.trim().split('\n').map((line) => JSON.parse(line).outcome.kind)).toEqual(['accepted', 'closed', 'conflict']);
    const replay = await msgstatusAsync(['replay', file], env);
    expect(replay.stderr).toContain('2 final, 1 closed windows, 0 invalid');
    expect(recordsOf(replay.stdout).map((record) => [record.messageId, record.version, record.finalReason])).toEqual([
      ['8x8:lost', 1, null],
      ['8x8:lost', 2, 'window-closed'],
      ['8x8:later', 1, 'last-state'],
    ]);
    // With windows off nothing closes, and the delivery is accepted.
    const off = await msgstatusAsync(['replay', file], { ...env, MSGSTATUS_RECEIPT_WINDOWS: 'off' });
    expect(recordsOf(off.stdout).map((record) => [record.messageId, record.version, record.state])).toEqual([
      ['8x8:lost', 1, 'sent'],
      ['8x8:later', 1, 'delivered'],
      ['8x8:lost', 2, 'delivered'],
    ]);
    const wrong = await msgstatusAsync(['replay', file], { ...env, MSGSTATUS_RECEIPT_WINDOWS: 'bandwidth=3d' });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/MSGSTATUS_RECEIPT_WINDOWS.*"bandwidth" is not a provider id/);
  });

  it('exits 1 when no event concerns the message, with a hint about the <provider>:<id> form', () => {
    expect(msgstatus(['timeline', '8x8:nobody', sample])).toEqual({ status: 1, stdout: '', stderr: `msgstatus: no raw event in ${sample} concerns 8x8:nobody\n` });
    expect(msgstatus(['timeline', 'nobody', sample])).toMatchObject({ status: 1, stderr: expect.stringContaining("message ids are <provider>:<provider's id>") });
    expect(msgstatus(['timeline', '356139161272397824', sample])).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('did you mean chuanglan:356139161272397824?'),
    });
  });
});

/** The counts of a replay report: its numbers, without its lists. */
const countsOf = (report: object) => Object.fromEntries(Object.entries(report).filter(([, value]) => typeof value === 'number'));

describe('msgstatus report', () => {
  /** The summary the page shows, read back from the file. */
  const summaryIn = (file: string) => JSON.parse(/<script type="application\/json" id="msgstatus-summary">(.*?)<\/script>/.exec(readFileSync(file, 'utf8'))![1]!) as { counts: Record<string, number>; messages: number };

  it("writes one page with replay's counts, the summary line on stderr, and nothing on stdout", () => {
    const page = join(scratch, 'report.html');
    const run = msgstatus(['report', sample, '--out', page]);
    expect(run).toMatchObject({ status: 0, stdout: '' });
    const replayed = msgstatus(['replay', sample]);
    expect(run.stderr).toBe(`${replayed.stderr}msgstatus: wrote the audit report of ${summaryIn(page).messages} messages to ${page}\n`);
    const report = ReplayReport.parse(JSON.parse(readFileSync(join(scratch, 'report.json'), 'utf8')));
    expect(summaryIn(page).counts).toEqual(countsOf(report));
  });

  it('gives the same bytes from a file and from stdin, on every run', () => {
    const [fromFile, again, fromStdin] = ['a.html', 'b.html', 'c.html'].map((name) => join(scratch, name));
    msgstatus(['report', sample, '--out', fromFile!]);
    msgstatus(['report', sample, '--out', again!]);
    msgstatus(['report', '-', '--out', fromStdin!], readFileSync(sample, 'utf8'));
    expect(readFileSync(again!)).toEqual(readFileSync(fromFile!));
    // Only the input's name differs: escaped for HTML in the title and for a script in the summary.
    const stdinNamed = readFileSync(fromStdin!, 'utf8').replaceAll('&#60;stdin&#62;', 'INPUT').replaceAll('\\u003cstdin>', 'INPUT');
    expect(stdinNamed).toBe(readFileSync(fromFile!, 'utf8').replaceAll(sample, 'INPUT'));
  });

  it('refuses to run without --out, over its input, or with options of other commands', () => {
    expect(msgstatus(['report', sample])).toMatchObject({ status: 2, stderr: expect.stringContaining('report needs --out <file.html>') });
    expect(msgstatus(['report', sample, '--out', sample])).toMatchObject({ status: 2, stderr: expect.stringContaining(`--out ${sample} is the input`) });
    expect(msgstatus(['report', sample, '--out', join(scratch, 'x.html'), '--json'])).toMatchObject({ status: 2 });
    expect(msgstatus(['replay', sample, '--out', join(scratch, 'x.html')])).toMatchObject({ status: 2, stderr: expect.stringContaining('--out is an option of report') });
    expect(msgstatus(['report', join(scratch, 'missing.ndjson'), '--out', join(scratch, 'x.html')])).toMatchObject({ status: 1, stderr: expect.stringContaining('cannot read') });
  });

  it('exits 3 with --strict when anything was invalid, and still writes the page', () => {
    const page = join(scratch, 'strict.html');
    expect(msgstatus(['report', sample, '--out', page, '--strict']).status).toBe(3);
    expect(summaryIn(page).counts['invalid']).toBeGreaterThan(0);
  });
});
