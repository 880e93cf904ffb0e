/**
 * The largest raw event msgstatus accepts: 1 MiB of payload bytes, as a Kafka record's value
 * holds them, whichever way the event came (a raw topic, or a line of a file, whose payload is
 * measured as `msgstatus publish` would write it). Provider status payloads are a few hundred
 * bytes to a few KiB; a larger one is refused (dead letter, or an invalid line) before it is
 * parsed where that can be known, so one hostile or broken payload cannot take a worker's memory.
 */
export const maxRawEventBytes = 1_048_576;

/**
 * The longest line of a file the readers keep: a payload at the limit, plus room for its envelope
 * (`provider`, `receivedAt`, field names). A longer line is skipped unread, in constant memory.
 */
export const maxRawLineBytes = maxRawEventBytes + 65_536;

export const tooLarge = (bytes: number): string => `raw event of ${bytes} bytes is over the limit of ${maxRawEventBytes}`;

export const lineTooLong = (bytes: number): string => `line of ${bytes} bytes is over the limit of ${maxRawLineBytes} (a raw event is at most ${maxRawEventBytes} bytes)`;

/** The reason for bytes that are not UTF-8, from the ingestor and from replay alike. */
export const notUtf8 = (what: 'payload' | 'line'): string => `${what} is not UTF-8`;
