import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../../../tools/ci/vitestProjectConfig.js';

export default defineConfig(projectTestConfig(import.meta.dirname));
