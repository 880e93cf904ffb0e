#!/usr/bin/env node
// Runs the TypeScript sources directly, so `npx msgstatus` works in a clone right after `npm ci`,
// with no build. The installable CLI is the bundle `npm run pack` builds (tools/packaging).
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
