import { connect } from 'node:net';

/** What one Kafka request through a link did: answered (and how long it took), reset, closed, or no answer in time. */
export interface ProbeResult {
  readonly outcome: 'answered' | 'reset' | 'closed' | 'silent' | 'refused';
  readonly ms: number;
}

/**
 * Sends one ApiVersions request (v0: no body) to `address` on a new connection and reports what
 * came back: the evidence that a fault proxy's toxic is really in the path (latency makes the
 * answer late, reset_peer resets, a black hole answers nothing).
 */
export const kafkaProbe = (address: string, timeoutMs: number): Promise<ProbeResult> =>
  new Promise((resolve) => {
    const [host, port] = address.split(':') as [string, string];
    const started = Date.now();
    const clientId = Buffer.from('msgstatus-probe');
    const header = Buffer.alloc(10);
    header.writeInt16BE(18, 0); // ApiVersions
    header.writeInt16BE(0, 2);
    header.writeInt32BE(1, 4); // correlation id
    header.writeInt16BE(clientId.length, 8);
    const request = Buffer.concat([header, clientId]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(request.length, 0);
    let settled = false;
    const socket = connect({ host, port: Number(port) });
    const done = (outcome: ProbeResult['outcome']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ outcome, ms: Date.now() - started });
    };
    const timer = setTimeout(() => done('silent'), timeoutMs);
    let received = 0;
    socket.on('connect', () => socket.write(Buffer.concat([size, request])));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= 8) done('answered');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' ? 'refused' : 'reset'));
    socket.on('close', () => done('closed'));
  });
