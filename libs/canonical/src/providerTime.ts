const isoLike =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/i;

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Reads a provider's timestamp as an instant, ISO-8601 UTC with milliseconds, or null when it is
 * not one. Explicit on purpose: 7-digit fractions (`.6030893`), 2-digit fractions (`.06`), offsets
 * (`+00:00`, `+0300`) and zone-less times (read as UTC, as providers.md says) each have one
 * meaning here; `Date.parse` would guess. Fractions beyond milliseconds are truncated.
 */
export function parseProviderTime(text: string): string | null {
  const match = isoLike.exec(text.trim());
  if (match === null) return null;
  const [, y, mo, d, h, mi, s = '0', fraction = '', , sign, offsetHours = '0', offsetMinutes = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offset = Number(offsetHours) * 60 + Number(offsetMinutes);
  if (Number(offsetHours) > 18 || Number(offsetMinutes) > 59) return null;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc =
    Date.UTC(year, month - 1, day, hour, minute, second, millis) - (sign === '-' ? -offset : offset) * 60_000;
  const instant = new Date(utc);
  return instant.getUTCFullYear() < 1000 || instant.getUTCFullYear() > 9999 ? null : instant.toISOString();
}

/** Reads Unix seconds (a number or a decimal string, as Meta sends them) as ISO-8601 UTC. */
export function parseUnixSeconds(value: string | number): string | null {
  const seconds = typeof value === 'number' ? value : /^\d{1,12}$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 0) return null;
  const instant = new Date(seconds * 1000);
  return instant.getUTCFullYear() > 9999 ? null : instant.toISOString();
}
