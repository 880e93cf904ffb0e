/**
 * `npm run bench`: the speed and memory figures of the README, measured in one run on one machine.
 * Prints figures and ratios; asserts nothing about time (shared machines make timed tests flaky).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decide, statusMachine, statusObserved, type MessageStatus, type StatusObservation } from '@msgstatus/status-machine';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { observationWorkload } from './observationWorkload.js';
import { plainDecide } from './plainReducer.js';
import { measureClientHotPath } from '@msgstatus/kafka';
import { installCli } from './installedCli.js';
import { startupFigures } from './startup.js';
import { auditReportFigures } from './auditReport.js';
import { timedRun } from './timedRun.js';
import { writeRawEventFile } from './rawEventFile.js';

const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const observationCount = argument('observations', 1_000_000);
const messageCount = argument('messages', 100_000);
const replayLines = argument('replay-lines', 1_000_000);

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench does)');

const format = (value: number): string => Math.round(value).toLocaleString('en');
const { messageIndex, observations } = observationWorkload(observationCount, messageCount);
const messageIds = Array.from({ length: messageCount }, (_, index) => `8x8:00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`);

type Kinds = Record<string, number>;
/** Folds the workload with one decide function; best of `runs` timed runs, in events/s. */
function measure(name: string, runs: number, fold: () => Kinds): { name: string; eventsPerSecond: number; kinds: Kinds } {
  let best = Infinity;
  let kinds: Kinds = {};
  for (let run = 0; run < runs; run++) {
    gc!();
    const started = performance.now();
    kinds = fold();
    best = Math.min(best, performance.now() - started);
  }
  return { name, eventsPerSecond: observationCount / (best / 1000), kinds };
}

const fastFold = (): Kinds => {
  const statuses = new Map<string, MessageStatus>();
  const kinds: Kinds = { accepted: 0, duplicate: 0, stale: 0, conflict: 0 };
  for (let index = 0; index < observationCount; index++) {
    const id = messageIds[messageIndex[index]!]!;
    const decision = decide(statuses.get(id), observations[index]!);
    kinds[decision.kind]!++;
    if (decision.kind === 'accepted') statuses.set(id, decision.status);
  }
  return kinds;
};

const plainFold = (): Kinds => {
  const statuses = new Map<string, MessageStatus>();
  const kinds: Kinds = { accepted: 0, duplicate: 0, stale: 0, conflict: 0 };
  for (let index = 0; index < observationCount; index++) {
    const id = messageIds[messageIndex[index]!]!;
    const { kind, status } = plainDecide(statuses.get(id), observations[index]!);
    kinds[kind]!++;
    if (kind === 'accepted') statuses.set(id, status!);
  }
  return kinds;
};

const [unobserved] = initialTransition(statusMachine);
const xstateFold = (): Kinds => {
  const snapshots = new Map<string, SnapshotFrom<typeof statusMachine>>();
  const kinds: Kinds = { accepted: 0, duplicate: 0, stale: 0, conflict: 0 };
  for (let index = 0; index < observationCount; index++) {
    const id = messageIds[messageIndex[index]!]!;
    const [next] = transition(statusMachine, snapshots.get(id) ?? unobserved, statusObserved(observations[index] as StatusObservation));
    kinds[next.context.decision!.kind]!++;
    snapshots.set(id, next);
  }
  return kinds;
};

/** Heap bytes a message's state takes, measured over `messageCount` messages kept alive at once. */
function bytesPerMessage(): { state: number; withMapEntry: number } {
  const finals: Array<MessageStatus | undefined> = new Array(messageCount);
  for (let index = 0; index < observationCount; index++) {
    const message = messageIndex[index]!;
    const decision = decide(finals[message], observations[index]!);
    if (decision.kind === 'accepted') finals[message] = decision.status;
  }
  const heap = () => {
    gc!();
    gc!();
    return process.memoryUsage().heapUsed;
  };
  // Copies made while measured, so the figure is the states' own (workload objects excluded).
  const seen = finals.filter((status) => status !== undefined).length;
  const before = heap();
  const states = finals.map((status) => (status === undefined ? undefined : { ...status, channels: [...status.channels] }));
  const stateBytes = (heap() - before) / seen;
  const beforeMap = heap();
  const map = new Map<string, MessageStatus>();
  states.forEach((status, index) => status && map.set(messageIds[index]!, status));
  const mapBytes = (heap() - beforeMap) / map.size;
  return { state: stateBytes, withMapEntry: stateBytes + mapBytes };
}

