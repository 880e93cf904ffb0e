/**
 * The largest raw event msgstatus accepts: 1 MiB, in bytes for a Kafka record's value and in
 * characters for a line of a file. Provider status payloads are a few hundred bytes to a few KiB; a
 * larger one is refused (dead letter, or an invalid line) before it is parsed, so one hostile or
 * broken payload cannot take a worker's memory or time.
 */
export const maxRawEventBytes = 1_048_576;

export const tooLarge = (size: number, unit: 'bytes' | 'characters'): string =>
  `raw event of ${size} ${unit} is over the limit of ${maxRawEventBytes}`;
