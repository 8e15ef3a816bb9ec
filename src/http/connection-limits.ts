/**
 * @module Slow and greedy clients at the connection level: deadlines for a request's headers and for
 * the whole request, an idle timeout, and a cap on open connections per client address.
 * docs/decisions/0200-slow-and-greedy-clients.md.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyHttpOptions, FastifyInstance } from 'fastify';
import { retryLater } from '../errors.js';

export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  /** 0: no cap. */
  maxConnectionsPerClient: number;
}

/**
 * Fastify's options for the deadlines. Node enforces the header and request deadlines on a sweep
 * (`connectionsCheckingInterval`, 30 s by default): a quarter of the header deadline keeps a slow
 * client from holding a connection much past it. Node answers a late request 408 and closes.
 */
export function serverTimeouts(
  limits: ConnectionLimits,
): Pick<FastifyHttpOptions<Server>, 'requestTimeout' | 'connectionTimeout' | 'http'> {
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    http: {
      headersTimeout,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
  };
}

const overCap = new WeakSet<Socket>();

/**
 * Counts open connections per remote address. A connection past the cap is kept only long enough to
 * answer its first request with 429 and `Connection: close`, before any route runs (so it is never
 * served); one that sends nothing is closed by the header deadline.
 */
export function capConnectionsPerClient(app: FastifyInstance, maxPerClient: number): void {
  if (maxPerClient <= 0) {
    return;
  }
  const open = new Map<string, number>();
  (app.server as Server).on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = open.get(address) ?? 0;
    if (count >= maxPerClient) {
      overCap.add(socket);
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) {
        open.set(address, left);
      } else {
        open.delete(address);
      }
    });
  });
  app.addHook('onRequest', async (request, reply) => {
    if (overCap.has(request.raw.socket)) {
      reply.header('connection', 'close');
      throw retryLater(
        'rate_limited',
        'Too many connections from this client',
        { max_connections_per_client: maxPerClient },
        1,
      );
    }
  });
}
