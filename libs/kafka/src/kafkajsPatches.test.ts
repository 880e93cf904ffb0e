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
const sendMessagesOf = require('kafkajs/src/producer/sendMessages') as (dependencies: object) => (request: object) => Promise<ReadonlyArray<{ topicName: string; partition: number }>>;
const createRetry = require('kafkajs/src/retry') as (options: object) => unknown;

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

interface ProduceCall {
  readonly broker: number;
  readonly partitions: ReadonlyArray<{ readonly topic: string; readonly partition: number; readonly firstSequence: number; readonly values: ReadonlyArray<string> }>;
}

/**
 * kafkajs's sendMessages over a fake cluster: partition p is led by broker `leaders[p]`; each
 * broker's produce answers as its script says, call by call (a delay in ms, or 'closed').
 */
function fakeCluster(leaders: ReadonlyArray<number>, scripts: Readonly<Record<number, ReadonlyArray<number | 'closed'>>>) {
  const calls: ProduceCall[] = [];
  const sequences = new Map<string, number>();
  const brokerOf = (nodeId: number) => ({
    nodeId,
    produce: async ({ topicData }: { topicData: Array<{ topic: string; partitions: Array<{ partition: number; firstSequence: number; messages: Array<{ value: string }> }> }> }) => {
      const attempt = calls.filter((call) => call.broker === nodeId).length;
      calls.push({ broker: nodeId, partitions: topicData.flatMap(({ topic, partitions }) => partitions.map(({ partition, firstSequence, messages }) => ({ topic, partition, firstSequence, values: messages.map((message) => message.value) }))) });
      const step = scripts[nodeId]?.[attempt] ?? 0;
      if (step === 'closed') throw Object.assign(new Error('Closed connection'), { name: 'KafkaJSConnectionClosedError', retriable: true });
      await new Promise((resolve) => setTimeout(resolve, step));
      return { topics: topicData.map(({ topic, partitions }) => ({ topicName: topic, partitions: partitions.map(({ partition }) => ({ partition, errorCode: 0, baseOffset: '0' })) })) };
    },
  });
  const brokers = new Map([...new Set(leaders)].map((nodeId) => [nodeId, brokerOf(nodeId)]));
  const metadata = leaders.map((leader, partitionId) => ({ partitionId, leader }));
  const cluster = {
    targetTopics: new Set<string>(),
    refreshMetadataIfNecessary: async () => undefined,
    refreshMetadata: async () => undefined,
    addMultipleTargetTopics: async () => undefined,
    isConnected: () => true,
    removeBroker: () => undefined,
    findTopicPartitionMetadata: () => metadata,
    findLeaderForPartitions: (_topic: string, partitions: ReadonlyArray<string>) => {
      const result: Record<number, number[]> = {};
      for (const partition of partitions.map(Number)) (result[leaders[partition]!] ??= []).push(partition);
      return result;
    },
    findBroker: async ({ nodeId }: { nodeId: number | string }) => brokers.get(Number(nodeId))!,
  };
  const eosManager = {
    isTransactional: () => true,
    getTransactionalId: () => 'fake',
    getProducerId: () => 1,
    getProducerEpoch: () => 0,
    addPartitionsToTransaction: async () => undefined,
    acquireBrokerLock: async () => undefined,
    releaseBrokerLock: async () => undefined,
    getSequence: (topic: string, partition: number) => sequences.get(`${topic}:${partition}`) ?? 0,
    updateSequence: (topic: string, partition: number, increment: number) => sequences.set(`${topic}:${partition}`, (sequences.get(`${topic}:${partition}`) ?? 0) + increment),
  };
  const logger = { debug: () => undefined, error: () => undefined, info: () => undefined, warn: () => undefined };
  return { calls, cluster, eosManager, logger, retrier: createRetry({ retries: 3, initialRetryTime: 1, maxRetryTime: 5 }) };
}

