import { describe, expect, it } from 'vitest';
import { compatibilityProblems } from './schemaCompatibility.js';

/** A v1 of one record kind: the strict writer schema and the open reader schema. */
const writer = {
  type: 'object',
  properties: { messageId: { type: 'string' }, version: { type: 'integer' }, state: { type: 'string', enum: ['sent', 'delivered'] } },
  required: ['messageId', 'version', 'state'],
  additionalProperties: false,
};
const reader = { ...writer, additionalProperties: undefined };
delete reader.additionalProperties;
const v1 = { writer: { change: writer }, reader: { change: reader } };

const withWriter = (changed: object, changedReader: object = { ...changed, additionalProperties: undefined }) => {
  const open = { ...changedReader } as Record<string, unknown>;
  delete open['additionalProperties'];
  return { writer: { change: changed }, reader: { change: open } };
};

describe('compatibilityProblems', () => {
  it('finds nothing between a release and itself', async () => {
    expect(await compatibilityProblems(v1, v1, 'v1')).toEqual([]);
  });

  it('lets an optional field be added', async () => {
    const added = { ...writer, properties: { ...writer.properties, channel: { type: 'string' } } };
    expect(await compatibilityProblems(v1, withWriter(added), 'v1')).toEqual([]);
  });

  it('catches a removed field', async () => {
    const { version: _removed, ...properties } = writer.properties;
    const removed = { ...writer, properties, required: ['messageId', 'state'] };
    const problems = await compatibilityProblems(v1, withWriter(removed), 'v1');
    expect(problems.some((problem) => problem.startsWith('change: we now write records a v1 reader refuses'))).toBe(true);
  });

  it('catches a narrowed type', async () => {
    const narrowed = { ...writer, properties: { ...writer.properties, state: { type: 'string', enum: ['sent'] } } };
    const problems = await compatibilityProblems(v1, withWriter(narrowed), 'v1');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^change: a reader now refuses records v1 wrote/);
  });

  it('catches a new required field', async () => {
    const required = { ...writer, properties: { ...writer.properties, tenant: { type: 'string' } }, required: [...writer.required, 'tenant'] };
    const problems = await compatibilityProblems(v1, withWriter(required), 'v1');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^change: a reader now refuses records v1 wrote/);
  });

  it('catches a widened type that v1 readers refuse', async () => {
    const widened = { ...writer, properties: { ...writer.properties, version: { type: ['integer', 'string'] } } };
    const problems = await compatibilityProblems(v1, withWriter(widened), 'v1');
    expect(problems[0]).toMatch(/^change: we now write records a v1 reader refuses/);
  });

  it('catches a pattern a reader now requires', async () => {
    const patterned = { ...writer, properties: { ...writer.properties, messageId: { type: 'string', pattern: '^[a-z]+:' } } };
    const problems = await compatibilityProblems(v1, withWriter(writer, patterned), 'v1');
    expect(problems).toEqual(['change: a reader now refuses records v1 wrote, such as /messageId: pattern "^[a-z]+:" required']);
  });

  it('lets a value be added to an enum that readers are told is open', async () => {
    const openV1 = { writer: v1.writer, reader: { change: { ...reader, properties: { ...reader.properties, state: { type: 'string' } } } } };
    const more = { ...writer, properties: { ...writer.properties, state: { type: 'string', enum: ['sent', 'delivered', 'read'] } } };
    expect(await compatibilityProblems(openV1, withWriter(more, openV1.reader.change), 'v1')).toEqual([]);
    const problems = await compatibilityProblems(v1, withWriter(more), 'v1');
    expect(problems).toEqual(['change: we now write records a v1 reader refuses, such as /state: "read" not among ["sent","delivered"]']);
  });

  it('catches a record kind that is no longer published', async () => {
    expect(await compatibilityProblems(v1, { writer: {}, reader: {} }, 'v1')).toEqual(['change: released in v1, no longer published']);
  });
});
