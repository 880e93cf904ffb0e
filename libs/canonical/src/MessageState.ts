import { statuses } from '@msgstatus/status-machine';
import { z } from 'zod';
import { ClientRef, Detail, FinalReason, isoInstant } from './Observation.js';

/**
 * A message's latest state as the compacted state topic holds it (value; the key is `messageId`):
 * what the machine remembers, so a projector can go on where another left off. A cache of the log:
 * replaying the observations gives the same.
 */
export const MessageState = z.object({
  messageId: z.string(),
  state: z.enum(statuses),
  detail: Detail.nullable(),
  attempt: z.number().int().positive(),
  channels: z.array(z.string().nullable()).describe('The channel of each attempt (index = attempt - 1), null where unknown'),
  version: z.number().int().positive().describe('The version of the latest change record'),
  account: z.string().max(200).optional().describe('The provider account the message was sent from, when a payload named it'),
  changedAt: isoInstant
    .optional()
    .describe('When the latest change was received (its observedAt): final messages are removed a retention after it. Always written since it was added'),
  final: z.boolean().optional().describe('Whether the message is final: no further change of it will be written. Always written since it was added'),
  finalReason: FinalReason.nullable().optional().describe('Why it is final, or null while it is not. Always written since it was added'),
  clientRef: ClientRef.optional(),
});
export type MessageState = z.infer<typeof MessageState>;
