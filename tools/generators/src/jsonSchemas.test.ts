import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from './jsonSchemas.js';

describe('jsonSchemas', () => {
  it('describes every field of a change record, in contract order, those of the first v1 as required', () => {
    const schema = JSON.parse(jsonSchemas()['status-change.schema.json']!);
    expect(Object.keys(schema.properties)).toEqual([
      'messageId', 'version', 'state', 'previousState', 'detail', 'attempt', 'channel',
      'occurredAt', 'observedAt', 'error', 'provider', 'providerMessageId', 'eventId',
      'final', 'finalReason', 'clientRef',
    ]);
    // Added within v1, so optional for readers of records written before them (docs/contract.md section 10).
    expect(schema.required).toHaveLength(13);
    expect(schema.required).not.toContain('final');
  });

  it('publishes a reader schema that takes unknown fields and unknown details, and keeps states closed', () => {
    const writer = JSON.parse(jsonSchemas()['status-change.schema.json']!);
    const reader = JSON.parse(jsonSchemas()['reader/status-change.schema.json']!);
    expect(writer.additionalProperties).toBe(false);
    expect(JSON.stringify(reader)).not.toContain('"additionalProperties":false');
    expect(reader.properties.detail).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(writer.properties.detail.anyOf[0].description).toMatch(/Readers must accept values not listed here/);
    expect(reader.properties.state.enum).toEqual(writer.properties.state.enum);
  });

  it('describes anomalies, message state and dead-letter headers too', () => {
    expect(Object.keys(jsonSchemas()).filter((name) => !name.startsWith('reader/'))).toEqual([
      'raw-envelope.schema.json', 'observation.schema.json', 'status-change.schema.json', 'message-state.schema.json',
      'anomaly.schema.json', 'dead-letter-headers.schema.json', 'replay-report.schema.json',
    ]);
    expect(JSON.parse(jsonSchemas()['dead-letter-headers.schema.json']!).required).toContain('dead-letter-reason');
  });

  it('matches the committed copies (npm run generate writes them)', () => {
    for (const [name, text] of Object.entries(jsonSchemas())) {
      expect(readFileSync(new URL(`../../../libs/canonical/schemas/${name}`, import.meta.url), 'utf8')).toBe(text);
    }
  });
});
