/**
 * @module Server-Sent Events for the change feed: replays from a cursor, then polls for new events,
 * with comment heartbeats so proxies keep the connection; stops when the client goes away or the
 * service closes. A page is written only once the client has taken the one before it (`drain`), so a
 * slow reader of a long replay holds one page in memory, not the tenant's history.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FeedPage } from '../services/change-feed-service.js';

export interface EventStreamOptions {
  /** How often to look for new events once caught up. */
  pollIntervalMs: number;
  heartbeatMs: number;
  batchSize: number;
}

/** Open streams, so that closing the service ends them rather than waiting on them. */
export function createEventStreams(options: EventStreamOptions) {
  const open = new Set<AbortController>();

  return {
    /** Takes the reply over and streams `read(cursor)` pages until the client or the service closes. */
    async stream(
      request: FastifyRequest,
      reply: FastifyReply,
      startCursor: string,
      read: (cursor: string, limit: number) => Promise<FeedPage>,
    ): Promise<void> {
      const stop = new AbortController();
      open.add(stop);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-request-id': request.id,
      });
      raw.on('close', () => stop.abort());
      raw.on('error', () => stop.abort());
      /** Writes, then waits until the socket has taken it all, or the stream stops. */
      const send = async (text: string) => {
        if (!raw.write(text)) {
          await once(raw, 'drain', { signal: stop.signal }).catch(() => {});
        }
      };
      let cursor = startCursor;
      let lastWrite = Date.now();
      try {
        while (!stop.signal.aborted) {
          const page = await read(cursor, options.batchSize);
          cursor = page.nextCursor;
          if (page.events.length > 0) {
            await send(
              page.events
                .map((event) => `id: ${event.cursor}\nevent: ${event.eventType}\ndata: ${event.body}\n\n`)
                .join(''),
            );
            lastWrite = Date.now();
          } else if (Date.now() - lastWrite >= options.heartbeatMs) {
            await send(': heartbeat\n\n');
            lastWrite = Date.now();
          }
          if (!page.hasMore) {
            await sleep(options.pollIntervalMs, undefined, { signal: stop.signal }).catch(() => {});
          }
        }
      } catch (error) {
        request.log.error({ err: error }, 'change feed stream failed');
      } finally {
        open.delete(stop);
        raw.end();
      }
    },

    closeAll(): void {
      for (const stop of open) {
        stop.abort();
      }
    },
  };
}

export type EventStreams = ReturnType<typeof createEventStreams>;