describe("kafkajs's send, as patched at install", () => {
  it('sends again only the partitions that were not acknowledged, once every request of the attempt has settled, under their first sequence numbers', async () => {
    // Broker 2's connection closes at once while broker 1 takes 50 ms to acknowledge partition 0.
    const fake = fakeCluster([1, 2], { 1: [50], 2: ['closed', 0] });
    const byKey = () => (args: { message: { key: string } }) => Number(args.message.key);
    const send = sendMessagesOf({ ...fake, partitioner: byKey() });
    const responses = await send({ acks: -1, topicMessages: [{ topic: 't', messages: [{ key: '0', value: 'a' }, { key: '1', value: 'b' }] }] });

    expect(fake.calls.map((call) => [call.broker, call.partitions.map(({ partition, firstSequence, values }) => `${partition}@${firstSequence}:${values.join('')}`)])).toEqual([
      [1, ['0@0:a']],
      [2, ['1@0:b']],
      [2, ['1@0:b']],
    ]);
    expect(responses.map(({ topicName, partition }) => `${topicName}/${partition}`).sort()).toEqual(['t/0', 't/1']);
  });

  it('places a keyless record once: its retry goes to the partition its first attempt went to', async () => {
    const fake = fakeCluster([1, 1, 1], { 1: ['closed', 0] });
    let next = 0;
    const roundRobin = () => () => next++ % 3;
    const send = sendMessagesOf({ ...fake, partitioner: roundRobin() });
    await send({ acks: -1, topicMessages: [{ topic: 'dead-letter', messages: [{ key: null, value: 'x' }] }] });

    const placements = fake.calls.map((call) => call.partitions.map(({ partition, firstSequence }) => `${partition}@${firstSequence}`).join());
    expect(placements).toEqual(['0@0', '0@0']);
  });
});

describe("kafkajs's OffsetFetch, as patched at install", () => {
  const offsetFetch = require('kafkajs/src/protocol/requests/offsetFetch') as {
    protocol: (options: { version: number }) => (request: object) => { request: { apiVersion: number; encode: () => Promise<{ buffer: Buffer }> } };
  };
  const requestOf = (version: number, requireStable: boolean) => offsetFetch.protocol({ version })({ groupId: 'g', topics: [{ topic: 't', partitions: [{ partition: 3 }] }], requireStable }).request;

  it('asks with require_stable from version 7 on, and a broker of versions 4 to 6 with version 4', () => {
    expect([4, 5, 6, 7, 9].map((version) => requestOf(version, true).apiVersion)).toEqual([4, 4, 4, 7, 7]);
  });

  it('encodes version 7 as a flexible request whose last field before its tags is require_stable', async () => {
    const stable = (await requestOf(7, true).encode()).buffer;
    const plain = (await requestOf(7, false).encode()).buffer;
    // Header tags, 'g', one topic 't' with partition 3 and its tags, require_stable, body tags.
    expect([...stable]).toEqual([0, 2, 0x67, 2, 2, 0x74, 2, 0, 0, 0, 3, 0, 1, 0]);
    expect([...plain]).toEqual([...stable.subarray(0, -2), 0, 0]);
  });
});

