import { invalid, providerText, quoted, type NormalizedItem, type ProviderNormalizer, type RawEvent } from '@msgstatus/canonical';
import { providers } from './providers.js';

const byId: ReadonlyMap<string, ProviderNormalizer> = new Map(providers.map((normalizer) => [normalizer.provider, normalizer]));

/** The supported provider ids, as envelopes and `messageId`s spell them. */
export const providerIds: ReadonlyArray<string> = providers.map((normalizer) => normalizer.provider);

/** The normalizer of a provider id, if it is supported. */
export const normalizerOf = (provider: string): ProviderNormalizer | undefined => byId.get(provider);

const attemptOf = (item: NormalizedItem): number =>
  item._tag === 'Observed' ? (item.observation.attempt ?? 0) : Number.MAX_SAFE_INTEGER;

// Reasons end up in dead-letter headers and reports: one line, of a size a person reads.
const unreadableReason = (item: NormalizedItem): boolean => item._tag !== 'Observed' && (item.reason.length > 1_000 || item.reason.includes('\n'));
const readableReason = (item: NormalizedItem): NormalizedItem =>
  unreadableReason(item) && item._tag !== 'Observed' ? { ...item, reason: providerText(item.reason) } : item;

/**
 * Normalizes one raw event with its provider's normalizer, in the order the machine must see the
 * items: ascending attempt, then payload order (docs/contract.md section 1); items that are not
 * observations follow. Never throws: an unknown provider, or a normalizer defect, is an Invalid item.
 */
export function normalizeRawEvent(event: RawEvent): ReadonlyArray<NormalizedItem> {
  const normalizer = byId.get(event.provider);
  if (normalizer === undefined) {
    return [invalid(`unknown provider ${quoted(event.provider)}; supported: ${providerIds.join(', ')}`)];
  }
  let items: ReadonlyArray<NormalizedItem>;
  try {
    items = normalizer.normalize(event);
  } catch (error) {
    return [invalid(`the ${event.provider} normalizer failed (a defect, please report it): ${String(error)}`)];
  }
  // Array.prototype.sort is stable, so payload order holds within an attempt.
  const ordered = items.length < 2 ? items : [...items].sort((a, b) => attemptOf(a) - attemptOf(b));
  return ordered.some(unreadableReason) ? ordered.map(readableReason) : ordered;
}
