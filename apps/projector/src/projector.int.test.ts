import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from '@effect/vitest';
import type { Topics } from '@msgstatus/canonical';
import { publishRawLines, runIngestor, runProjector } from '@msgstatus/pipeline';
import {
  byMessage,
  changeRecordsOf,
  collectUntil,
  kafkaTestLayer,
  rawEventLines,
  readAll,
  replayOracle,
  setUpTopics,
  waitUntilIngested,
  waitUntilProjected,
} from '@msgstatus/pipeline/testing';
import * as Effect from 'effect/Effect';
import * as Fiber from 'effect/Fiber';

// Bounded, but generous: in CI these tests share two cores with the soak's broker and apps, and a
// rebalance can wait out its 60 s timeout.
const phaseDeadline = 150_000;

const repositoryRoot = new URL('../../../', import.meta.url).pathname;
const projectorMain = new URL('./main.ts', import.meta.url).pathname;


const expectReplayOutput = (names: Topics, lines: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const changes = changeRecordsOf(yield* readAll(names.changes));
    expect(byMessage(changes)).toEqual(byMessage(replayOracle(lines)));
  });

/** The projector app as a child process, as it runs in production. */
function startProjectorProcess(names: Topics): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', projectorMain], {
    cwd: repositoryRoot,
    env: { ...process.env, MSGSTATUS_TOPIC_PREFIX: names.prefix, HEALTH_PORT: '0', LOG_LEVEL: 'Warning' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const exited = (child: ChildProcess) => Effect.async<void>((resume) => void child.once('exit', () => resume(Effect.void)));

describe('the projector on a real broker', () => {
  it.live(
    'gives the replay output after being killed with SIGKILL mid-stream and restarted: nothing lost, nothing twice',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('sigkill');
        const lines = [...rawEventLines(6_000, 600, 11)];
        // The second half is published only after the kill: the kill is mid-stream by construction,
        // however fast the first projector is (it was once done with the first half already).
        const half = lines.length / 2;
        yield* Effect.forkScoped(runIngestor({ names }));
        const first = startProjectorProcess(names);
        yield* Effect.addFinalizer(() => Effect.sync(() => first.kill('SIGKILL')));
        yield* publishRawLines(lines.slice(0, half), names);

        yield* collectUntil(names.changes, (records) => records.length >= 50, 60_000);
        first.kill('SIGKILL');
        yield* exited(first);
        yield* publishRawLines(lines.slice(half), names, half + 1);

        const second = startProjectorProcess(names);
        yield* Effect.addFinalizer(() => Effect.sync(() => second.kill('SIGTERM')));
        yield* waitUntilIngested(names, phaseDeadline);
        yield* waitUntilProjected(names, phaseDeadline);
        yield* expectReplayOutput(names, lines);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('projector-sigkill-test'))),
    420_000,
  );

  it.live(
    'restores its state from the state topic and goes on as a fresh replay would',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('restore');
        const lines = [...rawEventLines(2_000, 200, 12)];
        const half = lines.length / 2;
        yield* Effect.forkScoped(runIngestor({ names }));

        const first = yield* Effect.forkScoped(runProjector({ names }));
        yield* publishRawLines(lines.slice(0, half), names);
        yield* waitUntilIngested(names, phaseDeadline);
        yield* waitUntilProjected(names, phaseDeadline);
        yield* Fiber.interrupt(first);

        const states = yield* readAll(names.state);
        expect(states.length).toBeGreaterThan(0);

        yield* Effect.forkScoped(runProjector({ names }));
        yield* publishRawLines(lines.slice(half), names);
        yield* waitUntilIngested(names, phaseDeadline);
        yield* waitUntilProjected(names, phaseDeadline);
        yield* expectReplayOutput(names, lines);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('projector-restore-test'))),
    420_000,
  );

  it.live(
    'shares the work between instances, two then one then two, with the output of one',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('rebalance');
        const lines = [...rawEventLines(3_000, 300, 13)];
        const third = lines.length / 3;
        yield* Effect.forkScoped(runIngestor({ names }));

        yield* Effect.forkScoped(runProjector({ names }));
        const leaving = yield* Effect.forkScoped(runProjector({ names }));
        yield* publishRawLines(lines.slice(0, third), names);
        yield* waitUntilIngested(names, phaseDeadline);
        yield* waitUntilProjected(names, phaseDeadline);

        yield* Fiber.interrupt(leaving);
        yield* publishRawLines(lines.slice(third, 2 * third), names);
        yield* waitUntilIngested(names, phaseDeadline);
        yield* waitUntilProjected(names, phaseDeadline);

        yield* Effect.forkScoped(runProjector({ names }));
        yield* publishRawLines(lines.slice(2 * third), names);
        yield* waitUntilIngested(names, phaseDeadline);
        yield* waitUntilProjected(names, phaseDeadline);
        yield* expectReplayOutput(names, lines);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('projector-rebalance-test'))),
    420_000,
  );
});
