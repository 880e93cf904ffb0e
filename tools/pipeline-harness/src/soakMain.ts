import { parseArgs } from 'node:util';
import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import { runSoak } from './soak.js';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '60000' },
    messages: { type: 'string', default: '6000' },
    'projector-kills': { type: 'string', default: '6' },
    'ingestor-kills': { type: 'string', default: '6' },
    seed: { type: 'string', default: '42' },
    port: { type: 'string', default: '9192' },
  },
});

/** `npm run soak`: the full soak, its figures printed; exit code 1 unless nothing was lost or duplicated. */
const program = runSoak({
  lines: Number(values.lines),
  messages: Number(values.messages),
  seed: Number(values.seed),
  projectorKills: Number(values['projector-kills']),
  ingestorKills: Number(values['ingestor-kills']),
  brokerRestart: true,
  brokerPort: Number(values.port),
  say: (line) => process.stderr.write(`soak: ${line}\n`),
}).pipe(
  Effect.map((result) => {
    const rows = Object.entries(result).map(([name, value]) => `  ${name.padEnd(22)} ${value}`);
    process.stdout.write(`msgstatus soak (npm run soak -- --lines ${values.lines} --messages ${values.messages})\n${rows.join('\n')}\n`);
    const exact = result.lost === 0 && result.duplicated === 0 && result.wrong === 0 && result.versionGaps === 0;
    const deadLettersExact = result.deadLetters === result.expectedDeadLetters && result.duplicatedDeadLetters === 0;
    process.stdout.write(`  verdict                ${exact && deadLettersExact ? 'exact: 0 lost, 0 duplicated' : 'NOT EXACT'}\n`);
    return exact && deadLettersExact ? 0 : 1;
  }),
);

NodeRuntime.runMain(program, { teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? (exit.value as number) : 1) });
