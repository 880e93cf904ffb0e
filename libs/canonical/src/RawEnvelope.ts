import { z } from 'zod';
import { parseProviderTime } from './providerTime.js';

export const providerIdPattern = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** A raw provider event as a file holds it (docs/contract.md section 1): one NDJSON line. */
export const RawEnvelope = z.object({
  provider: z.string().regex(providerIdPattern, 'a provider id: lowercase letters, digits, - and _'),
  receivedAt: z
    .string()
    .transform((text, context) => {
      const instant = parseProviderTime(text);
      if (instant === null) context.addIssue({ code: 'custom', message: 'an ISO-8601 time' });
      return instant ?? z.NEVER;
    })
    .describe('When msgstatus received the event, ISO-8601 (read as UTC without a zone)'),
  payload: z.unknown().describe("The provider's JSON as received"),
  // Any value, as before it existed (envelopes may carry fields of their own): only a string of at most 4,000 characters is read.
  callbackQuery: z
    .unknown()
    .optional()
    .describe("The query string of the URL the provider called, without '?', when it had one: where senders put their own reference of a Twilio message (clientRef=...). Read when it is a string of at most 4,000 characters"),
});
export type RawEnvelope = z.infer<typeof RawEnvelope>;
