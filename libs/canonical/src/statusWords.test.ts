import { describe, expect, it } from 'vitest';
import { providerIdText } from './providerIdText.js';
import { canonicalChannel, wordIn, wordKey } from './statusWords.js';

describe('wordKey', () => {
  it('ignores case and runs of white space', () => {
    expect(wordKey('  SIM   FULL ')).toBe('sim full');
    expect(wordKey('READ')).toBe(wordKey('read'));
    expect(wordKey('SMECL:FAILED')).toBe('smecl:failed');
  });
});

describe('canonicalChannel', () => {
  it('spells known channels one way and keeps unknown ones', () => {
    expect(canonicalChannel('whatsapp')).toBe('WhatsApp');
    expect(canonicalChannel(' rcs ')).toBe('RCS');
    expect(canonicalChannel('LineNotification')).toBe('LineNotification');
    expect(canonicalChannel('CarrierPigeon')).toBe('CarrierPigeon');
    expect(canonicalChannel('')).toBeNull();
    expect(canonicalChannel(null)).toBeNull();
  });
});

describe('providerIdText', () => {
  it('keeps ids as strings and refuses numbers that lost digits', () => {
    expect(providerIdText('356139161272397824')).toBe('356139161272397824');
    expect(providerIdText(10500)).toBe('10500');
    expect(providerIdText(356139161272397824)).toBeNull();
    expect(providerIdText(1.5)).toBeNull();
    expect(providerIdText('')).toBeNull();
    expect(providerIdText({})).toBeNull();
  });
});

describe('wordIn', () => {
  const table: Readonly<Record<string, string>> = { delivered: 'delivered', 'sim full': 'undelivered' };

  it('finds a word whatever its case and white space', () => {
    expect(wordIn(table, ' SIM  Full')).toBe('undelivered');
    expect(wordIn(table, 'DELIVERED')).toBe('delivered');
    expect(wordIn(table, 'read')).toBeUndefined();
  });

  it('never answers with what every object inherits', () => {
    expect(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'].map((word) => wordIn(table, word))).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
