import { statuses } from '@msgstatus/status-machine';
import { z } from 'zod';
import { ClientRef, Detail, FinalReason, isoInstant, ProviderError } from './Observation.js';

/**
 * One accepted change of a message's status (docs/contract.md section 4), keyed by `messageId`. Field
 * order is part of the contract of our NDJSON output: replay writes these bytes.
 */
export const StatusChangeRecord = z.object({
  messageId: z.string(),
  version: z.number().int().positive().describe('1, 2, 3... per message, no gaps'),
  state: z.enum(statuses),
  previousState: z.enum(statuses).nullable(),
  detail: Detail.nullable(),
  attempt: z.number().int().positive(),
  channel: z.string().nullable(),
  occurredAt: isoInstant,
  observedAt: isoInstant,
  error: ProviderError.nullable(),
  provider: z.string(),
  providerMessageId: z.string(),
  eventId: z.string().describe('The observation that caused the change; for a closed receipt window, an id derived from the message and version'),
  final: z
    .boolean()
    .optional()
    .describe('Whether the message is final after this change: no further change of it will be written. Always written since it was added'),
  finalReason: FinalReason.nullable()
    .optional()
    .describe('Why it is final (last-state, failure, window-closed), or null while it is not. Always written since it was added'),
  clientRef: ClientRef.optional(),
});
export type StatusChangeRecord = z.infer<typeof StatusChangeRecord>;
