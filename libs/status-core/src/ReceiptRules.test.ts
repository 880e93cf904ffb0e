import { providers } from '@msgstatus/provider-registry';
import { describe, expect, it } from 'vitest';
import { ReceiptRules } from './ReceiptRules.js';

const hour = 3_600_000;
const day = 24 * hour;

// The defaults of docs/contract.md section 3, written out by hand: the providers' declarations are held to them.
const expected: Record<string, { readonly fallback: boolean; readonly windows: Record<string, number> }> = {
  '8x8': { fallback: true, windows: { SMS: 49 * hour, WhatsApp: 30 * day, Viber: 14 * day, RCS: 30 * day, Line: 30 * day, none: 30 * day } },
  alphasms: { fallback: true, windows: { SMS: 3 * day, Viber: 2 * day, RCS: 2 * day, none: 3 * day } },
  chuanglan: { fallback: false, windows: { WhatsApp: 30 * day, none: 30 * day } },
  'meta-whatsapp': { fallback: false, windows: { WhatsApp: 30 * day, none: 30 * day } },
  twilio: { fallback: false, windows: { SMS: 72 * hour, MMS: 72 * hour, WhatsApp: 30 * day, none: 72 * hour } },
  vonage: { fallback: true, windows: { SMS: 72 * hour, MMS: 72 * hour, WhatsApp: 30 * day, Messenger: 30 * day, RCS: 30 * day, Viber: 14 * day, none: 30 * day } },
  infobip: { fallback: true, windows: { SMS: 49 * hour, MMS: 49 * hour, Viber: 14 * day, WhatsApp: 30 * day, RCS: 30 * day, none: 30 * day } },
  sinch: { fallback: false, windows: { SMS: 95 * hour, MMS: 95 * hour, none: 95 * hour } },
  telnyx: { fallback: true, windows: { RCS: 30 * day, WhatsApp: 30 * day, SMS: 72 * hour, MMS: 72 * hour, none: 72 * hour } },
  plivo: { fallback: false, windows: { WhatsApp: 30 * day, SMS: 75 * hour, MMS: 75 * hour, none: 75 * hour } },
};

describe('the default receipt windows', () => {
  it('are what the contract says for every provider and channel, in any casing', () => {
    const rules = new ReceiptRules();
    expect(providers.map((normalizer) => normalizer.provider).sort()).toEqual(Object.keys(expected).sort());
    for (const [provider, { fallback, windows }] of Object.entries(expected)) {
      expect(rules.finality(provider), provider).toEqual({ fallback });
      for (const [channel, ms] of Object.entries(windows)) {
        const spelled = channel === 'none' ? null : channel;
        expect(rules.windowMs(provider, spelled), `${provider} ${channel}`).toBe(ms);
        if (spelled !== null) expect(rules.windowMs(provider, spelled.toUpperCase()), `${provider} ${channel} upper case`).toBe(ms);
      }
    }
  });

  it('name where each comes from, and every provider has one for any other channel', () => {
    for (const normalizer of providers) {
      expect(normalizer.receipts.windows.some((window) => window.channel === '*'), normalizer.provider).toBe(true);
      for (const window of normalizer.receipts.windows) expect(window.source.length, `${normalizer.provider} ${window.channel}`).toBeGreaterThan(20);
    }
  });

  it('are none at all when windows are off, and a provider it does not know falls back and has none', () => {
    const off = new ReceiptRules({ off: true, windows: [] });
    for (const normalizer of providers) expect(off.windowMs(normalizer.provider, 'SMS')).toBeNull();
    expect(off.finality('twilio')).toEqual({ fallback: false });
    expect(new ReceiptRules().finality('bandwidth')).toEqual({ fallback: true });
  });
});
