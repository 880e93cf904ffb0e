import { z } from 'zod';

/** One item of a `/api/json.php` answer (seed 003). `id` is the customer's own message id. */
export const StatusItem = z.looseObject({
  success: z.union([z.boolean(), z.number()]),
  error: z.string().nullish(),
  data: z
    .looseObject({
      id: z.union([z.number(), z.string()]),
      type: z.string().nullish().describe('The channel that produced the status: sms, viber, rcs'),
      status: z.string().nullish(),
      replies: z.array(z.unknown()).nullish(),
    })
    .nullish(),
});

/** The whole answer; `success` is documented as an integer and shown as a boolean. */
export const StatusAnswer = z.looseObject({
  success: z.union([z.boolean(), z.number()]),
  error: z.string().nullish(),
  data: z.array(z.unknown()).max(1000).nullish(),
});
