import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from './jsonSchemas.js';

describe('jsonSchemas', () => {
  it('describes every field of a change record, in contract order, as required', () => {
    const schema = JSON.parse(jsonSchemas()['status-change.schema.json']!);
    expect(Object.keys(schema.properties)).toEqual([
      'messageId', 'version', 'state', 'previousState', 'detail', 'attempt', 'channel',
      'occurredAt', 'observedAt', 'error', 'provider', 'providerMessageId', 'eventId',
    ]);
    expect(schema.required).toHaveLength(13);
  });

  it('matches the committed copies (npm run generate writes them)', () => {
    for (const [name, text] of Object.entries(jsonSchemas())) {
      expect(readFileSync(new URL(`../../../libs/canonical/schemas/${name}`, import.meta.url), 'utf8')).toBe(text);
    }
  });
});
