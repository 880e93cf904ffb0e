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
      reporters: ['default', ['json', { outputFile: `${projectRoot}/reports/vitest.json` }]],
    },
  };
}
