import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// patches/kafkajs+2.2.4.patch, applied by patch-package at every install (the root package's
// postinstall), changes kafkajs's hot path: native CRC-32C, encoders that do not zero-fill 512
// bytes per record and header, and a send grouped by partition in linear time.
const require = createRequire(import.meta.url);
const patch = readFileSync(new URL('../../../patches/kafkajs+2.2.4.patch', import.meta.url), 'utf8');
const kafkajsRoot = dirname(require.resolve('kafkajs/package.json'));
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C') as ((buffer: Buffer) => number) & { implementation?: string };
const javascriptTable = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C') as (buffer: Buffer) => number;

describe('the kafkajs patch', () => {
  const patchedFiles = [...patch.matchAll(/^\+\+\+ b\/node_modules\/kafkajs\/(.+)$/gm)].map(([, file]) => file!);

  it('is applied to every file it changes', () => {
    expect(patchedFiles).toEqual(expect.arrayContaining(['src/protocol/encoder.js', 'src/producer/groupMessagesPerPartition.js', 'src/protocol/recordBatch/crc32C/index.js']));
    for (const file of patchedFiles) expect(readFileSync(join(kafkajsRoot, file), 'utf8'), file).toContain('msgstatus:');
  });
});

describe("kafkajs's CRC-32C, as patched at install", () => {
  it('is the native one: the patch is applied and its binary loads', () => {
    expect(kafkajsCrc32c.implementation).toBe('native');
  });

  it('gives the check value of CRC-32C, and the JavaScript table\'s result for any bytes', () => {
    expect(kafkajsCrc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        expect(kafkajsCrc32c(buffer)).toBe(javascriptTable(buffer) >>> 0);
      }),
      { numRuns: 300 },
    );
  });
});
