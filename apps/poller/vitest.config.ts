import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../../tools/ci/vitestProjectConfig.js';

// Integration tests against the real broker take seconds each; their own timeouts bound them.
export default defineConfig(projectTestConfig(import.meta.dirname, { testTimeout: 180_000 }));
