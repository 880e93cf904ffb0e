import { spawn } from 'node:child_process';
import { brokers, freePort } from '@msgstatus/pipeline/testing';
import { describe, expect, it } from 'vitest';

const main = new URL('./main.ts', import.meta.url).pathname;

describe('the gateway app with no provider configured', () => {
  it('runs but is not ready, and says why in one warning', async () => {
    const [healthPort, gatewayPort] = [await freePort(), await freePort()];
    const env = {
      ...process.env,
      KAFKA_BROKERS: brokers.join(','),
      MSGSTATUS_TOPIC_PREFIX: `gateway-unconfigured.${Date.now()}`,
      HEALTH_PORT: String(healthPort),
      GATEWAY_PORT: String(gatewayPort),
    };
    const child = spawn(process.execPath, ['--import', 'tsx', main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const deadline = Date.now() + 30_000;
      while (!output.includes('gateway listening') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      const health = (path: string) => fetch(`http://127.0.0.1:${healthPort}${path}`).then((answer) => answer.status);
      expect(output, `exit code ${String(child.exitCode)}`).toContain('gateway listening');
      expect(await health('/health/live')).toBe(200);
      expect(await health('/health/ready')).toBe(503);
      expect(output).toContain('not ready: no provider is configured; set the GATEWAY_<PROVIDER>_* secrets of at least one');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 45_000);
});
