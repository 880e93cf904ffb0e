import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';

/**
 * Runs `command args` under /usr/bin/time: wall time, start-up included, and peak RSS. Throws
 * unless it exits 0. Its stdout goes to `stdoutFile` when given, else nowhere.
 */
export async function timedRun(command: string, args: ReadonlyArray<string>, stdoutFile?: string): Promise<{ seconds: number; peakRssMb: number }> {
  const stdout = stdoutFile === undefined ? 'ignore' : openSync(stdoutFile, 'w');
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%M', command, ...args], { stdio: ['ignore', stdout, 'pipe'] });
  if (typeof stdout === 'number') closeSync(stdout);
  let stderr = '';
  child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
  const [code] = await once(child, 'exit');
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${stderr}`);
  // /usr/bin/time's line comes last, after the command's own stderr.
  return { seconds, peakRssMb: Number(stderr.trim().split('\n').pop()) / 1024 };
}
