import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StartupFigure {
  readonly name: string;
  /** Median wall time of the runs, in ms. */
  readonly medianMs: number;
  readonly minMs: number;
}

/** Wall time of a command from spawn to exit, median and best of `runs`, runs of all commands interleaved. */
export function timeCommands(commands: ReadonlyArray<{ name: string; argv: ReadonlyArray<string> }>, runs: number): StartupFigure[] {
  const times = commands.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) {
    commands.forEach(({ argv }, index) => {
      const started = performance.now();
      const result = spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore' });
      if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}`);
      times[index]!.push(performance.now() - started);
    });
  }
  return commands.map(({ name }, index) => {
    const sorted = times[index]!.sort((a, b) => a - b);
    return { name, medianMs: sorted[Math.floor(sorted.length / 2)]!, minMs: sorted[0]! };
  });
}

/** The start-up figures of the installed CLI, against bare Node and the workspace's tsx launcher in the same run. */
export function startupFigures(installed: string, workspaceBin: string, sample: string, scratch: string, runs = 15): StartupFigure[] {
  const empty = join(scratch, 'empty.ndjson');
  writeFileSync(empty, '');
  return timeCommands(
    [
      { name: 'node -e "" (Node alone)', argv: [process.execPath, '-e', ''] },
      { name: 'msgstatus --version', argv: [installed, '--version'] },
      { name: 'msgstatus replay <empty file>', argv: [installed, 'replay', empty] },
      { name: 'msgstatus replay <33-line sample>', argv: [installed, 'replay', sample] },
      { name: 'workspace bin (tsx) --version', argv: [process.execPath, workspaceBin, '--version'] },
      { name: 'workspace bin (tsx) replay <33-line sample>', argv: [process.execPath, workspaceBin, 'replay', sample] },
    ],
    runs,
  );
}
