import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawEventLines } from '@msgstatus/pipeline/testing';
import { describe, expect, it } from 'vitest';

const bin = new URL('../bin/msgstatus.mjs', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'msgstatus-terminal-'));

/** What a terminal shows after `output`: carriage returns, line clears and newlines applied. */
function screen(output: string): string[] {
  const lines: string[] = [];
  let line = '';
  let column = 0;
  for (let index = 0; index < output.length; index++) {
    if (output.startsWith('\x1b[2K', index)) {
      line = '';
      index += 3;
    } else if (output[index] === '\r') column = 0;
    else if (output[index] === '\n') {
      lines.push(line);
      line = '';
      column = 0;
    } else {
      line = line.slice(0, column) + output[index] + line.slice(column + 1);
      column++;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

describe('msgstatus replay on a terminal', () => {
  // `script` runs the CLI on a pseudo-terminal: stdout and stderr are the same terminal, as at a prompt.
  it('draws progress on stderr but never on a line NDJSON shares, and leaves only records and the summary', () => {
    const input = join(scratch, 'events.ndjson');
    writeFileSync(input, `${[...rawEventLines(120_000, 12_000)].join('\n')}\n`);
    const run = spawnSync('script', ['-qfec', `${process.execPath} ${bin} replay ${input}`, '/dev/null'], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 30 });
    expect(run.status).toBe(0);
    const output = run.stdout.replaceAll('\r\n', '\n');
    expect(output).toContain(' lines/s');
    const lines = screen(output);
    const summary = lines.pop()!;
    expect(summary).toMatch(/^msgstatus: replayed 120000 raw events, /);
    expect(lines.length).toBeGreaterThan(1_000);
    for (const line of lines) expect(() => JSON.parse(line), line.slice(0, 120)).not.toThrow();
  }, 150_000);

  it('draws nothing when stderr is not a terminal', () => {
    const input = join(scratch, 'few.ndjson');
    writeFileSync(input, `${[...rawEventLines(2_000, 200)].join('\n')}\n`);
    const run = spawnSync(process.execPath, [bin, 'replay', input], { encoding: 'utf8' });
    expect(run.stderr).not.toContain('lines/s');
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
