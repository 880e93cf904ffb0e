import * as ConfigProvider from 'effect/ConfigProvider';
import * as Effect from 'effect/Effect';
import * as Either from 'effect/Either';
import { describe, expect, it } from 'vitest';
import { parseReceiptWindows, receiptWindowsConfig } from './receiptWindows.js';

const providers = ['8x8', 'twilio'];

describe('MSGSTATUS_RECEIPT_WINDOWS', () => {
  it('reads the defaults when unset or empty, no windows at all for off, and provider[/channel]=duration pairs', () => {
    expect(parseReceiptWindows('', providers)).toEqual(Either.right({ off: false, windows: [] }));
    expect(parseReceiptWindows(' OFF ', providers)).toEqual(Either.right({ off: true, windows: [] }));
    expect(parseReceiptWindows('8x8/SMS=72h, twilio=3d,8x8/whatsapp=90m,twilio/SMS=1500ms', providers)).toEqual(
      Either.right({
        off: false,
        windows: [
          { provider: '8x8', channel: 'SMS', ms: 72 * 3_600_000 },
          { provider: 'twilio', channel: '*', ms: 3 * 86_400_000 },
          { provider: '8x8', channel: 'whatsapp', ms: 90 * 60_000 },
          { provider: 'twilio', channel: 'SMS', ms: 1_500 },
        ],
      }),
    );
  });

  it('refuses what is not a window of a known provider, saying what is wrong and what it takes', () => {
    expect(parseReceiptWindows('bandwidth=3d', providers)).toEqual(Either.left('"bandwidth" is not a provider id (8x8, twilio)'));
    expect(parseReceiptWindows('8x8=3 days', providers)).toEqual(Either.left(expect.stringContaining('"8x8=3 days" is not provider[/channel]=duration')));
    expect(parseReceiptWindows('8x8=500ms', providers)).toEqual(Either.left('the window of "8x8=500ms" must be at least 1s'));
  });

  it('fails the configuration with one line naming the variable', async () => {
    const read = (value: string) =>
      Effect.runPromise(Effect.either(Effect.withConfigProvider(receiptWindowsConfig(providers), ConfigProvider.fromMap(new Map([['MSGSTATUS_RECEIPT_WINDOWS', value]])))));
    const refused = await read('twilio=forever');
    expect(Either.isLeft(refused) && String(refused.left)).toContain('MSGSTATUS_RECEIPT_WINDOWS: "twilio=forever" is not provider[/channel]=duration');
    expect(await read('twilio=2h')).toEqual(Either.right({ off: false, windows: [{ provider: 'twilio', channel: '*', ms: 7_200_000 }] }));
  });
});
