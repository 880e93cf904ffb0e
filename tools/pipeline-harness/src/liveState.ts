import type { Observation, ReceiptWindowSettings } from '@msgstatus/canonical';
import { partitionOf } from '@msgstatus/partitioning';
import { randomSource } from '@msgstatus/pipeline/testing';
import { Projection } from '@msgstatus/status-core';
import type { Status } from '@msgstatus/status-machine';

const hour = 3_600_000;
const day = 24 * hour;

/** How a message's receipts go: the words it gets, in order, on one channel. Weights add up to 100. */
const stories: ReadonlyArray<{ readonly weight: number; readonly channel: string; readonly words: ReadonlyArray<[Status, string | null]> }> = [
  // SMS: most end at delivered (final at once); some only reach the operator, or lose every receipt after sent.
  { weight: 42, channel: 'SMS', words: [['sent', null], ['delivered', 'delivered_to_recipient']] },
  { weight: 9, channel: 'SMS', words: [['sent', null], ['delivered', 'delivered_to_operator']] },
  { weight: 6, channel: 'SMS', words: [['sent', null]] },
  { weight: 3, channel: 'SMS', words: [['sent', null], ['undelivered', 'undelivered_to_recipient']] },
  // WhatsApp: half are read; many are delivered and never read; some stay sent.
  { weight: 15, channel: 'WhatsApp', words: [['sent', null], ['delivered', null], ['read', null]] },
  { weight: 11, channel: 'WhatsApp', words: [['sent', null], ['delivered', null]] },
  { weight: 3, channel: 'WhatsApp', words: [['sent', null]] },
  { weight: 1, channel: 'WhatsApp', words: [['failed', null]] },
  { weight: 6, channel: 'Viber', words: [['sent', null], ['delivered', null], ['read', null]] },
  { weight: 4, channel: 'Viber', words: [['sent', null], ['delivered', null]] },
];

export interface LiveStateFigures {
  readonly messages: number;
  readonly observations: number;
  /** Messages in the state at the end: open ones, and final ones not yet a retention old. */
  readonly live: number;
  /** Live messages not final: with windows on, those within their window; off, every one that never ended. */
  readonly open: number;
  readonly closed: number;
  readonly removed: number;
}

/**
 * Folds `days` of generated 8x8 traffic, `messagesPerDay` messages a day spread over each day, through
 * one Projection per partition as the projector does (final messages removed as its batches go), and
 * counts what the state holds at the end. Receipts follow their message within minutes; no receipt of
 * a lost one ever comes. The same arguments give the same figures.
 */
export function liveStateAfterHistory(options: { readonly days: number; readonly messagesPerDay: number; readonly receiptWindows: ReceiptWindowSettings; readonly partitions?: number }): LiveStateFigures {
  const partitions = options.partitions ?? 6;
  const projections = Array.from({ length: partitions }, () => new Projection({ receiptWindows: options.receiptWindows }));
  const random = randomSource(19);
  const start = Date.UTC(2026, 0, 1);
  const total = options.days * options.messagesPerDay;
  const cumulative = stories.map((_, index) => stories.slice(0, index + 1).reduce((sum, story) => sum + story.weight, 0));
  let observations = 0;
  let closed = 0;
  let removed = 0;
  const source = { file: 'generated', line: 1 } as const;
  for (let message = 0; message < total; message++) {
    const roll = random() * 100;
    const story = stories[cumulative.findIndex((bound) => roll < bound)]!;
    const umid = `m${message.toString(36)}`;
    const messageId = `8x8:${umid}`;
    const projection = projections[partitionOf(messageId, partitions)]!;
    // Messages in order of sending; each receipt 1 to 20 minutes after the one before.
    let at = start + Math.floor((message / options.messagesPerDay) * day);
    for (const [state, detail] of story.words) {
      at += 60_000 + Math.floor(random() * 19 * 60_000);
      const time = new Date(at).toISOString();
      const observation: Observation = {
        eventId: `${message.toString(16).padStart(24, '0')}${observations.toString(16).padStart(8, '0')}`.slice(-32),
        messageId,
        provider: '8x8',
        providerMessageId: umid,
        state,
        detail: detail as Observation['detail'],
        attempt: null,
        channel: story.channel,
        occurredAt: time,
        observedAt: time,
        error: null,
        providerStatus: state,
        source,
      };
      projection.project(observation);
      closed += projection.takeClosed().length;
      observations++;
    }
    // The projector removes final messages after each batch: here every 1,000 messages.
    if (message % 1_000 === 999) for (const each of projections) removed += each.removeEnded().length;
  }
  for (const each of projections) removed += each.removeEnded().length;
  return {
    messages: total,
    observations,
    live: projections.reduce((sum, each) => sum + each.size, 0),
    open: projections.reduce((sum, each) => sum + each.size - each.finalCount, 0),
    closed,
    removed,
  };
}
