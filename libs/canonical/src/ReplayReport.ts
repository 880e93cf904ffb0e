import { z } from 'zod';

export const ReplayCounts = z.object({
  raw: z.number().int().nonnegative().describe('Raw envelopes read (non-blank lines)'),
  observations: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  duplicate: z.number().int().nonnegative(),
  stale: z.number().int().nonnegative(),
  conflict: z.number().int().nonnegative(),
  expired: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Observations of unknown messages older than the state retention, not applied (always written since it was added)'),
  ignored: z.number().int().nonnegative().describe('Payload items that carry no message status, on purpose'),
  final: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Change records that made a message final, closed windows included (always written since it was added)'),
  closed: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Messages whose receipt window closed: each one change record, not an observation (always written since it was added)'),
  invalid: z.number().int().nonnegative().describe('Lines, or items of a line, that could not be normalized'),
});
export type ReplayCounts = z.infer<typeof ReplayCounts>;

export const InvalidLine = z.object({
  line: z.number().int().positive(),
  provider: z.string().nullable(),
  messageId: z.string().nullable(),
  reason: z.string(),
});
export type InvalidLine = z.infer<typeof InvalidLine>;

const Fact = z.object({
  state: z.string(),
  detail: z.string().nullable(),
  attempt: z.number().int().nullable(),
  channel: z.string().nullable(),
});

export const ConflictEntry = z.object({
  line: z.number().int().positive().describe('The line (or record ordinal) of the conflicting raw event'),
  messageId: z.string(),
  rule: z.string().describe('The machine rule that found the conflict (docs/contract.md section 3)'),
  reason: z.string(),
  known: Fact.describe('What msgstatus knew of the message: its state then'),
  observed: Fact.extend({ occurredAt: z.string(), eventId: z.string() }).describe('What the conflicting observation said'),
});
export type ConflictEntry = z.infer<typeof ConflictEntry>;

/** What `msgstatus replay --report` writes (docs/contract.md section 5). */
export const ReplayReport = ReplayCounts.extend({
  ignoredEvents: z
    .record(z.string(), z.number().int().positive())
    .optional()
    .describe('The ignored items by `<provider> <event type>` (`8x8 template_status_update`), sorted; always written since it was added'),
  invalidLines: z.array(InvalidLine),
  conflicts: z
    .array(ConflictEntry)
    .optional()
    .describe('Every conflict with both facts, in input order; always written since it was added'),
});
export type ReplayReport = z.infer<typeof ReplayReport>;
