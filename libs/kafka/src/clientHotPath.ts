import { createRequire } from 'node:module';
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { fastPartitioner } from './fastPartitioner.js';

const require = createRequire(import.meta.url);

export interface ClientHotPathFigures {
  /** Nanoseconds to pick the partition of one message-id key. */
  readonly partitionerNs: { readonly kafkajs: number; readonly ours: number };
  /** Microseconds for the CRC-32C of one 16 KiB record batch. */
  readonly crc32cMicros: { readonly javascript: number; readonly installed: number };
  /** What kafkajs uses as installed here: 'native' once patches/ is applied. */
  readonly crc32cImplementation: string;
}

/** Best of `rounds` timings of `run`, in ms. */
function best(rounds: number, run: () => void): number {
  let fastest = Infinity;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

/**
 * The two costs of kafkajs's producer that grow with every record, measured side by side in one
 * run (`npm run bench`): the default partitioner against ours, and kafkajs's JavaScript CRC-32C
 * against the one it uses as installed (patched to native code).
 */
export function measureClientHotPath(keys = 200_000): ClientHotPathFigures {
  const partitionMetadata: PartitionerArgs['partitionMetadata'] = Array.from({ length: 6 }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));
  const messages = Array.from({ length: keys }, (_, index) => ({ key: `8x8:${index.toString(16).padStart(8, '0')}-5b8e-4f06-9e3a-2a6f1b1e7c11`, value: null }));
  const timePartitioner = (partitioner: ReturnType<typeof fastPartitioner>) =>
    (best(3, () => {
      let sum = 0;
      for (const message of messages) sum += partitioner({ topic: 't', partitionMetadata, message });
      if (sum < 0) throw new Error('unreachable');
    }) * 1e6) / keys;
  const crcJavaScript = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C') as (buffer: Buffer) => number;
  const crcInstalled = require('kafkajs/src/protocol/recordBatch/crc32C') as ((buffer: Buffer) => number) & { implementation?: string };
  const batch = Buffer.alloc(16 * 1024, 7);
  const timeCrc = (crc: (buffer: Buffer) => number) => (best(3, () => {
    for (let index = 0; index < 2_000; index++) crc(batch);
  }) * 1e3) / 2_000;
  return {
    partitionerNs: { kafkajs: timePartitioner(Partitioners.DefaultPartitioner()), ours: timePartitioner(fastPartitioner()) },
    crc32cMicros: { javascript: timeCrc(crcJavaScript), installed: timeCrc(crcInstalled) },
    crc32cImplementation: crcInstalled.implementation ?? 'javascript (patches/ not applied)',
  };
}
