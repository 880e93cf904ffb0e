import { isMainThread } from 'node:worker_threads';
import { cliVersion, usage } from './usage.js';

// The answers that need nothing loaded come first: `--version` and help start in a few dozen ms.
const argv = process.argv.slice(2);
const [first] = argv;
if (!isMainThread) {
  // Replay's ingestion workers run this same script (IngestPool): one file to ship and find.
  (await import('./ingestWorker.js')).serveIngestion();
} else if (argv.length === 1 && (first === '--version' || first === '-V' || first === 'version')) {
  process.stdout.write(`${cliVersion()}\n`);
} else if (argv.length === 1 && (first === 'help' || first === '--help' || first === '-h')) {
  process.stdout.write(`${usage}\n`);
} else if (argv.length === 0) {
  process.stderr.write(`${usage}\n`);
  process.exitCode = 2;
} else {
  await import('./main.js');
}
