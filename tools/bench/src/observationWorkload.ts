import { randomSource } from '@msgstatus/pipeline/testing';
import type { StatusObservation } from '@msgstatus/status-machine';

const lifecycle: ReadonlyArray<StatusObservation> = [
  { state: 'queued', detail: null, attempt: null, channel: 'SMS' },
  { state: 'sent', detail: null, attempt: null, channel: 'SMS' },
  { state: 'delivered', detail: 'delivered_to_operator', attempt: null, channel: 'SMS' },
  // An SMS ends at delivered: it has no read receipts.
  { state: 'delivered', detail: 'delivered_to_recipient', attempt: null, channel: 'SMS' },
];
const fallback: ReadonlyArray<StatusObservation> = [
  { state: 'sent', detail: null, attempt: null, channel: 'Viber' },
  { state: 'undelivered', detail: 'undelivered_to_recipient', attempt: null, channel: 'Viber' },
  { state: 'sent', detail: null, attempt: null, channel: 'WhatsApp' },
  { state: 'delivered', detail: null, attempt: null, channel: 'whatsapp' },
  { state: 'read', detail: null, attempt: null, channel: 'WhatsApp' },
  // An SMS fallback's receipt after the read: the message is final, so it is an after-final conflict.
  { state: 'delivered', detail: null, attempt: null, channel: 'SMS' },
];
const failures: ReadonlyArray<StatusObservation> = [
  { state: 'failed', detail: null, attempt: null, channel: 'SMS' },
  { state: 'rejected', detail: null, attempt: null, channel: 'SMS' },
];

/**
 * Observations of `messages` messages, `total` in all, interleaved across messages as traffic is:
 * mostly in order, with duplicates (webhook retries), late lower ranks, fallbacks and failures.
 */
export function observationWorkload(total: number, messages: number, seed = 42): { messageIndex: Uint32Array; observations: StatusObservation[] } {
  const random = randomSource(seed);
  const messageIndex = new Uint32Array(total);
  const observations: StatusObservation[] = new Array(total);
  const progress = new Uint8Array(messages);
  const kind = new Uint8Array(messages).map(() => Math.floor(random() * 10));
  for (let index = 0; index < total; index++) {
    const message = Math.floor(random() * messages);
    const script = kind[message]! < 7 ? lifecycle : kind[message]! < 9 ? fallback : [...lifecycle.slice(0, 2), ...failures];
    const roll = random();
    let step = progress[message]!;
    if (roll < 0.1 && step > 0) step--; // a retried or late receipt
    else if (roll < 0.15 && step > 1) step -= 2; // out of order
    else if (step < script.length - 1) progress[message] = ++step;
    messageIndex[index] = message;
    observations[index] = script[Math.min(step, script.length - 1)]!;
  }
  return { messageIndex, observations };
}
