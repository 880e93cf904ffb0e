import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../../tools/ci/vitestProjectConfig.js';

// The integration test starts four apps and a Prometheus, and waits for their scrapes.
export default defineConfig(projectTestConfig(import.meta.dirname, { testTimeout: 300_000 }));
