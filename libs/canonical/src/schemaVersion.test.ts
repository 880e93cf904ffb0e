import { describe, expect, it } from 'vitest';
import { schemaVersionHeader, unreadableVersion, versionHeaders } from './schemaVersion.js';

describe('schema-version header', () => {
  it('is written as version 1 and read back', () => {
    expect(versionHeaders).toEqual({ 'schema-version': '1' });
    expect(unreadableVersion({ [schemaVersionHeader]: Buffer.from('1') })).toBeNull();
  });

  it('takes a record without it as version 1', () => {
    expect(unreadableVersion({ provider: Buffer.from('8x8') })).toBeNull();
  });

  it('refuses another major version with a reason', () => {
    expect(unreadableVersion({ [schemaVersionHeader]: Buffer.from('2') })).toBe('schema-version "2": this reader knows version 1 only');
  });

  it('cannot be changed by a writer', () => {
    expect(Object.isFrozen(versionHeaders)).toBe(true);
  });
});
