import { hash } from 'node:crypto';

/**
 * The callbacks most recently published, by a digest of their provider and the raw record's value
 * (a JSON body as it came, a form as the JSON object of its fields): a repeat (a replay, or a
 * provider's retry after an answer it lost) is answered without a second Kafka write. Neither the
 * URL nor a form's encoding counts, since most providers sign neither: a captured callback sent
 * again to another query string, or with its fields encoded anew, is still a repeat. Only a published callback is remembered, so a retry after a 503 is still written.
 * Bounded: beyond `capacity` the oldest is forgotten, and a forgotten repeat is written again,
 * which the pipeline's event id dedupe absorbs.
 */
export interface PublishedCallbacks {
  readonly digestOf: (provider: string, value: Buffer | string) => string;
  readonly has: (digest: string) => boolean;
  readonly add: (digest: string) => void;
  readonly size: () => number;
}

export function publishedCallbacks(capacity: number): PublishedCallbacks {
  // A Map keeps insertion order: its first key is the oldest.
  const digests = new Map<string, true>();
  return {
    digestOf: (provider, value) => hash('sha256', Buffer.concat([Buffer.from(`${provider}\n`), Buffer.from(value)]), 'base64'),
    has: (digest) => digests.has(digest),
    add: (digest) => {
      if (capacity === 0 || digests.has(digest)) return;
      if (digests.size >= capacity) digests.delete(digests.keys().next().value!);
      digests.set(digest, true);
    },
    size: () => digests.size,
  };
}
