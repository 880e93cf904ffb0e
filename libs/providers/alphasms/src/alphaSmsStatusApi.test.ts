import { describe, expect, it } from 'vitest';
import { alphaSmsStatusApi as api } from './alphaSmsStatusApi.js';

describe('AlphaSMS status API', () => {
  it('asks about many ids in one call, numeric ids as numbers', () => {
    const request = api.request('alphasms', [{ providerMessageId: '100500', account: null, channels: [] }, { providerMessageId: 'x-1', account: null, channels: [] }], {
      API_KEY: 'secret',
      BASE_URL: 'https://alpha.example/',
      BATCH_SIZE: '100',
    });
    expect(request).toEqual({
      method: 'POST',
      url: 'https://alpha.example/api/json.php',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{"auth":"secret","data":[{"type":"status","id":100500},{"type":"status","id":"x-1"}]}',
    });
  });

  it('puts every message in one lane, batched as configured, and publishes every answer', () => {
    expect(api.laneOf({ providerMessageId: '1', account: null, channels: [] }, {})).toBe('alphasms');
    expect(api.batchSize({ BATCH_SIZE: '25' })).toBe(25);
    expect(api.readAnswer(200, { success: false, error: 'Access denied' })).toEqual({ _tag: 'Publish' });
  });
});