/** Raw events/s of the installed `msgstatus replay` on a generated file, start-up included, and its peak RSS. */
async function replayThroughput(bin: string, file: string, directory: string): Promise<{ eventsPerSecond: number; seconds: number; megabytes: number; peakRssMb: number; changes: number }> {
  const report = join(directory, 'report.json');
  const { seconds, peakRssMb } = await timedRun(bin, ['replay', file, '--report', report]);
  const changes = JSON.parse(readFileSync(report, 'utf8')).accepted as number;
  const megabytes = statSync(file).size / 2 ** 20;
  return { eventsPerSecond: replayLines / seconds, seconds, megabytes, peakRssMb, changes };
}

console.log(`msgstatus benchmark · node ${process.version} · ${format(observationCount)} observations over ${format(messageCount)} messages\n`);
const fast = measure('fast fold (decide, compiled from the machine)', 5, fastFold);
const plain = measure('plain hand-written reducer', 5, plainFold);
const machine = measure("XState's pure transition()", 1, xstateFold);
const agree = [plain, machine].every((result) => JSON.stringify(result.kinds) === JSON.stringify(fast.kinds));
for (const result of [fast, plain, machine]) {
  console.log(`${result.name.padEnd(48)} ${format(result.eventsPerSecond).padStart(12)} events/s`);
}
console.log(`decisions ${JSON.stringify(fast.kinds)}; all three folds agree: ${agree ? 'yes' : 'NO'}`);
console.log(`ratio fast fold / plain reducer:        ${(fast.eventsPerSecond / plain.eventsPerSecond).toFixed(2)}x   (target >= 0.5x)`);
console.log(`ratio fast fold / XState transition():  ${(fast.eventsPerSecond / machine.eventsPerSecond).toFixed(1)}x`);
console.log(`ratio plain reducer / XState transition(): ${(plain.eventsPerSecond / machine.eventsPerSecond).toFixed(1)}x`);
const bytes = bytesPerMessage();
console.log(`\nstate per message: ${bytes.state.toFixed(0)} bytes (target <= 150); with its Map entry: ${bytes.withMapEntry.toFixed(0)} bytes (key string not counted)`);
const client = measureClientHotPath();
console.log('\nthe Kafka client per record (kafkajs 2.2.4 as installed here), best of 3 runs:');
console.log(`  partitioner, one message-id key: kafkajs DefaultPartitioner ${client.partitionerNs.kafkajs.toFixed(0)} ns, ours ${client.partitionerNs.ours.toFixed(0)} ns: ${(client.partitionerNs.kafkajs / client.partitionerNs.ours).toFixed(1)}x faster, same partitions`);
console.log(`  CRC-32C of a 16 KiB record batch: kafkajs's JavaScript ${client.crc32cMicros.javascript.toFixed(1)} µs, as installed (${client.crc32cImplementation}) ${client.crc32cMicros.installed.toFixed(1)} µs: ${(client.crc32cMicros.javascript / client.crc32cMicros.installed).toFixed(1)}x faster`);

