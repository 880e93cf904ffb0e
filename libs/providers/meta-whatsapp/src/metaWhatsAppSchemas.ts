import { maxClientRefLength } from '@msgstatus/canonical';
import { z } from 'zod';

/** One entry of `statuses[]`: Meta's report on one outbound message. */
export const MetaStatus = z.object({
  id: z.string().min(1).max(256).describe("Meta's message id (wamid)"),
  status: z.string().max(200),
  type: z.string().max(64).optional().describe('What the status is of: `message` or none for messages; `call` and `payment` come in the same array'),
  timestamp: z.union([z.string(), z.number()]).describe('Unix seconds, as a string'),
  recipient_id: z.string().optional(),
  biz_opaque_callback_data: z.string().max(maxClientRefLength).optional().describe("The sender's own data sent with the message (at most 512 characters), echoed back"),
  errors: z
    .array(z.object({ code: z.union([z.number(), z.string()]), title: z.string().optional(), message: z.string().optional() }).loose())
    .max(50)
    .optional(),
}).loose();

/** The webhook body: `entry[].changes[].value`, whose `statuses` hold the message statuses. */
export const MetaWebhook = z.object({
  object: z.string(),
  entry: z
    .array(
      z.object({
        changes: z.array(z.object({ field: z.string(), value: z.object({ statuses: z.array(z.unknown()).max(10_000).optional() }).loose() }).loose()).max(1_000),
      }).loose(),
    )
    .max(1_000),
});
