import { describe, expect, it } from 'vitest';
import { parseProviderTime, parseUnixSeconds } from './providerTime.js';

describe('parseProviderTime', () => {
  it.each([
    ['2020-12-22T01:24:30.6030893Z', '2020-12-22T01:24:30.603Z'],
    ['2020-06-17T04:17:21.06Z', '2020-06-17T04:17:21.060Z'],
    ['2017-04-19T02:31:19.4297387+00:00', '2017-04-19T02:31:19.429Z'],
    ['2023-02-22T12:00:00.000Z', '2023-02-22T12:00:00.000Z'],
    ['2023-02-22 12:00:00', '2023-02-22T12:00:00.000Z'],
    ['2024-03-01T10:00:00+03:00', '2024-03-01T07:00:00.000Z'],
    ['2024-03-01T01:00:00-0230', '2024-03-01T03:30:00.000Z'],
    ['2024-02-29T23:59:59.999999999Z', '2024-02-29T23:59:59.999Z'],
    ['  2020-06-17T04:17:21Z ', '2020-06-17T04:17:21.000Z'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseProviderTime(text)).toBe(expected);
  });

  it.each(['', 'yesterday', '2023-02-30T00:00:00Z', '2023-13-01T00:00:00Z', '2023-01-01T24:00:00Z', '2023-01-01T10:00:00+25:00', '1687000000', '2023-01-01T10:00:00.1234567890Z'])(
    'refuses %j instead of guessing',
    (text) => {
      expect(parseProviderTime(text)).toBeNull();
    },
  );
});

describe('parseUnixSeconds', () => {
  it('reads seconds given as a string or a number', () => {
    expect(parseUnixSeconds('1700000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(parseUnixSeconds(1700000000)).toBe('2023-11-14T22:13:20.000Z');
    expect(parseUnixSeconds('17e8')).toBeNull();
    expect(parseUnixSeconds(-1)).toBeNull();
  });
});

describe('parseProviderTime on any instant', () => {
  it('reads back every instant written in ISO form, with any offset and fraction length', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9000-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        fc.integer({ min: 0, max: 6 }),
        (date, offset, extraDigits) => {
          const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23);
          const sign = offset < 0 ? '-' : '+';
          const zone = `${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
          expect(parseProviderTime(`${local}${'7'.repeat(extraDigits)}${zone}`)).toBe(date.toISOString());
        },
      ),
    );
  });
});
