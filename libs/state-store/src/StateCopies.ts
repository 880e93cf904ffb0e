import { stateRecords, type KafkaRecordLike, type MessageState } from '@msgstatus/canonical';

/** A state record that could not be read: counted and logged by whoever follows the topic, never silent. */
export interface BadStateRecord {
  readonly partition: number;
  readonly offset: string;
  readonly reason: string;
}

/**
 * The latest state of each message of some partitions of the state topic, as its records say:
 * a record replaces its message's state, a tombstone removes it. Pure: the follower feeds it.
 */
export class StateCopies {
  readonly #partitions = new Map<number, Map<string, MessageState>>();
  #size = 0;

  readonly #keep: boolean;

  /** `keep: false` reads records and tells of them without keeping any state (a watcher with its own index). */
  constructor(options: { readonly keep?: boolean } = {}) {
    this.#keep = options.keep ?? true;
  }

  /**
   * Applies one partition's records in offset order, telling `applied` of each (the message's new
   * state, or null once removed); returns those it could not read.
   */
  apply(
    partition: number,
    records: ReadonlyArray<KafkaRecordLike>,
    applied: (messageId: string, state: MessageState | null, record: KafkaRecordLike) => void = () => undefined,
  ): BadStateRecord[] {
    let copy = this.#partitions.get(partition);
    if (copy === undefined && this.#keep) this.#partitions.set(partition, (copy = new Map()));
    const bad: BadStateRecord[] = [];
    for (const record of records) {
      const reading = stateRecords.read(record);
      if (!reading.ok) {
        bad.push({ partition, offset: record.offset, reason: reading.reason });
        continue;
      }
      if (copy !== undefined) {
        const before = copy.size;
        if (reading.value === null) copy.delete(reading.messageId);
        else copy.set(reading.messageId, reading.value);
        this.#size += copy.size - before;
      }
      applied(reading.messageId, reading.value, record);
    }
    return bad;
  }

  /** Forgets a partition's states (it is no longer followed). */
  drop(partition: number): void {
    this.#size -= this.#partitions.get(partition)?.size ?? 0;
    this.#partitions.delete(partition);
  }

  get(partition: number, messageId: string): MessageState | undefined {
    return this.#partitions.get(partition)?.get(messageId);
  }

  /** Every state of a partition (a projection is rebuilt from them on takeover). */
  statesOf(partition: number): Iterable<MessageState> {
    return this.#partitions.get(partition)?.values() ?? [];
  }

  sizeOf(partition: number): number {
    return this.#partitions.get(partition)?.size ?? 0;
  }

  /** Messages held, over all partitions. */
  get size(): number {
    return this.#size;
  }
}
