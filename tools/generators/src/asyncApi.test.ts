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

  it('names every writer and reader of each topic, and tells every reader to read committed', () => {
    const document = asyncApiDocument() as { operations: Record<string, { action: string; channel: { $ref: string }; 'x-kafka-isolation-level'?: string }> };
    const who = (action: string, channel: string) =>
      Object.entries(document.operations)
        .filter(([, operation]) => operation.action === action && operation.channel.$ref === `#/channels/${channel}`)
        .map(([id]) => id);
    expect(who('send', 'dead-letter')).toEqual(['IngestorSendsDeadLetter', 'ProjectorSendsDeadLetter']);
    expect(who('send', 'raw-8x8')).toEqual(['GatewaySendsRaw8x8', 'PollerSendsRaw8x8', 'PublishSendsRaw8x8']);
    expect(who('send', 'raw-alphasms')).toEqual(['PollerSendsRawAlphasms', 'PublishSendsRawAlphasms']);
    expect(who('receive', 'changes')).toEqual(['ConsumersReceivesChanges', 'ReplayFromTopicReceivesChanges']);
    const receives = Object.values(document.operations).filter((operation) => operation.action === 'receive');
    expect(receives.length).toBeGreaterThan(10);
    expect(new Set(receives.map((operation) => operation['x-kafka-isolation-level']))).toEqual(new Set(['read_committed']));
  });

  it("describes a form's fields only for the providers whose callbacks are forms", () => {
    const channels = (asyncApiDocument() as { channels: Record<string, { description: string }> }).channels;
    const forms = Object.entries(channels).filter(([, channel]) => channel.description.includes('form')).map(([id]) => id);
    expect(forms).toEqual(['raw-twilio', 'raw-vonage', 'raw-plivo']);
  });

  it('binds each channel to its partitions, cleanup policy and retention, and leaves replicas to the cluster it is created on', () => {
    const channels = (asyncApiDocument() as { channels: Record<string, { bindings: { kafka: Record<string, unknown> } }> }).channels;
    expect(channels['state']!.bindings.kafka).toMatchObject({ partitions: 6, topicConfiguration: { 'cleanup.policy': ['compact'] } });
    expect(channels['state']!.bindings.kafka).not.toHaveProperty('replicas');
    expect(channels['changes']!.bindings.kafka).toMatchObject({ topicConfiguration: { 'cleanup.policy': ['delete'], 'retention.ms': -1 } });
  });
});
