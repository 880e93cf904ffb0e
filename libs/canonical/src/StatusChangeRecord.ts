import { statuses } from '@msgstatus/status-machine';
import { z } from 'zod';
import { Detail, isoInstant, ProviderError } from './Observation.js';

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
  eventId: z.string(),
});
export type StatusChangeRecord = z.infer<typeof StatusChangeRecord>;
