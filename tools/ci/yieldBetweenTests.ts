import { beforeEach } from 'vitest';

// Vitest's worker waits at most 60 s for its own calls to the main process, and only reads their
// answers when its event loop turns. Tests that run child processes synchronously, back to back,
// never let it turn: on a slow machine a file of them outlasts the 60 s and vitest reports an
// "onTaskUpdate" timeout although every test passed. One turn of the event loop before each test
// bounds that wait to the longest single test.
beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
