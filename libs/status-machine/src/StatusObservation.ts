import type { Detail, FinalReason, Status } from './statuses.js';

/** What one provider event says about one message: the machine's only input. */
export interface StatusObservation {
  readonly state: Status;
  readonly detail: Detail | null;
  /** The provider's channel-fallback step, when it gives one; otherwise derived from `channel`. */
  readonly attempt: number | null;
  readonly channel: string | null;
}

/** What the machine remembers of one message between observations: small on purpose. */
export interface MessageStatus {
  readonly state: Status;
  readonly detail: Detail | null;
  readonly attempt: number;
  /** The channel each attempt used (index = attempt - 1), null where unknown. */
  readonly channels: ReadonlyArray<string | null>;
  /** How many changes this message has had: the version of its latest change record. */
  readonly version: number;
  /**
   * Why the message is final, or null while more may come (`finalReason`). Set on every status
   * `decide` returns; optional so statuses kept before it existed still read, their finality then
   * taken from their state.
   */
  readonly final?: FinalReason | null;
}

/** The change an accepted observation makes. */
export interface StatusChange {
  readonly previousState: Status | null;
  readonly state: Status;
  readonly detail: Detail | null;
  readonly attempt: number;
  readonly channel: string | null;
  readonly version: number;
  /** Why the message is final after this change, or null (docs/contract.md section 3). */
  readonly final: FinalReason | null;
}
