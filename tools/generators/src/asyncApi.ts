import { readFileSync } from 'node:fs';
import {
  Anomaly,
  canonicalPartitions,
  DeadLetterHeaders,
  defaultTopicStorage,
  MessageState,
  Observation,
  rawHeaders,
  schemaVersion,
  schemaVersionHeader,
  StatusChangeRecord,
  topicDefinitions,
  topics,
} from '@msgstatus/canonical';
import { providerIds, providers } from '@msgstatus/provider-registry';
import { z, type ZodType } from 'zod';

const kafkaBindingVersion = '0.5.0';
const version = (JSON.parse(readFileSync(new URL('../../../libs/status-machine/package.json', import.meta.url), 'utf8')) as { version: string }).version;
const readCommitted =
  'Read with isolation.level=read_committed: records are written in transactions, and a read_uncommitted reader (the Java client\'s default) also sees those of aborted ones. See docs/consuming.md.';

/** A zod schema as an AsyncAPI payload: JSON Schema draft-07, which AsyncAPI's schema format extends. */
function payloadOf(schema: ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, { io, target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema: _dialect, ...document } = JSON.parse(JSON.stringify(generated), (name, value: unknown) => (name === 'openEnum' ? undefined : value)) as Record<string, unknown>;
  return document;
}

const text = (description: string) => ({ type: 'string', description });
const key = (description: string) => ({ kafka: { key: { type: 'string', description }, bindingVersion: kafkaBindingVersion } });
const versionHeader = { [schemaVersionHeader]: { type: 'string', const: schemaVersion, description: 'The major version of this topic\'s schema (docs/contract.md, "Versions")' } };
const versionedHeaders = { type: 'object', properties: versionHeader, required: [schemaVersionHeader] };

/** Who reads a topic: one of our apps, or someone outside (your services, operators). */
interface Reader {
  readonly id: string;
  readonly ours: boolean;
}
const app = (id: string): Reader => ({ id, ours: true });
const outside = (id: string): Reader => ({ id, ours: false });

interface Topic {
  readonly id: string;
  readonly address: string;
  readonly description: string;
  readonly message: Record<string, unknown>;
  readonly writers: ReadonlyArray<string>;
  readonly readers: ReadonlyArray<Reader>;
}

const polledProviders = providers.filter((provider) => provider.statusApi !== undefined).map((provider) => provider.provider);

const bodyOf = (provider: (typeof providers)[number]) =>
  provider.webhook?.bodyFormat === 'form'
    ? 'its callbacks are HTML forms, published as the JSON object of their fields'
    : provider.webhook?.bodyFormat === 'json or form'
      ? "its callbacks' JSON bodies byte for byte, and its form callbacks as the JSON object of their fields"
      : provider.webhook !== undefined
      ? 'its callbacks\' JSON bodies, byte for byte'
      : 'the JSON answers of its status API, byte for byte';

const rawTopics: Topic[] = providers.map((provider) => ({
  id: `raw-${provider.provider}`,
  address: topics.raw(provider.provider),
  description: `Raw events of ${provider.displayName}, as the provider sent them: ${bodyOf(provider)}${polledProviders.includes(provider.provider) && provider.webhook !== undefined ? ', and the JSON answers of its status API' : ''}.`,
  writers: [...(provider.webhook === undefined ? [] : ['gateway']), ...(polledProviders.includes(provider.provider) ? ['poller'] : []), 'msgstatus publish'],
  readers: [app('ingestor'), outside('msgstatus replay --from-topic')],
  message: {
    name: `raw-${provider.provider}`,
    title: `${provider.displayName} raw event`,
    payload: payloadOf(provider.rawPayload, 'input'),
    headers: {
      type: 'object',
      properties: {
        [rawHeaders.provider]: text(`The provider id: ${provider.provider}`),
        [rawHeaders.receivedAt]: text('When msgstatus received it, ISO-8601 UTC; the record timestamp when absent'),
        ...(provider.webhook === undefined
          ? {}
          : { [rawHeaders.callbackQuery]: text("The query string of the URL the provider called, without '?', when it had one (a Twilio sender's clientRef=...)") }),
        ...versionHeader,
      },
    },
    bindings: key(
      provider.rawRecordKey === 'provider'
        ? `The provider id: its answers list many messages, so one partition keeps them in order`
        : 'The provider message id(s) it reports on, sorted and comma-joined when several: one message keeps its order',
    ),
  },
}));

