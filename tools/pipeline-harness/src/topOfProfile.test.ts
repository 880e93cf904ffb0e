import type { Profiler } from 'node:inspector';
import { describe, expect, it } from 'vitest';
import { ownerOf, ownersOfProfile } from './topOfProfile.js';

const frame = (functionName: string, url: string) => ({ functionName, url, scriptId: '0', lineNumber: 0, columnNumber: 0 });

describe('ownerOf', () => {
  it('names the package, ours, Node or V8 by the script a function is in', () => {
    expect(ownerOf(frame('decode', 'file:///work/main/node_modules/kafkajs/src/protocol/decoder.js'))).toBe('kafkajs');
    expect(ownerOf(frame('parse', 'file:///work/main/node_modules/zod/v4/core/schemas.js'))).toBe('zod');
    expect(ownerOf(frame('run', 'file:///work/main/node_modules/@effect/platform/dist/esm/index.js'))).toBe('effect');
    expect(ownerOf(frame('project', 'file:///work/main/libs/status-core/src/Projection.ts'))).toBe('msgstatus (apps, libs)');
    expect(ownerOf(frame('emit', 'node:events'))).toBe('Node (node:*)');
    expect(ownerOf(frame('(garbage collector)', ''))).toBe('garbage collector');
    expect(ownerOf(frame('(idle)', ''))).toBe('idle (waiting for IO)');
  });
});

describe('ownersOfProfile', () => {
  it('sums each owner\'s self time, largest first', () => {
    const profile: Profiler.Profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 4] },
        { id: 2, callFrame: frame('decode', 'file:///x/node_modules/kafkajs/a.js') },
        { id: 3, callFrame: frame('fetch', 'file:///x/node_modules/kafkajs/b.js') },
        { id: 4, callFrame: frame('project', 'file:///x/libs/status-core/src/Projection.ts') },
      ],
      startTime: 0,
      endTime: 100,
      samples: [2, 3, 4, 4],
      timeDeltas: [10, 50, 20, 20],
    };
    expect(ownersOfProfile(profile).split('\n').slice(2, 4)).toEqual(['| 60.0% | kafkajs |', '| 40.0% | msgstatus (apps, libs) |']);
  });
});
