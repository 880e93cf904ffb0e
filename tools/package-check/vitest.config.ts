import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../../tools/ci/vitestProjectConfig.js';

// Building, packing and installing take seconds; npm install may wait on the registry.
export default defineConfig(projectTestConfig(import.meta.dirname, { testTimeout: 240_000 }));
