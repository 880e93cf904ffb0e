import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A provider's status API played on a loopback port: its URL, the requests it was asked, and how to stop it. */
export interface FakeApi {
  readonly url: string;
  /** Every request, in arrival order; `api` names which of a provider's APIs was asked. */
  readonly requests: Array<{ readonly at: number; readonly key: string; readonly ids: ReadonlyArray<string>; readonly api?: string }>;
  readonly close: () => Promise<void>;
}

/** A stand-in's server on a free loopback port, each request handled once its body has been read. */
export const listen = (handle: (request: IncomingMessage, body: string, response: ServerResponse) => void): Promise<Server> =>
  new Promise((resolve) => {
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => handle(request, body, response));
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });

/** A JSON answer. */
export const answer = (response: ServerResponse, status: number, body: unknown) =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** The stand-in as its tests use it. */
export const fakeApi = (server: Server, requests: FakeApi['requests']): FakeApi => ({
  url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  requests,
  close: () => new Promise((resolve) => server.close(() => resolve())),
});
