import { relative } from 'node:path';
import type { ViteUserConfig } from 'vitest/config';

const workspaceRoot = import.meta.dirname;

/**
 * One test setup for every project: tests sit next to the code, and each project writes a JSON
 * report that `tools/ci/test.mjs` adds up into the `N passed, N failed` line CI reads.
 */
export function projectTestConfig(
  projectRoot: string,
  options: { include?: string[]; testTimeout?: number } = {},
): ViteUserConfig {
  const reportName = relative(workspaceRoot, projectRoot).replaceAll('/', '__');
  return {
    root: projectRoot,
    test: {
      include: options.include ?? ['src/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 20_000,
      reporters: ['default', ['json', { outputFile: `${workspaceRoot}/reports/vitest/${reportName}.json` }]],
    },
  };
}
