/** A real HTTP webhook receiver on loopback: records every request and answers as each test scripts it. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
  /** The status this receiver answered, or null while it holds the request open. */
  answered: number | null;
}

/** How to answer: a status, a status after a delay, or never (hold the request until the client gives up). */
export type Answer = number | { status: number; delayMs: number } | 'hang';

export interface Receiver {
  url(path: string): string;
  requests: ReceivedRequest[];
  /** Requests to `path` so far. */
  at(path: string): ReceivedRequest[];
  /** Scripts the answers for `path`: `answer(request, n)` where n counts requests to that path from 1. */
  script(path: string, answer: (request: ReceivedRequest, n: number) => Answer): void;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const scripts = new Map<string, (request: ReceivedRequest, n: number) => Answer>();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      const request: ReceivedRequest = { path, headers: req.headers, body, json: undefined, answered: null };
      try {
        request.json = JSON.parse(body);
      } catch {
        request.json = undefined;
      }
      requests.push(request);
      const n = requests.filter((r) => r.path === path).length;
      const answer = scripts.get(path)?.(request, n) ?? 200;
      if (answer === 'hang') {
        return;
      }
      const { status, delayMs } = typeof answer === 'number' ? { status: answer, delayMs: 0 } : answer;
      setTimeout(() => {
        if (!res.destroyed) {
          request.answered = status;
          res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
        }
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${base}${path}`,
    requests,
    at: (path) => requests.filter((request) => request.path === path),
    script: (path, answer) => {
      scripts.set(path, answer);
    },
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) {
          throw new Error(`condition not met within ${timeoutMs} ms; received ${requests.length} requests`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
