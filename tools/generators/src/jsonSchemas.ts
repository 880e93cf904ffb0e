import { Anomaly, DeadLetterHeaders, MessageState, Observation, RawEnvelope, ReplayReport, StatusChangeRecord } from '@msgstatus/canonical';
import { z } from 'zod';

const schemas = {
  'raw-envelope': { schema: RawEnvelope, io: 'input', title: 'msgstatus raw envelope (one NDJSON line of raw history)' },
  observation: { schema: Observation, io: 'output', title: 'msgstatus canonical observation' },
  'status-change': { schema: StatusChangeRecord, io: 'output', title: 'msgstatus canonical status change' },
  'message-state': { schema: MessageState, io: 'output', title: 'msgstatus latest state of a message (the state topic)' },
  anomaly: { schema: Anomaly, io: 'output', title: 'msgstatus anomaly (a conflicting observation, with both facts)' },
  'dead-letter-headers': { schema: DeadLetterHeaders, io: 'output', title: 'msgstatus dead-letter record headers' },
  'replay-report': { schema: ReplayReport, io: 'output', title: 'msgstatus replay report' },
} as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const openEnumNote = 'Readers must accept values not listed here: new ones may be added within the major version.';

/** Walks a JSON Schema, letting `visit` rewrite each schema object after its children. */
function rewrite(node: Json, visit: (schema: { [key: string]: Json }) => { [key: string]: Json }): Json {
  if (Array.isArray(node)) return node.map((item) => rewrite(item, visit));
  if (node === null || typeof node !== 'object') return node;
  return visit(Object.fromEntries(Object.entries(node).map(([key, value]) => [key, rewrite(value, visit)])));
}

/** What we write: strict, every field known, no other. Open enums say so in words. */
const writerOf = (document: Json) =>
  rewrite(document, ({ openEnum, ...schema }) =>
    openEnum === true ? { ...schema, description: [schema['description'], openEnumNote].filter(Boolean).join('. ') } : schema,
  );

/** What a reader should accept: the writer's schema with unknown fields allowed and open enums open. */
const readerOf = (document: Json) =>
  rewrite(document, ({ openEnum, ...schema }) => {
    const { additionalProperties, enum: values, ...rest } = schema;
    const open = additionalProperties === false ? rest : { ...rest, ...(additionalProperties === undefined ? {} : { additionalProperties }) };
    return openEnum === true ? open : values === undefined ? open : { ...open, enum: values };
  });

const documentOf = (name: string, title: string, body: Json): Json => ({ $id: `urn:msgstatus:schema:v1:${name}`, title, ...(body as object) });

/**
 * JSON Schema documents of the contract for consumers outside TypeScript, two of each: the strict
 * schema we write (`<name>.schema.json`) and the reader's (`reader/<name>.schema.json`), which
 * accepts what a later minor change may add. Paths are relative to `libs/canonical/schemas/`.
 */
export function jsonSchemas(): Record<string, string> {
  const text = (document: Json) => `${JSON.stringify(document, null, 2)}\n`;
  return Object.fromEntries(
    Object.entries(schemas).flatMap(([name, { schema, io, title }]) => {
      const generated = z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as Json;
      return [
        [`${name}.schema.json`, text(documentOf(name, title, writerOf(generated)))],
        [`reader/${name}.schema.json`, text(documentOf(`reader:${name}`, `${title}, as a reader accepts it`, readerOf(generated)))],
      ];
    }),
  );
}
