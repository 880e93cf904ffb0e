/**
 * The form provider words are matched in: case and runs of white space do not matter
 * (`READ` = `read`, `SIM  FULL` = `SIM FULL`). Audits keep the words verbatim elsewhere.
 */
export const wordKey = (word: string): string => word.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * What a table keyed by `wordKey` says of a provider's word, or undefined: never a property every
 * object inherits, so a provider's `constructor` or `__proto__` is an unmapped word, not a function.
 */
export function wordIn<V>(table: Readonly<Record<string, V>>, word: string): V | undefined {
  const key = wordKey(word);
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

const knownChannels = ['SMS', 'MMS', 'WhatsApp', 'Viber', 'RCS', 'Line', 'LineNotification', 'Facebook', 'WeChat', 'Zalo', 'Kakao', 'Telegram', 'Messenger', 'Instagram', 'Email'];
const channelByKey = new Map(knownChannels.map((channel) => [channel.toLowerCase(), channel]));

/** A channel in canonical spelling (`whatsapp` → `WhatsApp`); an unknown one as given, trimmed. */
export function canonicalChannel(channel: string | null | undefined): string | null {
  if (channel == null) return null;
  const trimmed = channel.trim();
  if (trimmed === '') return null;
  return channelByKey.get(trimmed.toLowerCase()) ?? trimmed;
}
