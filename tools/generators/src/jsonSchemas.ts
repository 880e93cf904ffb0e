import { Observation, RawEnvelope, ReplayReport, StatusChangeRecord } from '@msgstatus/canonical';
import { z } from 'zod';

const schemas = {
  'raw-envelope': { schema: RawEnvelope, io: 'input', title: 'msgstatus raw envelope (one NDJSON line of raw history)' },
  observation: { schema: Observation, io: 'output', title: 'msgstatus canonical observation' },
  'status-change': { schema: StatusChangeRecord, io: 'output', title: 'msgstatus canonical status change' },
  'replay-report': { schema: ReplayReport, io: 'output', title: 'msgstatus replay report' },
} as const;

/** JSON Schema documents of the contract, for consumers of our topics and files outside TypeScript. */
export function jsonSchemas(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(schemas).map(([name, { schema, io, title }]) => {
      const document = { $id: `urn:msgstatus:schema:${name}`, title, ...z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) };
      return [`${name}.schema.json`, `${JSON.stringify(document, null, 2)}\n`];
    }),
  );
}
