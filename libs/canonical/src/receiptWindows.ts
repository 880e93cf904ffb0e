import * as Config from 'effect/Config';
import * as ConfigError from 'effect/ConfigError';
import * as Either from 'effect/Either';

/** One window set by the operator: a provider's, on one channel or (`*`) on any. */
export interface ReceiptWindowSetting {
  readonly provider: string;
  /** A channel in any casing (`sms` = `SMS`), or `*`. */
  readonly channel: string;
  readonly ms: number;
}

/** `MSGSTATUS_RECEIPT_WINDOWS`, read: windows off, or the operator's over the providers' defaults. */
export interface ReceiptWindowSettings {
  readonly off: boolean;
  readonly windows: ReadonlyArray<ReceiptWindowSetting>;
}

const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const example = 'off, or provider[/channel]=duration pairs such as "8x8/SMS=72h,twilio=3d" (units ms, s, m, h, d)';

/**
 * Reads the windows' setting: empty for the providers' defaults, `off` for none, or comma-separated
 * `provider[/channel]=duration` that replace the defaults they name. Unknown providers are refused,
 * so a typo cannot leave a window at its default unnoticed.
 */
export function parseReceiptWindows(text: string, providerIds: ReadonlyArray<string>): Either.Either<ReceiptWindowSettings, string> {
  const trimmed = text.trim();
  if (trimmed === '') return Either.right({ off: false, windows: [] });
  if (trimmed.toLowerCase() === 'off') return Either.right({ off: true, windows: [] });
  const windows: ReceiptWindowSetting[] = [];
  for (const part of trimmed.split(',')) {
    const match = /^\s*([^/=\s]+)(?:\/([^=\s]+))?\s*=\s*(\d+)\s*(ms|s|m|h|d)\s*$/.exec(part);
    if (match === null) return Either.left(`"${part.trim()}" is not provider[/channel]=duration: ${example}`);
    const [, provider, channel, amount, unit] = match as unknown as [string, string, string | undefined, string, string];
    if (!providerIds.includes(provider)) return Either.left(`"${provider}" is not a provider id (${providerIds.join(', ')})`);
    const ms = Number(amount) * units[unit]!;
    if (!(ms >= 1_000) || !Number.isSafeInteger(ms)) return Either.left(`the window of "${part.trim()}" must be at least 1s`);
    windows.push({ provider, channel: channel ?? '*', ms });
  }
  return Either.right({ off: false, windows });
}

/**
 * `MSGSTATUS_RECEIPT_WINDOWS`: how long after a message's last change a receipt may still come
 * before the message is closed as final (docs/contract.md section 3). The projector and `msgstatus
 * replay` decide with it, so both must be given the same.
 */
export const receiptWindowsConfig = (providerIds: ReadonlyArray<string>): Config.Config<ReceiptWindowSettings> =>
  Config.string('MSGSTATUS_RECEIPT_WINDOWS').pipe(
    Config.withDefault(''),
    Config.mapOrFail((text) => Either.mapLeft(parseReceiptWindows(text, providerIds), (message) => ConfigError.InvalidData([], `MSGSTATUS_RECEIPT_WINDOWS: ${message}`))),
  );

export const receiptWindowVariables = [
  {
    name: 'MSGSTATUS_RECEIPT_WINDOWS',
    default: null,
    description: "Receipt windows over the providers' defaults (`8x8/SMS=72h,twilio=3d`), or `off`: a message not final that long after its last change is closed; replay and the projector must agree",
  },
] as const;
