import { messageFlags, type MessageFlag, type MessageIndex } from '../reportFormat.js';

/** The message index made searchable: ids in lower case, and where each message's events start. */
export class MessageCatalog {
  readonly #index: MessageIndex;
  readonly #starts: Uint32Array;
  readonly #lowerIds: ReadonlyArray<string>;
  readonly #position = new Map<string, number>();

  constructor(index: MessageIndex) {
    this.#index = index;
    this.#starts = new Uint32Array(index.id.length + 1);
    for (let message = 0; message < index.id.length; message++) this.#starts[message + 1] = this.#starts[message]! + index.eventCount[message]!;
    this.#lowerIds = index.id.map((id) => id.toLowerCase());
    index.id.forEach((id, message) => this.#position.set(id, message));
  }

  get size(): number {
    return this.#index.id.length;
  }

  id = (message: number): string => this.#index.id[message]!;
  providerMessageId = (message: number): string => this.#index.providerMessageId[message]!;
  finalState = (message: number): string => this.#index.finalState[message]!;
  eventCount = (message: number): number => this.#index.eventCount[message]!;
  has = (message: number, flag: MessageFlag): boolean => (this.#index.flags[message]! & messageFlags[flag]) !== 0;
  flags = (message: number): MessageFlag[] => (Object.keys(messageFlags) as MessageFlag[]).filter((flag) => this.has(message, flag));
  find = (id: string): number | undefined => this.#position.get(id);

  /** The message's event ordinals, in input order. */
  events(message: number): number[] {
    const ordinals: number[] = [];
    let ordinal = 0;
    for (let at = this.#starts[message]!; at < this.#starts[message + 1]!; at++) ordinals.push((ordinal += this.#index.eventDeltas[at]!));
    return ordinals;
  }

  /** Messages whose id or provider id contains `text` (any case) and that have every flag asked for. */
  search(text: string, flags: ReadonlyArray<MessageFlag>): Uint32Array {
    const query = text.trim().toLowerCase();
    const mask = flags.reduce((bits, flag) => bits | messageFlags[flag], 0);
    const found: number[] = [];
    for (let message = 0; message < this.size; message++) {
      if ((this.#index.flags[message]! & mask) !== mask) continue;
      if (query === '' || this.#lowerIds[message]!.includes(query) || this.#index.providerMessageId[message]!.toLowerCase().includes(query)) found.push(message);
    }
    return Uint32Array.from(found);
  }
}
