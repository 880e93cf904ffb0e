import { sameChannel } from './attempts.js';
import type { MessageStatus } from './StatusObservation.js';
import { isFailure, type FinalReason } from './statuses.js';

/** What the machine must know of the provider to tell whether a failure is the end. */
export interface FinalityOptions {
  /**
   * Whether the provider may open a later attempt on another channel after a failure (channel
   * fallback). Default true: a failure then waits for its receipt window before it is final, so a
   * fallback step is never refused.
   */
  readonly fallback?: boolean;
}

/** Channels without read receipts (carrier messaging): `delivered` is the last state they report. */
const endAtDelivery = ['SMS', 'MMS'] as const;

/**
 * Whether nothing more is expected of a message, and why, from its status alone: `read` is the last
 * state of every channel and no provider falls back after it; `delivered` ends an SMS (no read
 * receipts) and an MMS, unless only the operator has it (the handset's receipt may follow); a failure ends a
 * message whose provider does not fall back. A closed receipt window is remembered in the status
 * itself (`final: 'window-closed'`), since no status tells it.
 */
export function finalReason(status: Pick<MessageStatus, 'state' | 'detail' | 'attempt' | 'channels' | 'final'>, options: FinalityOptions = {}): FinalReason | null {
  if (status.final === 'window-closed') return 'window-closed';
  switch (status.state) {
    case 'read':
      return 'last-state';
    case 'delivered': {
      if (status.detail === 'delivered_to_operator') return null;
      const channel = status.channels[status.attempt - 1];
      return endAtDelivery.some((ending) => sameChannel(channel, ending)) ? 'last-state' : null;
    }
    default:
      return isFailure(status.state) && options.fallback === false ? 'failure' : null;
  }
}

/** Whether a message is final: msgstatus writes no further change of it (docs/contract.md section 3). */
export const isFinal = (status: Pick<MessageStatus, 'state' | 'detail' | 'attempt' | 'channels' | 'final'>, options: FinalityOptions = {}): boolean =>
  finalReason(status, options) !== null;
