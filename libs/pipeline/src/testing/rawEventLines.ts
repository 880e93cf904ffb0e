import { randomSource } from './randomSource.js';

type Provider = '8x8-sms' | '8x8-chat' | 'chuanglan' | 'alphasms';

const words: Record<Provider, ReadonlyArray<string>> = {
  '8x8-sms': ['queued', 'sent', 'delivered', 'delivered', 'read'],
  '8x8-chat': ['queued', 'sent', 'delivered', 'read', 'read'],
  chuanglan: ['delivered', 'delivered', 'read', 'read', 'failed'],
  alphasms: ['QUEUED', 'ACCEPTED', 'DELIVERED', 'DELIVERED', 'READ'],
};
const providers: ReadonlyArray<Provider> = ['8x8-sms', '8x8-sms', '8x8-chat', 'chuanglan', 'alphasms'];

const time = (base: number, seconds: number): string => new Date(base + seconds * 1000).toISOString();

function payloadOf(provider: Provider, message: number, word: string, at: string): { provider: string; payload: unknown } {
  const id = `00000000-0000-4000-8000-${message.toString(16).padStart(12, '0')}`;
  switch (provider) {
    case '8x8-sms':
      return {
        provider: '8x8',
        payload: {
          namespace: 'SMS',
          eventType: 'outbound_message_status_changed',
          description: 'SMS outbound message status changed',
          payload: {
            umid: id,
            subAccountId: 'bench_sms',
            source: 'BENCH',
            destination: '+659123xxxx',
            status: { state: word, detail: word === 'delivered' ? 'delivered_to_operator' : undefined, timestamp: at.replace('Z', '0893Z') },
            smsCount: 1,
          },
        },
      };
    case '8x8-chat':
      return {
        provider: '8x8',
        payload: {
          version: 9,
          namespace: 'ChatApps',
          eventType: 'outbound_message_status_changed',
          payload: { umid: id, subAccountId: 'bench_chat', channel: 'whatsapp', user: { msisdn: '+63922110xxxx' }, status: { state: word, timestamp: at } },
        },
      };
    case 'chuanglan':
      return {
        provider: 'chuanglan',
        payload: {
          id: `evt-${message}`,
          type: 'whatsapp_message_status_updated',
          eventTime: at,
          body: { id: String(356139161272000000n + BigInt(message)), accountName: 'IW123456', wabaId: '1123', wamid: `wamid.${message}`, status: word, sendPhone: '6512310xxxx' },
        },
      };
    case 'alphasms':
      return { provider: 'alphasms', payload: { success: true, data: [{ success: true, data: { id: 100000 + message, type: 'sms', status: word } }] } };
  }
}

/**
 * Realistic raw provider envelopes, one NDJSON line each: `messages` messages across all providers,
 * their receipts interleaved, with retries, late receipts, about 1 in 200 lines broken (not JSON)
 * and 1 in 200 with a status word the provider never sends. The same
 * seed gives the same lines.
 */
export function* rawEventLines(lines: number, messages: number, seed = 7): Generator<string> {
  const random = randomSource(seed);
  const progress = new Uint8Array(messages);
  const base = Date.UTC(2026, 0, 5, 9);
  for (let line = 0; line < lines; line++) {
    const message = Math.floor(random() * messages);
    const chance = random();
    if (chance < 0.005) {
      yield '{"provider":"8x8","receivedAt":"2026-01-05T09:00:00Z","payload":{"broken"';
      continue;
    }
    if (chance < 0.01) {
      // A well-formed envelope whose payload the provider's normalizer refuses: a dead letter.
      const receivedAt = time(base, message + line / 1000);
      yield JSON.stringify({ provider: 'alphasms', receivedAt, payload: { success: true, data: [{ success: true, data: { id: 900000 + line, type: 'sms', status: 'TELEPORTED' } }] } });
      continue;
    }
    const provider = providers[message % providers.length]!;
    let step = progress[message]!;
    if (random() < 0.1 && step > 0) step--;
    else if (step < 4) progress[message] = ++step;
    const at = time(base, message + step * 7);
    const { provider: id, payload } = payloadOf(provider, message, words[provider][step]!, at);
    yield JSON.stringify({ provider: id, receivedAt: time(base, message + line / 1000), payload });
  }
}

/**
 * A history in waves an hour of receipt time apart, each a minute long, for receipt windows shorter
 * than the gap: every wave starts `messagesPerWave` messages, which take one to five receipts and
 * often stop short (lost receipts: the last ones never come), and brings a late receipt of one in
 * ten messages of the wave before, which arrives after its window closed. Receipt times rise within
 * a wave; the same seed gives the same lines.
 */
export function waveEventLines(waves: number, messagesPerWave: number, seed = 11): string[][] {
  const random = randomSource(seed);
  const base = Date.UTC(2026, 2, 2, 8);
  const step = new Uint8Array(waves * messagesPerWave);
  const result: string[][] = [];
  for (let wave = 0; wave < waves; wave++) {
    const receipts: number[] = [];
    for (let index = 0; index < messagesPerWave; index++) {
      const message = wave * messagesPerWave + index;
      // Most messages stop before their provider's last word: their windows close them.
      const count = random() < 0.4 ? 1 + Math.floor(random() * 2) : 1 + Math.floor(random() * 5);
      for (let receipt = 0; receipt < count; receipt++) receipts.push(message);
    }
    if (wave > 0) for (let index = 0; index < messagesPerWave; index++) if (random() < 0.1) receipts.push((wave - 1) * messagesPerWave + index);
    // Shuffled across messages, in order within each (each takes its next word when its turn comes).
    for (let index = receipts.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [receipts[index], receipts[other]] = [receipts[other]!, receipts[index]!];
    }
    const start = base + wave * 3_600_000;
    result.push(
      receipts.map((message, index) => {
        const provider = providers[message % providers.length]!;
        const word = words[provider][Math.min(step[message]!, 4)]!;
        if (step[message]! < 4) step[message]!++;
        const receivedAt = time(start, (index * 60) / receipts.length);
        const { provider: id, payload } = payloadOf(provider, message, word, time(start, (index * 60) / receipts.length - 1));
        return JSON.stringify({ provider: id, receivedAt, payload });
      }),
    );
  }
  return result;
}
