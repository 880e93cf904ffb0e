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
