import { describe, expect, it } from 'vitest';
import { publishedCallbacks } from './publishedCallbacks.js';

const body = Buffer.from('{"status":"delivered"}');

describe('publishedCallbacks', () => {
  it("remembers what was added, by provider and the record's exact value", () => {
    const published = publishedCallbacks(10);
    const digest = published.digestOf('8x8', body);
    expect(published.has(digest)).toBe(false);
    published.add(digest);
    expect(published.has(published.digestOf('8x8', Buffer.from(body)))).toBe(true);
    expect(published.has(published.digestOf('8x8', body.toString()))).toBe(true);
    expect(published.has(published.digestOf('chuanglan', body))).toBe(false);
    expect(published.has(published.digestOf('8x8', Buffer.from('{"status":"delivered"} ')))).toBe(false);
  });

  it('forgets the oldest beyond its capacity, and a repeat does not take a second place', () => {
    const published = publishedCallbacks(2);
    const [a, b, c] = ['a', 'b', 'c'].map((text) => published.digestOf('8x8', text));
    published.add(a!);
    published.add(b!);
    published.add(a!);
    expect(published.size()).toBe(2);
    published.add(c!);
    expect([published.has(a!), published.has(b!), published.has(c!)]).toEqual([false, true, true]);
  });

  it('remembers nothing with capacity 0', () => {
    const published = publishedCallbacks(0);
    const digest = published.digestOf('8x8', body);
    published.add(digest);
    expect(published.has(digest)).toBe(false);
  });
});
