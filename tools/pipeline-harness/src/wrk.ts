import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Effect from 'effect/Effect';

export interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly notOk: number;
  readonly socketErrors: string | null;
}

const unitMs: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
const duration = (text: string) => {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (match === null) throw new Error(`not a wrk duration: ${text}`);
  return Number(match[1]) * unitMs[match[2]!]!;
};

/** The figures of `wrk --latency` output. */
export function parseWrk(output: string): WrkResult {
  const find = (pattern: RegExp) => {
    const match = pattern.exec(output);
    if (match === null) throw new Error(`wrk output lacks ${pattern}:\n${output}`);
    return match;
  };
  const total = find(/(\d+) requests in ([\d.]+)(us|ms|s|m),/);
  return {
    requests: Number(total[1]),
    seconds: duration(`${total[2]}${total[3]}`) / 1000,
    requestsPerSecond: Number(find(/Requests\/sec:\s+([\d.]+)/)[1]),
    p50Ms: duration(find(/^\s+50%\s+(\S+)\s*$/m)[1]!),
    p99Ms: duration(find(/^\s+99%\s+(\S+)\s*$/m)[1]!),
    notOk: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    socketErrors: /Socket errors: (.*)/.exec(output)?.[1] ?? null,
  };
}

/**
 * A Lua script for wrk: each request POSTs an 8x8 SMS receipt for a message of its own (the run,
 * thread id and counter in the umid: no run repeats another's callbacks, which the gateway would
 * answer unwritten), authenticated with the shared secret.
 */
function postScript(path: string, secret: string): string {
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return `
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
local counter = 0
function request()
  counter = counter + 1
  local umid = "bench-${run}-" .. id .. "-" .. counter
  local body = '{"namespace":"SMS","eventType":"outbound_message_status_changed","payload":{"umid":"' .. umid ..
    '","subAccountId":"bench","status":{"state":"delivered","detail":"delivered_to_recipient","timestamp":"2026-11-23T10:00:00.1234567Z"}}}'
  return wrk.format("POST", "${path}", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer ${secret}" }, body)
end
`;
}

/** A Lua script for wrk: each request GETs one of `paths`, in turn. */
export function getScript(paths: ReadonlyArray<string>): string {
  return `
local paths = { ${paths.map((path) => JSON.stringify(path)).join(', ')} }
local counter = 0
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
`;
}

/** Runs wrk (from Debian's packages) against `url` with signed 8x8 receipts. */
export const runWrk = (url: string, options: { readonly secret: string; readonly connections: number; readonly seconds: number; readonly threads: number }) =>
  runWrkScript(url, postScript(new URL(url).pathname, options.secret), options);

/** Runs wrk against `url`, its requests made by the Lua `script`. */
export const runWrkScript = (url: string, lua: string, options: { readonly connections: number; readonly seconds: number; readonly threads: number }) =>
  Effect.async<WrkResult, Error>((resume) => {
    const script = join(tmpdir(), `msgstatus-wrk-${process.pid}-${Date.now()}.lua`);
    writeFileSync(script, lua);
    const args = ['-t', String(options.threads), '-c', String(options.connections), '-d', `${options.seconds}s`, '--latency', '-s', script, url];
    execFile('wrk', args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error !== null) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        return resume(Effect.fail(new Error(missing ? 'wrk is not installed: apt-get install wrk (Debian)' : `wrk failed: ${stderr || error.message}`)));
      }
      try {
        resume(Effect.succeed(parseWrk(stdout)));
      } catch (parseError) {
        resume(Effect.fail(parseError as Error));
      }
    });
  });
