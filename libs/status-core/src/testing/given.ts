import type { Observation } from '@msgstatus/canonical';
import { expect } from 'vitest';
import type { ProjectOutcome } from '../Outcome.js';
import { Projection, type ProjectionOptions } from '../Projection.js';

/** What a `then` may require of an outcome: its kind alone, or any of its fields. */
type Expected = ProjectOutcome['kind'] | (Partial<Omit<ProjectOutcome, 'observation'>> & Record<string, unknown>);

/**
 * Given these observations of a log, when one more arrives, then its outcome is the one expected
 * (emmett's DeciderSpecification, for the projection): `then` asserts, and returns the outcome
 * and the projection for what else a test wants to check.
 */
export function given(...history: Observation[]) {
  return {
    /** With other options than the defaults (a state retention). */
    withOptions: (options: ProjectionOptions) => specification(history, options),
    ...specification(history, {}),
  };
}

function specification(history: ReadonlyArray<Observation>, options: ProjectionOptions) {
  return {
    when: (observation: Observation) => ({
      then: (expected: Expected) => {
        const projection = new Projection(options);
        for (const earlier of history) {
          projection.project(earlier);
          projection.takeClosed();
        }
        const outcome = projection.project(observation);
        expect(outcome).toMatchObject(typeof expected === 'string' ? { kind: expected } : expected);
        return { outcome, projection };
      },
    }),
  };
}