describe("kafkajs's TxnOffsetCommit, as patched at install", () => {
  const txnOffsetCommit = require('kafkajs/src/protocol/requests/txnOffsetCommit') as {
    protocol: (options: { version: number }) => (request: object) => {
      request: { apiVersion: number; encode: () => Promise<{ buffer: Buffer }> };
      response: { decode: (data: Buffer) => Promise<unknown>; parse: (data: unknown) => Promise<unknown> };
    };
  };
  const member = { generationId: 5, memberId: 'm' };
  const lookupOf = (version: number, group: object = member) =>
    txnOffsetCommit.protocol({ version })({ transactionalId: 'x', groupId: 'g', producerId: 1, producerEpoch: 2, ...group, topics: [{ topic: 't', partitions: [{ partition: 3, offset: '7' }] }] });

  it("sends the group's generation from version 3 on (brokers 2.5 and later), and a broker of version 2 version 1", () => {
    expect([0, 1, 2, 3, 4].map((version) => lookupOf(version).request.apiVersion)).toEqual([0, 1, 1, 3, 3]);
  });

  it('encodes version 3 as a flexible request with the generation and member id after the producer epoch', async () => {
    const int64 = (value: number) => [0, 0, 0, 0, 0, 0, 0, value];
    const fenced = (await lookupOf(3).request.encode()).buffer;
    // Header tags, 'x', 'g', producer id 1, epoch 2, generation 5, member 'm', no instance id, one
    // topic 't' with partition 3 at offset 7 (leader epoch -1, no metadata, tags), topic tags, body tags.
    expect([...fenced]).toEqual([
      0, 2, 0x78, 2, 0x67, ...int64(1), 0, 2, 0, 0, 0, 5, 2, 0x6d, 0, 2, 2, 0x74, 2, 0, 0, 0, 3, ...int64(7), 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0,
    ]);
    // Without a member, the generation is -1 and the member id empty: the offsets are not fenced by the group.
    const unfenced = (await lookupOf(3, {}).request.encode()).buffer;
    expect([...unfenced.subarray(15, 21)]).toEqual([0xff, 0xff, 0xff, 0xff, 1, 0]);
  });

  it("decodes version 3's answer, and fails with the group's refusal", async () => {
    const { response } = lookupOf(3);
    // Header tags, throttle 0, one topic 't' with partition 3 and an error code, tags.
    const answer = (errorCode: number) => Buffer.from([0, 0, 0, 0, 0, 2, 2, 0x74, 2, 0, 0, 0, 3, 0, errorCode, 0, 0, 0]);
    expect(await response.parse(await response.decode(answer(0)))).toEqual({ throttleTime: 0, clientSideThrottleTime: 0, topics: [{ topic: 't', partitions: [{ partition: 3, errorCode: 0 }] }] });
    // 22: ILLEGAL_GENERATION.
    await expect(response.decode(answer(22)).then((data) => response.parse(data))).rejects.toMatchObject({ type: 'ILLEGAL_GENERATION' });
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const createFetchManager = require('kafkajs/src/consumer/fetchManager') as (options: object) => { start: () => Promise<void>; stop: () => Promise<void> };

describe("kafkajs's fetch manager, as patched", () => {
  it('starts no fetchers after a stop that came while it was rebalancing them (a broker gone)', async () => {
    let nodeIds = [1, 2];
    let running = true;
    let fetchesAfterStop = 0;
    const logger = { namespace: () => logger, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const manager = createFetchManager({
      logger,
      getNodeIds: () => nodeIds,
      // As the runner's fetch: a network round trip while running (node 2 slower); once stopped, nothing at once.
      fetch: async (nodeId: number) => {
        if (!running) {
          // Unpatched, this is a loop of microtasks that never ends: fail it instead of hanging.
          if (++fetchesAfterStop > 1_000) throw new Error('still fetching 1,000 times after the stop');
          return [];
        }
        await sleep(nodeId === 2 ? 60 : 5);
        return [];
      },
      handler: async () => undefined,
    });
    const started = manager.start();
    await sleep(12);
    // A leader moves: node 1's fetcher finds other nodes at its next fetch, and the manager
    // rebalances its fetchers once node 2's fetch in flight is over.
    nodeIds = [1, 3];
    await sleep(15);
    // The runner stops meanwhile.
    running = false;
    await manager.stop();
    await started;
    expect(fetchesAfterStop).toBeLessThanOrEqual(2);
  });
});

const createConsumer = require('kafkajs/src/consumer') as (options: object) => {
  run: (options: object) => Promise<void>;
  disconnect: () => Promise<void>;
  on: (event: string, listener: (event: { payload: { restart: boolean } }) => void) => void;
  events: { CRASH: string };
};
const { KafkaJSConnectionError } = require('kafkajs/src/errors') as { KafkaJSConnectionError: new (message: string) => Error };
const { createLogger, LEVELS } = require('kafkajs/src/loggers') as { createLogger: (options: object) => object; LEVELS: { NOTHING: number } };

describe("kafkajs's consumer, as patched", () => {
  it('does not come back after a disconnect that came while it handled a crash it would restart after', async () => {
    let connects = 0;
    // A cluster whose first connect fails (a broker gone): the consumer crashes, disconnects, and would restart.
    const cluster = {
      connect: async () => {
        connects++;
        if (connects === 1) throw new KafkaJSConnectionError('Connection error: connect ECONNREFUSED');
      },
      disconnect: () => sleep(30),
      refreshMetadataIfNecessary: async () => undefined,
      removeBroker: () => undefined,
    };
    const consumer = createConsumer({ cluster, groupId: 'patched', logger: createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined }), retry: { initialRetryTime: 10, retries: 0 } });
    const crashes: boolean[] = [];
    consumer.on(consumer.events.CRASH, ({ payload }) => crashes.push(payload.restart));
    const running = consumer.run({ eachBatch: async () => undefined });
    // The app stops the consumer while kafkajs is still disconnecting it after the crash.
    await sleep(5);
    await consumer.disconnect();
    await running;
    await sleep(60);
    expect(crashes).toEqual([false]);
    expect(connects).toBe(1);
  });
});
