import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawEventLines } from '@msgstatus/pipeline/testing';
import { describe, expect, it } from 'vitest';

const bin = new URL('../bin/msgstatus.mjs', import.meta.url).pathname;
const sample = new URL('../samples/provider-events.ndjson', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'msgstatus-files-'));
const sampleText = readFileSync(sample, 'utf8');

const msgstatus = (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', timeout: 30_000 });
const shell = (script: string) => spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, MSGSTATUS: `${process.execPath} ${bin}` } });

/** Generated raw events of many messages: megabytes of change records, more than a pipe holds. */
const bigInput = (name: string, lines: number): string => {
  const file = join(scratch, name);
  writeFileSync(file, `${[...rawEventLines(lines, lines / 10)].join('\n')}\n`);
  return file;
};

/**
 * Runs msgstatus on the sample through a stdin left open, so it is still waiting for lines, and
 * sends SIGINT (Ctrl-C) once `started` says it is under way; its exit code.
 */
async function interruptedWhen(args: string[], started: (child: ChildProcess) => Promise<void>): Promise<number | null> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.write(sampleText);
  await started(child);
  child.kill('SIGINT');
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe('msgstatus replay and the files it is given', () => {
  it('refuses a report that is the input, by any name, and leaves the input whole', () => {
    const input = join(scratch, 'input.ndjson');
    writeFileSync(input, sampleText);
    linkSync(input, join(scratch, 'hard-link.ndjson'));
    for (const report of [input, join(scratch, '.', 'input.ndjson'), join(scratch, 'hard-link.ndjson')]) {
      const run = msgstatus(['replay', input, '--report', report]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('is the input');
      expect(run.stdout).toBe('');
    }
    // stdin redirected from the file is the file too.
    expect(shell(`$MSGSTATUS replay - --report ${input} < ${input}`).status).toBe(2);
    expect(readFileSync(input, 'utf8')).toBe(sampleText);
  });

  it('fails with exit 1 and the OS reason when the report cannot be written, before any output', () => {
    const missing = msgstatus(['replay', sample, '--report', join(scratch, 'no-such-dir', 'r.json')]);
    expect(missing).toMatchObject({ status: 1, stdout: '', stderr: `msgstatus: cannot write the report to ${join(scratch, 'no-such-dir', 'r.json')}: ENOENT: no such file or directory\n` });
    const folder = join(scratch, 'a-folder');
    mkdirSync(folder);
    expect(msgstatus(['replay', sample, '--report', folder])).toMatchObject({ status: 1, stderr: expect.stringContaining('it is a directory') });
    if (process.getuid?.() !== 0) {
      const locked = join(scratch, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      expect(msgstatus(['replay', sample, '--report', join(locked, 'r.json')])).toMatchObject({ status: 1, stderr: expect.stringContaining('EACCES: permission denied') });
    }
  });

  it('writes the report whole, and leaves no temporary file beside it', () => {
    const folder = mkdtempSync(join(scratch, 'atomic-'));
    const report = join(folder, 'report.json');
    writeFileSync(report, 'an older report');
    expect(msgstatus(['replay', sample, '--report', report]).status).toBe(0);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ raw: 33 });
    expect(readdirSync(folder)).toEqual(['report.json']);
  });

  it('exits 130 on Ctrl-C (SIGINT) and leaves the old report as it was, with no partial one', async () => {
    const folder = mkdtempSync(join(scratch, 'interrupted-'));
    const report = join(folder, 'report.json');
    writeFileSync(report, 'an older report');
    let stdout = '';
    const code = await interruptedWhen(['replay', '-', '--report', report], async (child) => {
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      while (!stdout.includes('\n')) await once(child.stdout!, 'data');
    });
    expect(code).toBe(130);
    expect(readFileSync(report, 'utf8')).toBe('an older report');
    expect(readdirSync(folder)).toEqual(['report.json']);
  });

  it('leaves an older audit report as it was on Ctrl-C, too', async () => {
    const folder = mkdtempSync(join(scratch, 'interrupted-page-'));
    const page = join(folder, 'audit.html');
    writeFileSync(page, 'an older page');
    // The page's temporary file beside it says the report has begun and is waiting for more lines.
    const code = await interruptedWhen(['report', '-', '--out', page], async () => {
      while (readdirSync(folder).length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(code).toBe(130);
    expect(readFileSync(page, 'utf8')).toBe('an older page');
    expect(readdirSync(folder)).toEqual(['audit.html']);
  });

  it('ends quietly when the reader of its output goes away (| head), writing no report', () => {
    const input = bigInput('big.ndjson', 50_000);
    const folder = mkdtempSync(join(scratch, 'epipe-'));
    const run = shell(`set -o pipefail; $MSGSTATUS replay ${input} --report ${folder}/report.json | head -n 2; echo "exit \${PIPESTATUS[0]}"`);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.at(-1)).toBe('exit 0');
    expect(run.stderr).toBe('');
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe('msgstatus replay reads pipes as well as files', () => {
  const expected = msgstatus(['replay', sample]).stdout;

  it('reads a process substitution, /dev/stdin and a FIFO like the file itself', () => {
    expect(expected.split('\n').length).toBeGreaterThan(10);
    expect(shell(`$MSGSTATUS replay <(cat ${sample})`)).toMatchObject({ status: 0, stdout: expected });
    expect(shell(`cat ${sample} | $MSGSTATUS replay /dev/stdin`)).toMatchObject({ status: 0, stdout: expected });
    const fifo = join(scratch, 'events.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(shell(`(cat ${sample} > ${fifo} &) ; $MSGSTATUS replay ${fifo}`)).toMatchObject({ status: 0, stdout: expected });
  });

  it('drops a byte order mark: line 1 is read like the rest', () => {
    const withBom = join(scratch, 'bom.ndjson');
    writeFileSync(withBom, `\uFEFF${sampleText}`);
    expect(msgstatus(['replay', withBom])).toMatchObject({ status: 0, stdout: expected });
    expect(existsSync(withBom)).toBe(true);
  });
});
