#!/usr/bin/env node
// `npm test`: every check CI runs, in order, each to the end even when an earlier one failed, then
// one closing line `N passed, N failed` (vitest's own summary is per project and not read by CI).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url).pathname;
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
const nx = ['npx', '--no-install', 'nx'];

const checks = [
  ['project references in sync', [...nx, 'sync:check']],
  ['lint (module boundaries included)', [...nx, 'run-many', '-t', 'lint', '--parallel=2', '--outputStyle=stream-without-prefixes']],
  ['typecheck', [...nx, 'run-many', '-t', 'typecheck', '--parallel=2', '--outputStyle=stream-without-prefixes']],
  ['generated files current', ['npm', 'run', '--silent', 'check:generated']],
  ['Markdown links lead inside the repository', ['npm', 'run', '--silent', 'check:links']],
  ['schemas compatible with the released v1', ['npm', 'run', '--silent', 'check:compatibility']],
  ['no import cycles', ['npm', 'run', '--silent', 'check:cycles']],
  // Integration tests (`*.int.test.ts`) talk to a real broker: the local one unless KAFKA_BROKERS names another.
  ['local Kafka broker', ['bash', 'tools/kafka/broker.sh', 'start']],
  // The cluster soak's fault proxy, built from its Go module before any test's clock runs.
  ['Toxiproxy and the cluster tools built', ['bash', 'tools/kafka/cluster.sh', 'build']],
  ['tests', [...nx, 'run-many', '-t', 'test', '--parallel=2', '--skip-nx-cache', '--outputStyle=stream-without-prefixes']],
];

/** Each project's vitest report, wherever a project sits (the workspaces' folders). */
const reportPaths = () =>
  ['apps', 'libs', 'libs/providers', 'tools']
    .flatMap((folder) => readdirSync(`${root}/${folder}`, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => `${root}/${folder}/${entry.name}/reports/vitest.json`))
    .filter((path) => existsSync(path));

for (const path of reportPaths()) rmSync(path);

const brokerWasUp = spawnSync('bash', ['tools/kafka/broker.sh', 'status'], { cwd: root, env, stdio: 'ignore' }).status === 0;
const failedChecks = [];
for (const [name, command] of checks) {
  console.log(`\n=== ${name}: ${command.join(' ')}`);
  const result = spawnSync(command[0], command.slice(1), { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) failedChecks.push(name);
}

// Leave the machine as it was: a broker this run started is stopped.
if (!brokerWasUp && !process.env.KAFKA_BROKERS) spawnSync('bash', ['tools/kafka/broker.sh', 'stop'], { cwd: root, env, stdio: 'inherit' });

let passed = 0;
let failed = 0;
const reports = reportPaths();
for (const path of reports) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}
console.log(`\n${reports.length} test reports read; checks failed: ${failedChecks.length === 0 ? 'none' : failedChecks.join(', ')}`);
// A failed check counts as a failure too, so the closing line never hides it.
const summary = `${passed} passed, ${failed + failedChecks.length} failed`;
mkdirSync(`${root}/reports`, { recursive: true });
writeFileSync(`${root}/reports/test-summary.txt`, `${summary}\n`);
console.log(summary);
process.exit(failed + failedChecks.length === 0 && reports.length > 0 ? 0 : 1);
