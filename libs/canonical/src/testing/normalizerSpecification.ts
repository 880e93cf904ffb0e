import { readFileSync } from 'node:fs';
import { Observation } from '../Observation.js';
import type { NormalizedItem, ProviderNormalizer } from '../ProviderNormalizer.js';

/**
 * What every provider's tests need: its fixtures by name, `normalize` on a raw payload (every
 * observation checked against the canonical schema), and the observations of a payload that must
 * yield only observations. Test support, not for production code.
 */
export function normalizerSpecification(normalizer: ProviderNormalizer, fixtures: URL, receivedAt = '2026-01-05T10:00:00.000Z') {
  const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`${name}.json`, fixtures), 'utf8'));
  const normalize = (payload: unknown): ReadonlyArray<NormalizedItem> => {
    const items = normalizer.normalize({ provider: normalizer.provider, receivedAt, payload, source: { file: 'f', line: 1 } });
    for (const item of items) if (item._tag === 'Observed') Observation.parse(item.observation);
    return items;
  };
  const observations = (payload: unknown): Observation[] =>
    normalize(payload).map((item) => {
      if (item._tag !== 'Observed') throw new Error(`expected an observation, got ${JSON.stringify(item)}`);
      return item.observation;
    });
  const observation = (payload: unknown): Observation => {
    const [first] = observations(payload);
    if (first === undefined) throw new Error('expected an observation, got none');
    return first;
  };
  return { fixture, normalize, observations, observation };
}