const installed = installCli();
const scratch = mkdtempSync(join(tmpdir(), 'msgstatus-bench-startup-'));
const sample = new URL('../../../apps/cli/samples/provider-events.ndjson', import.meta.url).pathname;
const workspaceBin = new URL('../../../apps/cli/bin/msgstatus.mjs', import.meta.url).pathname;
const startup = startupFigures(installed, workspaceBin, sample, scratch);
const ms = (name: string) => startup.find((figure) => figure.name.startsWith(name))!.medianMs;
console.log('\nstart-up of the installed CLI (npm install <tarball>), wall time, median (best) of 15 interleaved runs:');
for (const figure of startup) console.log(`  ${figure.name.padEnd(46)} ${figure.medianMs.toFixed(0).padStart(6)} ms (${figure.minMs.toFixed(0)})`);
console.log(`  --version: ${ms('msgstatus --version').toFixed(0)} ms (target < 150), ${(ms('msgstatus --version') - ms('node -e')).toFixed(0)} ms over Node alone; ${(ms('workspace bin (tsx) --version') / ms('msgstatus --version')).toFixed(1)}x faster than the tsx launcher`);
console.log(
  `  sample replay: ${ms('msgstatus replay <33').toFixed(0)} ms (target < 400): Node ${ms('node -e').toFixed(0)} ms + loading the replay code ${(ms('msgstatus replay <empty') - ms('node -e')).toFixed(0)} ms + replaying 33 lines ${(ms('msgstatus replay <33') - ms('msgstatus replay <empty')).toFixed(0)} ms; ${(ms('workspace bin (tsx) replay') / ms('msgstatus replay <33')).toFixed(1)}x faster than the tsx launcher`,
);
rmSync(scratch, { recursive: true, force: true });
const corpusFolder = mkdtempSync(join(tmpdir(), 'msgstatus-bench-'));
const corpus = join(corpusFolder, 'raw.ndjson');
await writeRawEventFile(corpus, replayLines);
const replay = await replayThroughput(installed, corpus, corpusFolder);
console.log(
  `\ninstalled msgstatus replay on a generated ${format(replayLines)}-line file (${replay.megabytes.toFixed(0)} MB): ${format(replay.eventsPerSecond)} raw events/s ` +
    `(${replay.seconds.toFixed(1)} s with start-up; target >= 100,000), ${format(replay.changes)} changes, peak RSS ${replay.peakRssMb.toFixed(0)} MB`,
);

const report = await auditReportFigures(installed, corpus, sample, corpusFolder);
console.log(`\ninstalled msgstatus report on the same ${format(replayLines)}-line file: ${report.seconds.toFixed(1)} s (${(report.seconds / replay.seconds).toFixed(2)}x the replay's time), peak RSS ${report.peakRssMb.toFixed(0)} MB`);
console.log(`  the page: ${(report.bytes / 2 ** 20).toFixed(1)} MB, ${(report.bytes / statSync(corpus).size).toFixed(2)}x the raw file (${replay.megabytes.toFixed(0)} MB), for ${format(report.events)} events of ${format(report.messages)} messages`);
if (report.pages === null) {
  console.log(`  in Chromium: not measured: ${report.skipped}`);
} else {
  const { large, small, inert } = report.pages;
  console.log('  in headless Chromium (Debian), from navigation, ms:        first render  first paint  search ready  open a message   JS heap  renderer RSS');
  for (const [name, page] of [[`${format(replayLines)}-event report`, large], ['33-line sample report', small]] as const) {
    console.log(`    ${name.padEnd(52)} ${page.firstRenderMs.toFixed(0).padStart(12)} ${page.firstContentfulPaintMs.toFixed(0).padStart(12)} ${page.searchReadyMs.toFixed(0).padStart(13)} ${page.openMessageMs.toFixed(0).padStart(15)} ${page.heapMb.toFixed(1).padStart(7)} MB ${page.rendererRssMb.toFixed(0).padStart(9)} MB`);
  }
  console.log(`    ${'inert page of the same bytes (parsing alone)'.padEnd(52)} ${''.padStart(12)} ${''.padStart(12)} ${inert.toFixed(0).padStart(13)}`);
  console.log(`  first render: ${(large.firstRenderMs / small.firstRenderMs).toFixed(1)}x the sample's; search ready: ${(large.searchReadyMs / inert).toFixed(2)}x the time Chromium takes to parse the same bytes`);
}
rmSync(corpusFolder, { recursive: true, force: true });
