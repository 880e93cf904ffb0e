import { spawnSync } from 'node:child_process';
import { StatusChangeRecord } from '@msgstatus/canonical';
import { describe, expect, it } from 'vitest';

const repositoryRoot = new URL('../../../', import.meta.url).pathname;

describe('npm run demo', () => {
  it('runs the whole pipeline on the sample, prints its change stream, and shuts the apps down cleanly', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'tools/pipeline-harness/src/demo.ts'], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      timeout: 150_000,
    });
    expect(run.stderr).toContain('23 changes, 2 anomalies, 4 dead letters; per message identical to `msgstatus replay');
    expect(run.stderr).toContain('ingestor exited with 0, projector with 0');
    expect(run.status).toBe(0);
    const changes = run.stdout.split('\n').filter(Boolean).map((line) => StatusChangeRecord.parse(JSON.parse(line)));
    expect(changes).toHaveLength(23);
  });
});
