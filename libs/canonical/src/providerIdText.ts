/**
 * Provider message ids as strings. A JSON number beyond 2^53 has already lost digits when it was
 * parsed, so it is refused rather than passed on wrong (Chuanglan's ids are 18 digits: as strings).
 */
export function providerIdText(id: unknown): string | null {
  if (typeof id === 'string') {
    const trimmed = id.trim();
    return trimmed === '' || trimmed.length > 200 ? null : trimmed;
  }
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return String(id);
  return null;
}
