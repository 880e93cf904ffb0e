#!/usr/bin/env node
// Runs the TypeScript sources directly, so `npx msgstatus` works right after `npm ci`, with no build.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
