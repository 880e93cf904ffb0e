/**
 * Every record msgstatus writes names the major version of its topic's schema in one header,
 * `schema-version`, on every topic alike (docs/contract.md, "Versions"). A header, not a field:
 * dead letters and raw records carry bytes that are not ours to change (a provider's JSON, a
 * refused record), so only a header can say the same thing on every topic; readers also see it
 * before parsing the value. Within a major version schemas only grow by optional fields; a
 * breaking change is a new major version on a new topic.
 */
export const schemaVersionHeader = 'schema-version';

/** The major version msgstatus writes, and the only one it reads. */
export const schemaVersion = '1';

/** The headers of every record msgstatus writes: one shared object, never mutated. */
export const versionHeaders: Readonly<Record<string, string>> = Object.freeze({ [schemaVersionHeader]: schemaVersion });

/**
 * Why a record of another major version cannot be read, or null. A record without the header
 * counts as version 1: raw records of other producers, and records written before it existed.
 */
export function unreadableVersion(headers: Readonly<Record<string, Buffer | string | undefined>>): string | null {
  const value = headers[schemaVersionHeader];
  if (value === undefined) return null;
  const version = value.toString();
  return version === schemaVersion ? null : `schema-version ${JSON.stringify(version.slice(0, 40))}: this reader knows version ${schemaVersion} only`;
}
