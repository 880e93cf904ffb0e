import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as Cause from 'effect/Cause';
import * as ConfigError from 'effect/ConfigError';
import { describe, expect, it } from 'vitest';
import { failureLine } from './runApp.js';

describe('failureLine', () => {
  it('names each variable of a configuration error and what is wrong with it, on one line', () => {
    const error = ConfigError.And(ConfigError.InvalidData(['MSGSTATUS_PARTITIONS'], 'Expected an integer value but received "lots"'), ConfigError.MissingData([], 'twilio webhooks need GATEWAY_TWILIO_AUTH_TOKEN too'));
    expect(failureLine('msgstatus-gateway', Cause.fail(error))).toBe(
      'msgstatus-gateway cannot start: configuration: MSGSTATUS_PARTITIONS: Expected an integer value but received "lots"; twilio webhooks need GATEWAY_TWILIO_AUTH_TOKEN too (the README\'s configuration table lists every variable)',
    );
  });

  it('says what failed of any other expected failure in one line, and gives a defect its whole cause', () => {
    expect(failureLine('msgstatus-ingestor', Cause.fail(new Error('Kafka admin connect failed: Connection error')))).toBe('msgstatus-ingestor stopped: Kafka admin connect failed: Connection error');
    expect(failureLine('msgstatus-ingestor', Cause.die(new TypeError('x is undefined')))).toMatch(/^msgstatus-ingestor failed: TypeError: x is undefined\n\s+at /);
  });
});

describe('runApp', () => {
  // A process as an operator starts one: its settings from the environment, its output on stderr.
  const script = new URL('./fixtures/appWithOneSetting.ts', import.meta.url).pathname;
  const run = (env: Record<string, string>) => spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });

  it('stops on a wrong setting before the program starts: one line on stderr, no stack trace, exit code 1', () => {
    const wrong = run({ TEST_PARTITIONS: 'lots' });
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toBe('msgstatus-test cannot start: configuration: TEST_PARTITIONS: Expected an integer value but received "lots" (the README\'s configuration table lists every variable)\n');
    expect(wrong.status).toBe(1);
    const right = run({ TEST_PARTITIONS: '6' });
    expect([right.stdout, right.stderr, right.status]).toEqual(['started\n', '', 0]);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops on ${signal} with one log line once its scopes are closed, and exit code 0`, async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, TEST_PARTITIONS: '6', TEST_RUN_UNTIL_STOPPED: 'true' } });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString('utf8');
          if (stdout.includes('started\n')) resolve();
        }),
      );
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      const [, stopLine, ...more] = stdout.split('\n');
      expect(JSON.parse(stopLine!)).toMatchObject({ message: `msgstatus-test stopped cleanly on ${signal}`, logLevel: 'INFO', annotations: { pid: child.pid } });
      expect([more, stderr, code]).toEqual([[''], '', 0]);
    }, 30_000);
  }
});
