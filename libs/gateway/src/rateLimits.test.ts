import { describe, expect, it } from 'vitest';
import { rateLimits } from './rateLimits.js';

describe('rateLimits', () => {
  it('lets a burst through, then says how long to wait, and refills at the rate', () => {
    const limits = rateLimits(2, 3);
    expect([0, 0, 0].map(() => limits.take('8x8', 0))).toEqual([null, null, null]);
    expect(limits.take('8x8', 0)).toBe(1);
    // Half a second at 2 a second is one callback.
    expect(limits.take('8x8', 500)).toBeNull();
    expect(limits.take('8x8', 500)).toBe(1);
    // Never more than the burst, however long it was quiet.
    const later = [0, 0, 0, 0].map(() => limits.take('8x8', 60_000));
    expect(later).toEqual([null, null, null, 1]);
  });

  it('keeps one bucket per provider', () => {
    const limits = rateLimits(1, 1);
    expect(limits.take('8x8', 0)).toBeNull();
    expect(limits.take('8x8', 0)).toBe(1);
    expect(limits.take('twilio', 0)).toBeNull();
  });

  it('asks a slow provider to wait whole seconds, at least one', () => {
    const limits = rateLimits(0.1, 1);
    expect(limits.take('plivo', 0)).toBeNull();
    expect(limits.take('plivo', 0)).toBe(10);
  });

  it('limits nothing without a rate', () => {
    const limits = rateLimits(null, 1);
    expect(Array.from({ length: 10_000 }, () => limits.take('8x8', 0)).every((wait) => wait === null)).toBe(true);
  });
});
