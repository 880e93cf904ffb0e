import { z } from 'zod';

/** Where a raw event sits: a Kafka record, or a line of an NDJSON file. */
export const KafkaSource = z.object({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  offset: z.string().regex(/^\d+$/).describe('Kafka offset, a decimal string (offsets are 64-bit)'),
});
export const FileSource = z.object({
  file: z.string(),
  line: z.number().int().positive(),
});
export const Source = z.union([KafkaSource, FileSource]);
export type Source = z.infer<typeof Source>;
