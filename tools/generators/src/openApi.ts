import { readFileSync } from 'node:fs';
import { MessageState } from '@msgstatus/canonical';
import { forwardedHeader, maxBatch, maxMessageIdLength } from '@msgstatus/lookup';
import { z } from 'zod';

const version = (JSON.parse(readFileSync(new URL('../../../libs/status-machine/package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** A zod schema as OpenAPI 3.1 wants it: JSON Schema 2020-12, without its dialect line. */
function schemaOf(schema: z.ZodType): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema: _dialect, ...document } = JSON.parse(JSON.stringify(generated), (name, value: unknown) => (name === 'openEnum' ? undefined : value)) as Record<string, unknown>;
  return document;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonOf = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => jsonOf(ref('Error'), description);

/** The lookup API of the projector instances (docs/contract.md section 11), as OpenAPI 3.1. */
export function openApiDocument(): Record<string, unknown> {
  const messageId = {
    type: 'string',
    maxLength: maxMessageIdLength,
    pattern: '^[a-z0-9][a-z0-9_-]{0,31}:.+$',
    description: '`<provider>:<provider message id>`, as on every record',
    examples: ['8x8:dec02e44-c76f-4a0a-b69f-6ac2a4386eb9'],
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'msgstatus lookup API',
      version,
      description:
        "A message's latest state, as the state topic holds it, from any projector instance: each answers for any message, from its own copy of the message's partition or from the instance that holds it, and says how fresh the answer is. Served on every projector's health port, beside /metrics. Answers are state records: they never include a provider's payload.",
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:8082', description: 'A projector instance (HEALTH_PORT, default 8082)' }],
    paths: {
      '/messages/{messageId}': {
        get: {
          operationId: 'getMessage',
          summary: "A message's latest state",
          parameters: [{ name: 'messageId', in: 'path', required: true, schema: messageId, description: 'Percent-encoded (its colon may stay)' }],
          responses: {
            '200': jsonOf(ref('Found'), 'Its state and the freshness of the copy that answered'),
            '400': error('Not a messageId'),
            '404': jsonOf(ref('NotFound'), 'No message has this id in the copy of its partition that answered'),
            '503': jsonOf(ref('Unavailable'), "No instance holding the message's partition answered"),
          },
        },
      },
      '/messages': {
        get: {
          operationId: 'findMessage',
          summary: "A message's latest state, by its provider's id",
          parameters: [
            { name: 'provider', in: 'query', required: true, schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,31}$' }, examples: { eightByEight: { value: '8x8' } } },
            { name: 'providerMessageId', in: 'query', required: true, schema: { type: 'string', minLength: 1 } },
          ],
          responses: {
            '200': jsonOf(ref('Found'), 'Its state and the freshness of the copy that answered'),
            '400': error('provider or providerMessageId missing, or not a messageId together'),
            '404': jsonOf(ref('NotFound'), 'No message has this id'),
            '503': jsonOf(ref('Unavailable'), "No instance holding the message's partition answered"),
          },
        },
      },
      '/messages:batch': {
        post: {
          operationId: 'getMessages',
          summary: `The latest states of up to ${maxBatch} messages`,
          parameters: [
            {
              name: forwardedHeader,
              in: 'header',
              required: false,
              schema: { type: 'string', const: '1' },
              description: 'Set by an instance forwarding to another: answered from the receiver\'s own copies, never forwarded again',
            },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['messageIds'],
                  properties: { messageIds: { type: 'array', minItems: 1, maxItems: maxBatch, items: messageId } },
                },
              },
            },
          },
          responses: {
            '200': jsonOf(
              {
                type: 'object',
                required: ['results'],
                properties: {
                  results: {
                    type: 'array',
                    description: 'One per id asked, in the order asked: what its own lookup would answer, with that answer\'s status',
                    items: {
                      oneOf: [
                        { allOf: [ref('Found'), { type: 'object', required: ['status'], properties: { status: { const: 200 } } }] },
                        { allOf: [ref('NotFound'), { type: 'object', required: ['status'], properties: { status: { const: 404 } } }] },
                        { allOf: [ref('Unavailable'), { type: 'object', required: ['status'], properties: { status: { const: 503 } } }] },
                      ],
                    },
                  },
                },
              },
              'Every id\'s answer',
            ),
            '400': error(`Not JSON, not {"messageIds": [...]}, an id that is no messageId, or over ${maxBatch} ids`),
            '413': error('A body over 256 KiB'),
          },
        },
      },
    },
    components: {
      schemas: {
        MessageState: schemaOf(MessageState),
        Freshness: {
          type: 'object',
          required: ['partition', 'copy', 'lagRecords', 'stale', 'answeredBy'],
          properties: {
            partition: { type: 'integer', minimum: 0, description: "The message's partition (the producers' partitioner: murmur2 of the messageId)" },
            copy: { enum: ['active', 'standby'], description: '`active`: the instance processing the partition answered; `standby`: a warm copy did (a rebalance, or the active did not answer)' },
            lagRecords: { type: 'integer', minimum: 0, description: 'Records of the partition the copy had not read yet, as of its last fetch' },
            stale: { type: 'boolean', description: 'A standby answered, or the copy had records to read: a change may be missing' },
            answeredBy: { type: 'string', description: 'The instance that answered (its MSGSTATUS_ADVERTISED_URL)' },
          },
        },
        Found: { allOf: [ref('MessageState'), { type: 'object', required: ['freshness'], properties: { freshness: ref('Freshness') } }] },
        NotFound: {
          type: 'object',
          required: ['messageId', 'error', 'freshness'],
          properties: { messageId: { type: 'string' }, error: { type: 'string' }, freshness: ref('Freshness') },
        },
        Unavailable: { type: 'object', required: ['messageId', 'error'], properties: { messageId: { type: 'string' }, error: { type: 'string' } } },
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string', description: 'Why, in one line' } } },
      },
    },
  };
}
