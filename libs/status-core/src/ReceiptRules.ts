import type { ReceiptWindowSettings } from '@msgstatus/canonical';
import { providers } from '@msgstatus/provider-registry';
import type { FinalityOptions } from '@msgstatus/status-machine';

interface ProviderRules {
  readonly finality: FinalityOptions;
  /** Window (ms) by channel in lower case; `*` for any other and for none. */
  readonly windows: ReadonlyMap<string, number>;
}

const noFallback: FinalityOptions = { fallback: false };
const withFallback: FinalityOptions = { fallback: true };

/**
 * What the core must know of each provider to tell when a message is done: whether it falls back
 * after a failure, and its receipt windows by channel, the providers' defaults with the operator's
 * settings over them (`MSGSTATUS_RECEIPT_WINDOWS`). A provider it does not know falls back and
 * has no window, so nothing of it is called final too early.
 */
export class ReceiptRules {
  readonly #byProvider = new Map<string, ProviderRules>();
  readonly off: boolean;

  constructor(settings: ReceiptWindowSettings = { off: false, windows: [] }) {
    this.off = settings.off;
    for (const normalizer of providers) {
      const windows = new Map<string, number>();
      if (!settings.off) {
        const own = settings.windows.filter((window) => window.provider === normalizer.provider);
        // A provider-wide setting (`8x8=72h`) replaces every default of the provider; a channel's (`8x8/SMS=72h`) only its own.
        const defaults = own.some((window) => window.channel === '*') ? [] : normalizer.receipts.windows;
        for (const window of [...defaults, ...own.filter((window) => window.channel === '*'), ...own.filter((window) => window.channel !== '*')]) {
          windows.set(window.channel.toLowerCase(), window.ms);
        }
      }
      this.#byProvider.set(normalizer.provider, { finality: normalizer.receipts.fallback ? withFallback : noFallback, windows });
    }
  }

  /** The machine's finality options for a provider's messages. */
  finality(provider: string): FinalityOptions {
    return this.#byProvider.get(provider)?.finality ?? withFallback;
  }

  /** How long (ms) after its last change a message on `channel` waits for a receipt; null for no window. */
  windowMs(provider: string, channel: string | null | undefined): number | null {
    const windows = this.#byProvider.get(provider)?.windows;
    if (windows === undefined || windows.size === 0) return null;
    return (channel == null ? undefined : windows.get(channel.toLowerCase())) ?? windows.get('*') ?? null;
  }
}
