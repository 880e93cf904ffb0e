/**
 * `npm run bench:replay`: `msgstatus replay`, as installed from its tarball, on a generated
 * 1,000,000-line file with 0, 1 and 2 ingestion workers (`--workers`), in turn for several rounds,
 * start-up included. Prints the medians, their spread and the ratios to one thread, and checks that
 * every run wrote the same bytes. Asserts nothing about time.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { installCli } from './installedCli.js';
import { writeRawEventFile } from './rawEventFile.js';
import { timedRun } from './timedRun.js';

const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const lines = argument('lines', 1_000_000);
const rounds = argument('rounds', 3);
const workerCounts = [0, 1, 2];
const target = 150_000;

const format = (value: number): string => Math.round(value).toLocaleString('en');
const median = (values: ReadonlyArray<number>): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const folder = mkdtempSync(join(tmpdir(), 'msgstatus-bench-replay-'));
const file = join(folder, 'raw.ndjson');
await writeRawEventFile(file, lines);
const installed = installCli();
console.log(`msgstatus replay on ingestion workers · node ${process.version} · ${availableParallelism()} cores · ${format(lines)} lines · ${rounds} rounds, counts in turn`);

const seconds = new Map<number, number[]>(workerCounts.map((count) => [count, []]));
const digests = new Set<string>();
for (let round = 1; round <= rounds; round++) {
  for (const workers of workerCounts) {
    const output = join(folder, `changes-${workers}.ndjson`);
    const run = await timedRun(installed, ['replay', file, '--workers', String(workers)], output);
    seconds.get(workers)!.push(run.seconds);
    digests.add(createHash('sha256').update(readFileSync(output)).digest('hex'));
    console.log(`  round ${round}, --workers ${workers}: ${run.seconds.toFixed(2)} s, ${format(lines / run.seconds)} raw events/s, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
  }
}
if (digests.size !== 1) throw new Error(`the runs wrote ${digests.size} different outputs: workers must not change a byte`);

const alone = lines / median(seconds.get(0)!);
console.log('\n| --workers | raw events/s, median (spread) | vs one thread | target >= 150,000 |\n|---|---|---|---|');
for (const workers of workerCounts) {
  const rates = seconds.get(workers)!.map((value) => lines / value);
  const rate = lines / median(seconds.get(workers)!);
  console.log(`| ${workers} | ${format(rate)} (${format(Math.min(...rates))}–${format(Math.max(...rates))}) | ${(rate / alone).toFixed(2)}x | ${rate >= target ? 'met' : 'missed'} |`);
}
console.log(`\nevery run wrote the same ${format(readFileSync(join(folder, 'changes-0.ndjson')).length)} bytes (sha-256 ${[...digests][0]!.slice(0, 16)}…)`);
rmSync(folder, { recursive: true, force: true });
