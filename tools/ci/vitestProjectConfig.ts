import type { ViteUserConfig } from 'vitest/config';

/**
 * One test setup for every project: tests sit next to the code, and each project writes a JSON
 * report (`<project>/reports/vitest.json`) that `tools/ci/test.mjs` adds up into the
 * `N passed, N failed` line CI reads.
 */
export function projectTestConfig(
  projectRoot: string,
  options: { include?: string[]; testTimeout?: number } = {},
): ViteUserConfig {
  return {
    root: projectRoot,
    test: {
      include: options.include ?? ['src/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 20_000,
      setupFiles: [new URL('./yieldBetweenTests.ts', import.meta.url).pathname],
      // The local broker is a single node: the topics tests create (and the apps they start) keep
      // one copy. A cluster named by KAFKA_BROKERS may say otherwise.
      env: {
        MSGSTATUS_REPLICATION_FACTOR: process.env['MSGSTATUS_REPLICATION_FACTOR'] ?? '1',
        MSGSTATUS_MIN_INSYNC_REPLICAS: process.env['MSGSTATUS_MIN_INSYNC_REPLICAS'] ?? '1',
      },
      reporters: ['default', ['json', { outputFile: `${projectRoot}/reports/vitest.json` }]],
    },
  };
}
