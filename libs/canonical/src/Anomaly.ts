import { decisionRules, type DecisionRule } from '@msgstatus/status-machine';
import { z } from 'zod';
import { MessageState } from './MessageState.js';
import { Observation } from './Observation.js';

const conflictRules = Object.entries(decisionRules)
  .filter(([, kind]) => kind === 'conflict')
  .map(([rule]) => rule as DecisionRule) as [DecisionRule, ...DecisionRule[]];

/**
 * An observation that contradicts a terminal fact (docs/contract.md section 3, conflict): not applied,
 * published with both facts for a human to look at. Keyed by `messageId`.
 */
export const Anomaly = z.object({
  messageId: z.string(),
  rule: z.enum(conflictRules).meta({ openEnum: true }).describe('The conflict rule; new rules may be added within a major version'),
  reason: z.string().describe('The rule, with both facts named'),
  known: MessageState.describe('What msgstatus knew when the observation came'),
  observation: Observation.describe('The contradicting observation'),
});
export type Anomaly = z.infer<typeof Anomaly>;
