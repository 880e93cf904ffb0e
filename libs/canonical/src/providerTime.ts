const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The number written by `count` ASCII digits at `start`, or -1. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Reads a provider's timestamp as an instant, ISO-8601 UTC with milliseconds, or null when it is
 * not one. Explicit on purpose: 7-digit fractions (`.6030893`), 2-digit fractions (`.06`), offsets
 * (`+00:00`, `+0300`) and zone-less times (read as UTC, as providers.md says) each have one
 * meaning here; `Date.parse` would guess. Fractions beyond milliseconds are truncated. Written with
 * char codes rather than a regular expression because every raw event passes here at least once.
 */
export function parseProviderTime(input: string): string | null {
  const text = input.length > 0 && (input.charCodeAt(0) <= 32 || input.charCodeAt(input.length - 1) <= 32) ? input.trim() : input;
  if (text.length < 16 || text.length > 40) return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const separator = text[10];
  if (text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || (separator !== 'T' && separator !== 't' && separator !== ' ')) return null;
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  if (day > (month === 2 && isLeap(year) ? 29 : monthDays[month - 1]!)) return null;
  let at = 16;
  let second = 0;
  let millis = 0;
  let fractionDigits = 0;
  if (text[at] === ':') {
    second = digitsAt(text, at + 1, 2);
    if (second < 0 || second > 59) return null;
    at += 3;
    if (text[at] === '.' || text[at] === ',') {
      at++;
      while (at < text.length && fractionDigits < 10) {
        const digit = text.charCodeAt(at) - 48;
        if (digit < 0 || digit > 9) break;
        if (fractionDigits < 3) millis = millis * 10 + digit;
        fractionDigits++;
        at++;
      }
      if (fractionDigits === 0 || fractionDigits > 9) return null;
      for (let padding = fractionDigits; padding < 3; padding++) millis *= 10;
    }
  }
  let offsetMinutes = 0;
  const zone = text[at];
  if (zone === 'Z' || zone === 'z') {
    at++;
    // Already canonical (the common case for envelopes): give the same string back.
    if (at === 24 && fractionDigits === 3 && separator === 'T' && zone === 'Z' && text.length === 24) return text;
  } else if (zone === '+' || zone === '-') {
    const hours = digitsAt(text, at + 1, 2);
    at += 3;
    if (text[at] === ':') at++;
    const minutes = at < text.length ? digitsAt(text, at, 2) : 0;
    if (at < text.length) at += 2;
    if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) return null;
    offsetMinutes = (zone === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  if (at !== text.length) return null;
  const instant = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  const date = new Date(instant);
  const utcYear = date.getUTCFullYear();
  return utcYear < 1000 || utcYear > 9999 ? null : date.toISOString();
}

/** Reads Unix seconds (a number or a decimal string, as Meta sends them) as ISO-8601 UTC. */
export function parseUnixSeconds(value: string | number): string | null {
  const seconds = typeof value === 'number' ? value : /^\d{1,12}$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 0) return null;
  const instant = new Date(seconds * 1000);
  return instant.getUTCFullYear() > 9999 ? null : instant.toISOString();
}
