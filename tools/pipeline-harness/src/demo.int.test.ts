import { spawnSync } from 'node:child_process';
import { StatusChangeRecord } from '@msgstatus/canonical';
import { KafkaAdmin } from '@msgstatus/kafka';
import { kafkaTestLayer } from '@msgstatus/pipeline/testing';
import * as Effect from 'effect/Effect';
import { describe, expect, it } from 'vitest';

const repositoryRoot = new URL('../../../', import.meta.url).pathname;

describe('npm run demo', () => {
  it('runs the whole pipeline on the sample, webhooks over HTTP and a stuck message reconciled by polling, shuts the four apps down cleanly and removes its topics', async () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'tools/pipeline-harness/src/demo.ts'], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      timeout: 150_000,
    });
    expect(run.stderr).toContain('sample: 25 changes, 2 anomalies, 4 dead letters; per message identical to `msgstatus replay` of the sample and the callbacks');
    // The 8x8 failure and the AlphaSMS undelivered (both providers fall back, so they waited) share partitions with callbacks, whose receipt times close their windows.
    expect(run.stderr).toContain(
      'closing 2 sample message(s) still waiting as final (window-closed): 8x8:a1b2c3d4-0000-4000-8000-0000000000bb failed, alphasms:20002 undelivered',
    );
    for (const provider of ['meta-whatsapp', 'twilio', 'vonage', 'sinch', 'telnyx', '8x8']) expect(run.stderr).toContain(`webhook over HTTP: POST /webhooks/${provider} answered 200`);
    expect(run.stderr).toContain('via the gateway: meta-whatsapp:wamid.DEMO0001 delivered → read');
    expect(run.stderr).toContain('via the gateway: vonage:de30a1b2-0000-4000-8000-000000000001 read');
    expect(run.stderr).toContain('via the gateway: sinch:01JHFFHQ0P99JPPNQPDEMO0001/33662162466 delivered');
    expect(run.stderr).toContain('via the gateway: telnyx:ac012cbf-5e09-46af-a69a-7c0e2d900001 delivered');
    expect(run.stderr).toMatch(/reconciled by polling: 8x8:demo-stuck-0001 was stuck in sent; after \d+ polls? of 8x8's message-details API/);
    // Read back from each app's GET /metrics: every accepted observation is one change on stdout.
    expect(run.stderr).toMatch(/metrics \(GET \/metrics of each app\): ingestor observed \d+, invalid 4; projector accepted 31, .*closed 2; gateway answered 200 6; poller polled [1-9]/);
    expect(run.stderr).toContain('exit codes: ingestor 0, projector 0, gateway 0, poller 0');
    expect(run.status).toBe(0);
    // It leaves nothing on the broker: its prefix's topics are gone.
    const prefix = /removed the 15 topics under (msgstatus-demo\.\d+)\.\* and its consumer groups/.exec(run.stderr)?.[1];
    expect(prefix).toBeDefined();
    const left = await Effect.runPromise(
      Effect.flatMap(KafkaAdmin, (admin) => admin.partitionRanges(`${prefix}.changes`)).pipe(
        Effect.map(() => 'still there'),
        Effect.catchAll((error) => Effect.succeed(error.message)),
        Effect.scoped,
        Effect.provide(kafkaTestLayer('demo-test')),
      ),
    );
    expect(left).toMatch(/does not host this topic-partition|not host|UNKNOWN_TOPIC/i);
    const changes = run.stdout.split('\n').filter(Boolean).map((line) => StatusChangeRecord.parse(JSON.parse(line)));
    // The sample's 23 and its two closed windows, the gateway's 7 (delivered → read, delivered, read, delivered, delivered, sent), the poll's delivered.
    expect(changes).toHaveLength(23 + 2 + 7 + 1);
    const stuck = changes.filter((change) => change.messageId === '8x8:demo-stuck-0001');
    expect(stuck.map((change) => [change.state, change.version])).toEqual([
      ['sent', 1],
      ['delivered', 2],
    ]);
  });
});
