import { details, finalReasons, statuses } from '@msgstatus/status-machine';
import { z } from 'zod';
import { Source } from './Source.js';

export const isoInstant = z.iso.datetime({ precision: 3 }).describe('ISO-8601 UTC with milliseconds');

/**
 * The detail of a state. An open set: a reader must take a detail it does not know as none, since
 * new ones may be added within a major version (docs/contract.md, "Versions").
 */
export const Detail = z.enum(details).meta({ openEnum: true });

/** The longest sender's reference carried: Meta allows 512 characters, 8x8 350. */
export const maxClientRefLength = 512;

export const ClientRef = z
  .string()
  .min(1)
  .max(maxClientRefLength)
  .describe("The sender's own reference of the message, as the provider echoed it (8x8's clientMessageId, Meta's biz_opaque_callback_data): present only when known");

/**
 * Why a message is final (docs/contract.md section 3). An open set: a reader takes a reason it
 * does not know as final all the same.
 */
export const FinalReason = z.enum(finalReasons).meta({ openEnum: true });

export const ProviderError = z
  .object({ code: z.string(), message: z.string().nullable() })
  .describe("The provider's error code (as a string) and message");
export type ProviderError = z.infer<typeof ProviderError>;

/** One message status a raw event reports (docs/contract.md section 2): the event log's entry. */
export const Observation = z.object({
  eventId: z.string().regex(/^[0-9a-f]{32}$/).describe('Deterministic id from the content: a redelivery gets the same id'),
  messageId: z.string().describe('<provider>:<provider message id>; the Kafka key downstream'),
  provider: z.string(),
  providerMessageId: z.string(),
  account: z
    .string()
    .max(200)
    .optional()
    .describe("The provider account the message was sent from (8x8's subAccountId), when its payload names it: the poller asks that account's status API"),
  state: z.enum(statuses),
  detail: Detail.nullable(),
  attempt: z.number().int().positive().nullable().describe("The provider's channel-fallback step, if it gives one"),
  channel: z.string().nullable(),
  occurredAt: isoInstant.describe("The provider's time of the status (the receipt time when it gives none)"),
  observedAt: isoInstant.describe('When msgstatus received the raw event'),
  error: ProviderError.nullable(),
  providerStatus: z.string().describe("The provider's own status words, verbatim"),
  source: Source,
  clientRef: ClientRef.optional(),
});
export type Observation = z.infer<typeof Observation>;
