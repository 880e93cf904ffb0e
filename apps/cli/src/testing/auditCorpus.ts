import { rawEventLines } from '@msgstatus/pipeline/testing';

const storyUmid = 'a0d17000-0000-4000-8000-00000000a0d1';

const chatAppsReceipt = (channel: string, state: string, at: string, receivedAt: string, detail?: string): string =>
  JSON.stringify({
    provider: '8x8',
    receivedAt,
    payload: {
      version: 9,
      namespace: 'ChatApps',
      eventType: 'outbound_message_status_changed',
      description: 'ChatApps outbound message status changed',
      payload: { umid: storyUmid, subAccountId: 'audit_chat', channel, user: { msisdn: '+63922110xxxx' }, status: { state, timestamp: at, ...(detail ? { detail } : {}) } },
    },
  });

/** One message's receipts, in the order they arrive: everything an auditor is asked about. */
const story = [
  { line: chatAppsReceipt('Viber', 'sent', '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.300Z'), lane: 'attempt 1 · Viber', kind: 'accepted' },
  { line: chatAppsReceipt('Viber', 'undelivered', '2026-01-05T09:00:10.000Z', '2026-01-05T09:00:10.400Z', 'undelivered_to_recipient'), lane: 'attempt 1 · Viber', kind: 'accepted' },
  // The fallback: the provider tries WhatsApp.
  { line: chatAppsReceipt('WhatsApp', 'delivered', '2026-01-05T09:00:20.000Z', '2026-01-05T09:00:20.500Z', 'delivered_to_recipient'), lane: 'attempt 2 · WhatsApp', kind: 'accepted' },
  // A late receipt: Viber's own word of 09:00:05, received ten minutes after it.
  { line: chatAppsReceipt('Viber', 'delivered', '2026-01-05T09:00:05.000Z', '2026-01-05T09:10:05.000Z', 'delivered_to_recipient'), lane: 'attempt 1 · Viber', kind: 'stale' },
  // A conflict: WhatsApp says failed after it said delivered.
  { line: chatAppsReceipt('whatsapp', 'failed', '2026-01-05T09:00:40.000Z', '2026-01-05T09:00:41.000Z'), lane: 'attempt 2 · WhatsApp', kind: 'conflict' },
] as const;

/** A message polled long after it was delivered: one answer a minute, the same every time. */
const polledId = 777777;
const polledAnswers = (count: number): string[] =>
  Array.from({ length: count }, (_, index) =>
    JSON.stringify({
      provider: 'alphasms',
      receivedAt: new Date(Date.UTC(2026, 0, 5, 9) + index * 60_000).toISOString(),
      payload: { success: true, data: [{ success: true, data: { id: polledId, type: 'sms', status: 'DELIVERED' } }] },
    }),
  );

export interface AuditCorpus {
  readonly text: string;
  /** The message with a fallback, a late receipt and a conflict, and where its receipts are. */
  readonly story: {
    readonly messageId: string;
    readonly providerMessageId: string;
    readonly events: ReadonlyArray<{ readonly line: number; readonly lane: string; readonly kind: string }>;
  };
  /** A message with more events than its page shows at once, at the end of the corpus. */
  readonly polled: { readonly messageId: string; readonly events: number };
}

/**
 * A history for the report's tests: the generated providers' traffic (retries, late receipts,
 * broken lines, unknown words) with one message's story spread through it.
 */
export function auditCorpus(lines = 2400, messages = 300): AuditCorpus {
  const generated = [...rawEventLines(lines, messages, 11)];
  const positions = [200, 700, 1200, 1700, 2200].map((position) => Math.min(position, generated.length));
  const events: { line: number; lane: string; kind: string }[] = [];
  // Insert from the last position back, so earlier positions stay where they are.
  for (let index = story.length - 1; index >= 0; index--) generated.splice(positions[index]!, 0, story[index]!.line);
  story.forEach((event, index) => events.push({ line: positions[index]! + index + 1, lane: event.lane, kind: event.kind }));
  const polled = polledAnswers(1200);
  // An inbound message: an item that carries no status, ignored on purpose.
  const inbound = JSON.stringify({
    provider: 'chuanglan',
    receivedAt: '2026-01-05T09:31:00.000Z',
    payload: { id: 'f1f2f3f4-0000-4000-8000-000000000001', type: 'whatsapp_mo_message_received', eventTime: '2026-01-05T09:31:00.000Z', body: { from: '65123101212312', text: 'Thanks!' } },
  });
  return {
    text: `${[...generated, inbound, ...polled].join('\n')}\n`,
    story: { messageId: `8x8:${storyUmid}`, providerMessageId: storyUmid, events },
    polled: { messageId: `alphasms:${polledId}`, events: polled.length },
  };
}
