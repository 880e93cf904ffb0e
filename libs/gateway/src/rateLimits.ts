/**
 * A token bucket per provider: `burst` callbacks at once, refilled at `perSecond`. Taken before any
 * other work, so a flood costs a lookup and an answer, not a body read, a signature check or a
 * Kafka write. The clock is passed in, which keeps the buckets testable without waiting.
 */
export interface RateLimits {
  /** Null when the provider may go on, else the seconds until its next callback would be taken. */
  readonly take: (provider: string, nowMs: number) => number | null;
}

export function rateLimits(perSecond: number | null, burst: number): RateLimits {
  if (perSecond === null) return { take: () => null };
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  return {
    take: (provider, nowMs) => {
      const bucket = buckets.get(provider) ?? { tokens: burst, atMs: nowMs };
      bucket.tokens = Math.min(burst, bucket.tokens + ((nowMs - bucket.atMs) / 1_000) * perSecond);
      bucket.atMs = nowMs;
      buckets.set(provider, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return null;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    },
  };
}
