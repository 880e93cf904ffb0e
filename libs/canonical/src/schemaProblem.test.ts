import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { schemaProblem } from './schemaProblem.js';

const problemOf = (schema: z.ZodType, value: unknown): string => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a failure');
  return schemaProblem(parsed.error);
};

describe('schemaProblem: reasons in plain words', () => {
  it.each<[string, z.ZodType, unknown, string]>([
    ['a missing field', z.object({ payload: z.unknown() }), {}, 'payload: missing'],
    ['a missing text field', z.object({ type: z.string() }), {}, 'type: missing'],
    ['a wrong type', z.object({ MessageSid: z.string() }), { MessageSid: 1 }, 'MessageSid: expected text, got a number'],
    ['a fraction for a count', z.object({ n: z.number().int() }), { n: 1.5 }, 'n: expected a whole number, got a number'],
    ['a literal', z.object({ success: z.literal(true) }), { success: false }, 'success: expected true'],
    ['an enum', z.object({ status: z.enum(['sent', 'read']) }), { status: 'x' }, 'status: expected one of "sent", "read"'],
    ['a union', z.object({ id: z.union([z.string(), z.number()]) }), { id: true }, 'id: not any of the accepted forms'],
    ['a long text', z.object({ id: z.string().max(3) }), { id: 'abcd' }, 'id: expected at most 3 characters'],
    ['an empty list', z.object({ items: z.array(z.string()).min(1) }), { items: [] }, 'items: expected at least 1 items'],
    ['an unknown field', z.strictObject({}), { extra: 1 }, '(payload): unexpected field "extra"'],
    ['our own words', z.object({ at: z.string().regex(/^\d+$/, 'digits only') }), { at: 'x' }, 'at: digits only'],
  ])('%s', (_, schema, value, expected) => {
    const problem = problemOf(schema, value);
    expect(problem).toBe(expected);
    expect(problem).not.toMatch(/nonoptional|Invalid input|received undefined/);
  });
});
