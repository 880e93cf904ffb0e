import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatusChangeRecord } from '@msgstatus/canonical';
import { describe, expect, it } from 'vitest';

const sample = new URL('../samples/provider-events.ndjson', import.meta.url).pathname;

// Both ways users run it: the workspace launcher (tsx over the sources), and the bundle users
// install, where kafkajs lives in a chunk of its own.
const bundleFolder = mkdtempSync(join(tmpdir(), 'msgstatus-cli-bundle-'));
execFileSync(process.execPath, [new URL('../../../tools/packaging/buildCliPackage.mjs', import.meta.url).pathname, '--out', bundleFolder]);
const launchers = [
  ['the workspace launcher', new URL('../bin/msgstatus.mjs', import.meta.url).pathname],
  ['the installable bundle', join(bundleFolder, 'dist/msgstatus.mjs')],
] as const;

/** The counts of a replay report: its numbers, without its lists. */
const countsOf = (report: object) => Object.fromEntries(Object.entries(report).filter(([, value]) => typeof value === 'number'));

const byMessage = (stdout: string) => {
  const grouped: Record<string, unknown[]> = {};
  for (const line of stdout.split('\n').filter(Boolean)) {
    const record = StatusChangeRecord.parse(JSON.parse(line));
    (grouped[record.messageId] ??= []).push(record);
  }
  return grouped;
};

describe.each(launchers)('msgstatus with Kafka, run by %s', (_, bin) => {
  const prefix = `test.cli.${randomUUID().slice(0, 8)}`;
  const rawTopics = ['8x8', 'chuanglan', 'alphasms'].map((provider) => `${prefix}.raw.${provider}`);

  /** The real `msgstatus`, on the real broker, with topics no other test uses. */
  const msgstatus = (args: string[]) => {
    const result = spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, MSGSTATUS_TOPIC_PREFIX: prefix },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('publishes the sample to the raw topics, and replays them from Kafka as from the file', () => {
    const published = msgstatus(['publish', sample]);
    expect(published.stderr).toContain('published 31 raw events');
    expect(published.stderr).toContain('line 32: not JSON');
    expect(published.stderr).toContain('line 33: no raw topic for provider "bandwidth"');
    expect(published.status).toBe(0);

    const fromKafka = msgstatus(['replay', ...rawTopics.flatMap((topic) => ['--from-topic', topic])]);
    expect(fromKafka.status).toBe(0);
    const fromFile = msgstatus(['replay', sample]);
    expect(Object.keys(byMessage(fromKafka.stdout))).toHaveLength(Object.keys(byMessage(fromFile.stdout)).length);
    expect(byMessage(fromKafka.stdout)).toEqual(byMessage(fromFile.stdout));
  });

  it('writes the audit report of the raw topics, with the counts of replay --from-topic', () => {
    const topics = rawTopics.flatMap((topic) => ['--from-topic', topic]);
    const page = join(bundleFolder, `report-${randomUUID()}.html`);
    const reportFile = join(bundleFolder, `report-${randomUUID()}.json`);
    expect(msgstatus(['report', ...topics, '--out', page])).toMatchObject({ status: 0, stdout: '' });
    expect(msgstatus(['replay', ...topics, '--report', reportFile]).status).toBe(0);
    const summary = JSON.parse(/id="msgstatus-summary">(.*?)<\/script>/.exec(readFileSync(page, 'utf8'))![1]!) as { input: string; counts: Record<string, number> };
    expect(summary.counts).toEqual(countsOf(JSON.parse(readFileSync(reportFile, 'utf8')) as Record<string, unknown>));
    expect(summary.input).toBe(rawTopics.join(', '));
  });

  it('replays only what was published at or after --since', () => {
    const later = msgstatus(['replay', '--from-topic', rawTopics[0]!, '--since', '2099-01-01T00:00:00Z']);
    expect(later.status).toBe(0);
    expect(later.stdout).toBe('');
    const earlier = msgstatus(['replay', '--from-topic', rawTopics[0]!, '--since', '2020-01-01T00:00:00Z']);
    expect(earlier.stdout).toBe(msgstatus(['replay', '--from-topic', rawTopics[0]!]).stdout);
    expect(earlier.stdout).not.toBe('');
  });

  it('says what is wrong with a topic that does not exist, with exit code 1', () => {
    const missing = msgstatus(['replay', '--from-topic', `${prefix}.nothing`]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`msgstatus: Kafka offsets of ${prefix}.nothing failed`);
    expect(missing.stdout).toBe('');
  });

  it('refuses --since without --from-topic, and a bad --since, as usage errors', () => {
    expect(msgstatus(['replay', sample, '--since', '2020-01-01T00:00:00Z']).status).toBe(2);
    expect(msgstatus(['replay', '--from-topic', rawTopics[0]!, '--since', 'last tuesday']).status).toBe(2);
  });
});
