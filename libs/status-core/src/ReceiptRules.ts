import type { ReceiptWindowSettings } from '@msgstatus/canonical';
import { providers } from '@msgstatus/provider-registry';
import type { FinalityOptions } from '@msgstatus/status-machine';

interface ProviderRules {
  readonly finality: FinalityOptions;
  /** Window (ms) by channel in lower case; `*` for any other and for none. */
  readonly windows: ReadonlyMap<string, number>;
  /** The window of each channel as spelled in observations, once looked up: no lower-casing per observation. */
  readonly bySpelling: Map<string, number | null>;
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
      this.#byProvider.set(normalizer.provider, { finality: normalizer.receipts.fallback ? withFallback : noFallback, windows, bySpelling: new Map() });
    }
  }

  /** The machine's finality options for a provider's messages. */
  finality(provider: string): FinalityOptions {
    return this.#byProvider.get(provider)?.finality ?? withFallback;
  }

  /** How long (ms) after its last change a message on `channel` waits for a receipt; null for no window. */
  windowMs(provider: string, channel: string | null | undefined): number | null {
    const rules = this.#byProvider.get(provider);
    if (rules === undefined || rules.windows.size === 0) return null;
    const spelling = channel ?? '';
    let window = rules.bySpelling.get(spelling);
    if (window === undefined) {
      window = (channel == null ? undefined : rules.windows.get(channel.toLowerCase())) ?? rules.windows.get('*') ?? null;
      // Channels are a handful; a stream of made-up ones is not remembered past that.
      if (rules.bySpelling.size < 64) rules.bySpelling.set(spelling, window);
    }
    return window;
  }
}
