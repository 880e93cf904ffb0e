import { parseArgs } from 'node:util';
import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import { faultKinds, runClusterSoak, type FaultKind } from './clusterSoak.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    rate: { type: 'string', default: '100' },
    seed: { type: 'string', default: '42' },
    'fault-seconds': { type: 'string', default: '30' },
    'settle-seconds': { type: 'string', default: '10' },
    'gateway-every': { type: 'string', default: '4' },
    faults: { type: 'string', default: faultKinds.join(',') },
    port: { type: 'string', default: '9292' },
    'break-durability': { type: 'boolean', default: false },
  },
});

const faults = values.faults.split(',').filter(Boolean) as FaultKind[];
const unknown = faults.filter((fault) => !(faultKinds as ReadonlyArray<string>).includes(fault));
if (unknown.length > 0) {
  process.stderr.write(`cluster soak: unknown fault ${unknown.join(', ')}; the faults are ${faultKinds.join(', ')}\n`);
  process.exit(2);
}

/** `npm run soak:cluster`: the cluster soak, its figures and each fault's stall printed; exit code 1 unless exact and every fault happened. */
const program = runClusterSoak({
  messages: Number(values.messages),
  rate: Number(values.rate),
  seed: Number(values.seed),
  faultMs: Number(values['fault-seconds']) * 1000,
  settleMs: Number(values['settle-seconds']) * 1000,
  gatewayEvery: Number(values['gateway-every']),
  port: Number(values.port),
  breakDurability: values['break-durability'],
  faults,
  say: (line) => process.stderr.write(`cluster soak: ${line}\n`),
}).pipe(
  Effect.map((result) => {
    const { faults: reports, anomalies, anomaliesByFault, ...figures } = result;
    const rows = Object.entries(figures).map(([name, value]) => `  ${name.padEnd(22)} ${value}`);
    const faultRows = reports.map(
      (fault) =>
        `  ${fault.fault.padEnd(22)} ${fault.happened ? 'happened' : 'NOT AS MEANT'}, ${fault.seconds} s until whole, stream stalled ${(fault.stallMs / 1000).toFixed(1)} s, ${fault.changesDuring} changes meanwhile: ${fault.detail}`,
    );
    const anomalyRows = anomalies.length === 0 ? [] : [`anomalies by fault ${JSON.stringify(anomaliesByFault)}`, ...anomalies.slice(0, 40).map((line) => `  ${line}`)];
    const argv = process.argv.slice(2).join(' ');
    process.stdout.write(`msgstatus cluster soak (npm run soak:cluster${argv ? ` -- ${argv}` : ''})\n${rows.join('\n')}\nfaults\n${[...faultRows, ...anomalyRows].join('\n')}\n`);
    const exact = result.lost === 0 && result.duplicated === 0 && result.wrong === 0 && result.versionGaps === 0 && result.gatewayLost === 0;
    const deadLettersExact = result.deadLetters === result.expectedDeadLetters && result.duplicatedDeadLetters === 0;
    const allHappened = reports.every((fault) => fault.happened);
    process.stdout.write(
      `  verdict                ${exact && deadLettersExact ? 'exact: 0 lost, 0 duplicated' : 'NOT EXACT'}${allHappened ? '' : '; not every fault happened as meant'}\n`,
    );
    return exact && deadLettersExact && allHappened ? 0 : 1;
  }),
);

NodeRuntime.runMain(program, { teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? (exit.value as number) : 1) });
