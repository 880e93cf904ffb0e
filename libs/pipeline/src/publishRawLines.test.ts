import { topicNames } from '@msgstatus/canonical';
import { describe, expect, it } from 'vitest';
import { rawRecordsOfLines } from './publishRawLines.js';

const names = topicNames('t');

describe('rawRecordsOfLines', () => {
  it("puts each envelope's payload on its provider's raw topic, keyed, and reports lines it cannot publish", () => {
    const lines = [
      '{"provider":"alphasms","receivedAt":"2026-01-05T10:00:00Z","payload":{"success":true,"data":[]}}',
      '',
      '{"provider":"bandwidth","receivedAt":"2026-01-05T10:00:00Z","payload":{}}',
      '{"provider":"8x8","receivedAt":"2026-01-05T10:00:00Z","payload":{"trunc',
    ];
    const { records, unpublishable } = rawRecordsOfLines(lines, names);
    expect(records).toEqual([
      {
        topic: 't.raw.alphasms',
        key: 'alphasms',
        value: '{"success":true,"data":[]}',
        headers: { provider: 'alphasms', 'received-at': '2026-01-05T10:00:00.000Z', 'schema-version': '1' },
      },
    ]);
    expect(unpublishable.map(({ line, reason }) => [line, reason.split(';')[0]!.split(':')[0]])).toEqual([
      [3, 'no raw topic for provider "bandwidth"'],
      [4, 'not JSON'],
    ]);
  });
});
