import { describe, expect, it } from 'vitest';
import { parseWrk } from './wrk.js';

const output = `Running 10s test @ http://127.0.0.1:40123/webhooks/8x8
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     7.62ms    3.10ms  61.20ms   88.12%
    Req/Sec     4.23k   512.11     5.10k    71.00%
  Latency Distribution
     50%    6.95ms
     75%    8.40ms
     90%   10.71ms
     99%  812.00us
  84213 requests in 10.01s, 12.45MB read
  Non-2xx or 3xx responses: 17
Requests/sec:   8412.89
Transfer/sec:      1.24MB
`;

describe('parseWrk', () => {
  it('reads the request count, rate, median and 99th percentile in any unit, and the failed answers', () => {
    expect(parseWrk(output)).toEqual({ requests: 84213, seconds: 10.01, requestsPerSecond: 8412.89, p50Ms: 6.95, p99Ms: 0.812, notOk: 17, socketErrors: null });
  });

  it('reads a percentile that wrk pads with a trailing space (whole seconds)', () => {
    expect(parseWrk(output.replace('     99%  812.00us', '     99%    1.31s ')).p99Ms).toBe(1310);
  });

  it('says what is missing from output it does not understand', () => {
    expect(() => parseWrk('unable to connect')).toThrow(/wrk output lacks/);
  });
});
