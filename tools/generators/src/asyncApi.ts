import { readFileSync } from 'node:fs';
import { Anomaly, canonicalPartitions, deadLetterHeaders, MessageState, Observation, rawHeaders, StatusChangeRecord, topics } from '@msgstatus/canonical';
import { providers } from '@msgstatus/provider-registry';
import { z, type ZodType } from 'zod';

const kafkaBindingVersion = '0.5.0';
const version = (JSON.parse(readFileSync(new URL('../../../libs/status-machine/package.json', import.meta.url), 'utf8')) as { version: string }).version;
const ourApps = ['ingestor', 'projector', 'poller'];

/** A zod schema as an AsyncAPI payload: JSON Schema draft-07, which AsyncAPI's schema format extends. */
function payloadOf(schema: ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...document } = z.toJSONSchema(schema, { io, target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  return document;
}

const text = (description: string) => ({ type: 'string', description });
const key = (description: string) => ({ kafka: { key: { type: 'string', description }, bindingVersion: kafkaBindingVersion } });

interface Topic {
  readonly id: string;
  readonly address: string;
  readonly description: string;
  readonly message: Record<string, unknown>;
  readonly producer: string;
  readonly consumers: ReadonlyArray<string>;
  readonly compacted?: boolean;
}

const rawTopics: Topic[] = providers.map((provider) => ({
  id: `raw-${provider.provider}`,
  address: topics.raw(provider.provider),
  description: `Raw events of ${provider.displayName}, unchanged as the provider sent them (a form's fields as a JSON object).`,
  producer: provider.webhook === undefined ? 'poller' : 'gateway',
  consumers: ['ingestor'],
  message: {
    name: `raw-${provider.provider}`,
    title: `${provider.displayName} raw event`,
    payload: payloadOf(provider.rawPayload, 'input'),
    headers: {
      type: 'object',
      properties: {
        [rawHeaders.provider]: text(`The provider id: ${provider.provider}`),
        [rawHeaders.receivedAt]: text('When msgstatus received it, ISO-8601 UTC'),
      },
    },
    bindings: key(
      provider.rawRecordKey === 'provider'
        ? `The provider id: its answers list many messages, so one partition keeps them in order`
        : 'The provider message id(s) it reports on: one message keeps its order',
    ),
  },
}));

const canonicalTopics: Topic[] = [
  {
    id: 'observations',
    address: topics.observations,
    description: 'Canonical observations, the event log: one per status a raw event reports (CANONICAL.md section 2).',
    producer: 'ingestor',
    consumers: ['projector'],
    message: { name: 'observation', title: 'Canonical observation', payload: payloadOf(Observation, 'output'), bindings: key('messageId') },
  },
  {
    id: 'changes',
    address: topics.changes,
    description: 'Canonical status changes, the output stream: versions 1, 2, 3... per message, in order (CANONICAL.md section 4).',
    producer: 'projector',
    consumers: ['your services', 'msgstatus replay --from-topic'],
    message: { name: 'status-change', title: 'Canonical status change', payload: payloadOf(StatusChangeRecord, 'output'), bindings: key('messageId') },
  },
  {
    id: 'state',
    address: topics.state,
    description: "Every message's latest state, compacted: the projector's snapshot and the poller's view of stuck messages.",
    producer: 'projector',
    consumers: ['projector', 'poller'],
    compacted: true,
    message: { name: 'message-state', title: 'Latest state of a message', payload: payloadOf(MessageState, 'output'), bindings: key('messageId') },
  },
  {
    id: 'dead-letter',
    address: topics.deadLetter,
    description: 'Inputs that could not be used: the original record (key, value, headers) with the reason in headers.',
    producer: 'ingestor',
    consumers: ['operators'],
    message: {
      name: 'dead-letter',
      title: 'Dead letter',
      payload: { description: "The original record's value, byte for byte (it may not be JSON)" },
      headers: {
        type: 'object',
        properties: {
          [deadLetterHeaders.reason]: text('Why it could not be used'),
          [deadLetterHeaders.stage]: text('ingestor or projector'),
          [deadLetterHeaders.provider]: text('The provider, when known'),
          [deadLetterHeaders.messageId]: text('The messageId, when known'),
          [deadLetterHeaders.topic]: text('The topic of the original record'),
          [deadLetterHeaders.partition]: text('Its partition'),
          [deadLetterHeaders.offset]: text('Its offset'),
        },
        required: [deadLetterHeaders.reason, deadLetterHeaders.stage, deadLetterHeaders.topic, deadLetterHeaders.partition, deadLetterHeaders.offset],
      },
      bindings: key("The original record's key"),
    },
  },
  {
    id: 'anomalies',
    address: topics.anomalies,
    description: 'Observations that contradict what is known (conflicts), with both facts.',
    producer: 'projector',
    consumers: ['operators'],
    message: { name: 'anomaly', title: 'Anomaly', payload: payloadOf(Anomaly, 'output'), bindings: key('messageId') },
  },
];

const pascal = (id: string) => id.replace(/(^|-)(\w)/g, (_, _dash: string, letter: string) => letter.toUpperCase());

/** The AsyncAPI 3 document of every msgstatus topic, from the zod schemas of the contract. */
export function asyncApiDocument(): Record<string, unknown> {
  const all = [...rawTopics, ...canonicalTopics];
  const channels = Object.fromEntries(
    all.map((topic) => [
      topic.id,
      {
        address: topic.address,
        title: topic.address,
        description: `${topic.description} Written by the ${topic.producer}; read by ${topic.consumers.join(', ')}.`,
        messages: { [topic.message['name'] as string]: { $ref: `#/components/messages/${topic.message['name'] as string}` } },
        bindings: {
          kafka: {
            topic: topic.address,
            partitions: canonicalPartitions,
            ...(topic.compacted ? { topicConfiguration: { 'cleanup.policy': ['compact'] } } : {}),
            bindingVersion: kafkaBindingVersion,
          },
        },
      },
    ]),
  );
  const operations = Object.fromEntries(
    all.flatMap((topic) => [
      [`${topic.producer.replace(/\W/g, '')}Sends${pascal(topic.id)}`, { action: 'send', channel: { $ref: `#/channels/${topic.id}` }, summary: `The ${topic.producer} writes ${topic.address}` }],
      ...topic.consumers
        .filter((consumer) => ourApps.includes(consumer))
        .map((consumer) => [`${consumer}Receives${pascal(topic.id)}`, { action: 'receive', channel: { $ref: `#/channels/${topic.id}` }, summary: `The ${consumer} reads ${topic.address}` }]),
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
