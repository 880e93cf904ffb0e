import { Parser } from '@asyncapi/parser';
import { providerIds } from '@msgstatus/provider-registry';
import { describe, expect, it } from 'vitest';
import { asyncApiDocument } from './asyncApi.js';

describe('the AsyncAPI document', () => {
  it('is valid AsyncAPI 3 for the official parser, without errors or warnings', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(asyncApiDocument()));
    expect(diagnostics.filter((diagnostic) => diagnostic.severity <= 1).map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('documents every topic: one raw topic per provider and the five canonical ones', async () => {
    const { document } = await new Parser().parse(JSON.stringify(asyncApiDocument()));
    const addresses = document!.channels().all().map((channel) => channel.address());
    expect(addresses).toEqual([
      ...providerIds.map((provider) => `msgstatus.raw.${provider}`),
      'msgstatus.observations',
      'msgstatus.changes',
      'msgstatus.state',
      'msgstatus.dead-letter',
      'msgstatus.anomalies',
    ]);
    const change = document!.components().messages().all().find((message) => message.id() === 'status-change')!;
    expect(Object.keys(change.payload()!.properties() ?? {})).toEqual(expect.arrayContaining(['messageId', 'state', 'previousState', 'version']));
  });
});