const canonicalTopics: Topic[] = [
  {
    id: 'observations',
    address: topics.observations,
    description: 'Canonical observations, the event log: one per status a raw event reports (docs/contract.md, "Observations").',
    writers: ['ingestor'],
    readers: [app('projector')],
    message: { name: 'observation', title: 'Canonical observation', payload: payloadOf(Observation, 'output'), headers: versionedHeaders, bindings: key('messageId') },
  },
  {
    id: 'changes',
    address: topics.changes,
    description: 'Canonical status changes, the output stream: versions 1, 2, 3... per message, in order (docs/contract.md, "Change records").',
    writers: ['projector'],
    readers: [outside('consumers'), outside('msgstatus replay --from-topic')],
    message: { name: 'status-change', title: 'Canonical status change', payload: payloadOf(StatusChangeRecord, 'output'), headers: versionedHeaders, bindings: key('messageId') },
  },
  {
    id: 'state',
    address: topics.state,
    description:
      "Every message's latest state, compacted: the projector's snapshot and the poller's view of stuck messages. A tombstone (null value) removes a message that ended long ago (docs/contract.md, \"State\").",
    writers: ['projector'],
    readers: [app('projector'), app('poller')],
    message: { name: 'message-state', title: 'Latest state of a message', payload: payloadOf(MessageState, 'output'), headers: versionedHeaders, bindings: key('messageId') },
  },
  {
    id: 'dead-letter',
    address: topics.deadLetter,
    description: 'Inputs that could not be used: the original record (key, value, headers) with the reason in headers.',
    writers: ['ingestor', 'projector'],
    readers: [outside('operators')],
    message: {
      name: 'dead-letter',
      title: 'Dead letter',
      payload: { description: "The original record's value, byte for byte (it may not be JSON)" },
      headers: payloadOf(DeadLetterHeaders, 'output'),
      bindings: key("The original record's key"),
    },
  },
  {
    id: 'anomalies',
    address: topics.anomalies,
    description: 'Observations that contradict what is known (conflicts), with both facts.',
    writers: ['projector'],
    readers: [outside('operators')],
    message: { name: 'anomaly', title: 'Anomaly', payload: payloadOf(Anomaly, 'output'), headers: versionedHeaders, bindings: key('messageId') },
  },
];

const pascal = (id: string) => id.replace(/(^|[-\s])(\w)/g, (_, _dash: string, letter: string) => letter.toUpperCase());
const operationId = (who: string) =>
  who
    .replace(/^msgstatus /, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
const listed = (names: ReadonlyArray<string>) => (names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`);

/** The Kafka binding of a topic: how `topicDefinitions` creates it by default. */
function channelBinding(address: string): Record<string, unknown> {
  const definition = topicDefinitions(topics, providerIds, canonicalPartitions, defaultTopicStorage).find((topic) => topic.topic === address)!;
  const { 'cleanup.policy': cleanup, 'retention.ms': retention, 'delete.retention.ms': deleteRetention } = definition.configs;
  return {
    topic: address,
    partitions: definition.partitions,
    ...(definition.replicationFactor === undefined ? {} : { replicas: definition.replicationFactor }),
    topicConfiguration: {
      'cleanup.policy': [cleanup],
      ...(retention === undefined ? {} : { 'retention.ms': Number(retention) }),
      ...(deleteRetention === undefined ? {} : { 'delete.retention.ms': Number(deleteRetention) }),
    },
    bindingVersion: kafkaBindingVersion,
  };
}

/** The AsyncAPI 3 document of every msgstatus topic, from the zod schemas of the contract. */
export function asyncApiDocument(): Record<string, unknown> {
  const all = [...rawTopics, ...canonicalTopics];
  const channels = Object.fromEntries(
    all.map((topic) => [
      topic.id,
      {
        address: topic.address,
        title: topic.address,
        description: `${topic.description} Written by the ${listed(topic.writers)}; read by ${listed(topic.readers.map((reader) => reader.id))}.`,
        messages: { [topic.message['name'] as string]: { $ref: `#/components/messages/${topic.message['name'] as string}` } },
        bindings: { kafka: channelBinding(topic.address) },
      },
    ]),
  );
  const operations = Object.fromEntries(
    all.flatMap((topic) => [
      ...topic.writers.map((writer) => [
        `${operationId(writer)}Sends${pascal(topic.id)}`,
        { action: 'send', channel: { $ref: `#/channels/${topic.id}` }, summary: `The ${writer} writes ${topic.address}` },
      ]),
      ...topic.readers.map((reader) => [
        `${operationId(reader.id)}Receives${pascal(topic.id)}`,
        {
          action: 'receive',
          channel: { $ref: `#/channels/${topic.id}` },
          summary: `${reader.ours ? `The ${reader.id}` : reader.id[0]!.toUpperCase() + reader.id.slice(1)} reads ${topic.address}`,
          description: readCommitted,
          bindings: { kafka: { ...(reader.ours ? { groupId: { type: 'string', const: `msgstatus.${reader.id}` } } : {}), bindingVersion: kafkaBindingVersion } },
          'x-kafka-isolation-level': 'read_committed',
        },
      ]),
    ]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'msgstatus topics',
      version,
      description:
        'The Kafka topics of msgstatus: raw provider events in, canonical observations, the ordered status-change stream, ' +
        'latest states, dead letters and anomalies out. Topic names carry the prefix `msgstatus` unless MSGSTATUS_TOPIC_PREFIX says otherwise. ' +
        'Every record carries the header `schema-version`. Consumers read with isolation.level=read_committed. ' +
        'The contract in words is docs/contract.md, the consumer guide docs/consuming.md. ' +
        'Generated from the zod schemas by `npm run generate`; CI checks it is current and valid.',
      license: { name: 'MIT' },
    },
    defaultContentType: 'application/json',
    servers: { local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'The local broker of `npm run kafka:start` and docker-compose.yml' } },
    channels,
    operations,
    components: { messages: Object.fromEntries(all.map((topic) => [topic.message['name'] as string, topic.message])) },
  };
}
