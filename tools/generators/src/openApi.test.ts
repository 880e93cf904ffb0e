import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openApi.js';

describe('the OpenAPI document of the lookup API', () => {
  it('is valid OpenAPI 3.1 for a validating parser', async () => {
    const result = await validate(structuredClone(openApiDocument()) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
  });

  it('has the three lookups, and the state schema of the contract', () => {
    const document = openApiDocument() as { paths: Record<string, object>; components: { schemas: { MessageState: { properties: object } } } };
    expect(Object.keys(document.paths)).toEqual(['/messages/{messageId}', '/messages', '/messages:batch']);
    expect(Object.keys(document.components.schemas.MessageState.properties)).toEqual(expect.arrayContaining(['messageId', 'state', 'version', 'finalReason']));
  });
});
