/**
 * The HTTP side every vendor simulator shares: an in-process server on 127.0.0.1, bearer-token checks,
 * a request log, and a script of faults (429 with Retry-After, 5xx, slow answers, dropped connections)
 * and of changes made to the vendor's data just before a given list request is answered (orders
 * inserted or changed between two pages of a backfill).
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What kind of request a route serves, for faults and the log. */
export type RouteKind = 'list' | 'details' | 'token';

export interface Fault {
  on: RouteKind | 'any';
  /** How many matching requests it hits (default 1). */
  times?: number;
  /** Answer this status instead of the real answer (429, 500, 503…). */
  status?: number;
  /** Extra headers on that answer (`retry-after`…). */
  headers?: Record<string, string>;
  /** Wait this long before answering (a slow vendor); with no status, the real answer follows. */
  delayMs?: number;
  /** Drop the connection without an answer. */
  reset?: boolean;
}

export interface SimulatedRequest {
  kind: RouteKind;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface SimulatedAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface LoggedRequest {
  kind: RouteKind;
  path: string;
  query: string;
  status: number | null;
  authorization: string | undefined;
}

/** A vendor's routes: which kind a request is, and its answer (faults are applied around it). */
export interface VendorRoutes {
  kind(method: string, path: string): RouteKind | null;
  answer(request: SimulatedRequest): SimulatedAnswer;
}

export class VendorServer {
  readonly log: LoggedRequest[] = [];
  private readonly faults: Array<Fault & { left: number }> = [];
  private readonly listHooks = new Map<number, () => void>();
  private listRequests = 0;
  private server: http.Server | undefined;
  url = '';

  constructor(private readonly routes: VendorRoutes) {}

  async start(): Promise<this> {
    const sockets = new Set<import('node:net').Socket>();
    this.server = http.createServer((request, response) => {
      void this.handle(request, response);
    });
    this.server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.closeSockets = () => {
      for (const socket of sockets) {
        socket.destroy();
      }
    };
    return this;
  }

  private closeSockets = () => {};

  /** Scripts a fault for the next matching request(s). */
  fail(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  /** Drops every scripted fault not yet used up: the vendor answers normally again. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Runs `change` just before the `nth` list request (1-based, counted from now) is answered. */
  beforeListRequest(nth: number, change: () => void): void {
    this.listHooks.set(this.listRequests + nth, change);
  }

  count(kind: RouteKind): number {
    return this.log.filter((entry) => entry.kind === kind).length;
  }

  async close(): Promise<void> {
    this.closeSockets();
    if (this.server) {
      this.server.close();
      await once(this.server, 'close');
    }
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const kind = this.routes.kind(request.method ?? 'GET', url.pathname);
    const entry: LoggedRequest = {
      kind: kind ?? 'details',
      path: url.pathname,
      query: url.search,
      status: null,
      authorization: request.headers.authorization,
    };
    this.log.push(entry);
    const send = (answer: SimulatedAnswer) => {
      entry.status = answer.status;
      const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(body);
    };
    if (kind === null) {
      send({ status: 404, body: { error: 'no such route' } });
      return;
    }
    const fault = this.faults.find((candidate) => candidate.on === 'any' || candidate.on === kind);
    if (fault) {
      fault.left -= 1;
      if (fault.left <= 0) {
        this.faults.splice(this.faults.indexOf(fault), 1);
      }
      if (fault.delayMs) {
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      }
      if (fault.reset) {
        request.socket.destroy();
        return;
      }
      if (fault.status) {
        send({
          status: fault.status,
          body: { error: http.STATUS_CODES[fault.status] ?? 'error' },
          headers: fault.headers ?? {},
        });
        return;
      }
    }
    if (kind === 'list') {
      this.listRequests += 1;
      this.listHooks.get(this.listRequests)?.();
      this.listHooks.delete(this.listRequests);
    }
    send(
      this.routes.answer({
        kind,
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }),
    );
  }
}

/** A small deterministic PRNG (mulberry32), so every simulator serves the same orders for a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

export const FIRST_NAMES = [
  'Ahmed',
  'Fatimah',
  'Sara',
  'Omar',
  'Layla',
  'Khalid',
  'Noura',
  'Yousef',
  'محمد',
  'ريم',
];
export const LAST_NAMES = [
  'Al-Qahtani',
  'Hassan',
  'Mohammed',
  'Al-Harbi',
  'Saleh',
  'العتيبي',
  'Smith',
  'Dobbs',
];
export const PRODUCTS = [
  { sku: 'TS-BLK-L', name: 'تي شيرت بلاك', cents: 10000 },
  { sku: 'MUG-01', name: 'Custom Mug', cents: 4550 },
  { sku: 'PWG-001', name: 'Premium Widget', cents: 19999 },
  { sku: 'BA-002', name: 'Basic Accessory', cents: 15001 },
  { sku: 'HD-GRY-M', name: 'Hoodie Grey', cents: 22900 },
  { sku: 'CAP-RED', name: 'Red Cap', cents: 3999 },
];

/** Cents → the vendor's decimal number (two places). */
export const amount = (cents: number) => Math.round(cents) / 100;

/** The answer a route gives a request without the right bearer token. */
export function bearerOf(request: SimulatedRequest): string | null {
  const header = request.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : null;
}
