/**
 * The change feed's SSE writer waits for `drain`: while a client does not read, the service reads no
 * further pages, so a replay of a large tenant never piles up in the server's memory (issue 17).
 * Driven through a real socket with a client that stops reading; the feed is a generator of pages.
 */
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEventStreams } from '../../src/http/event-stream.js';
import type { FeedPage } from '../../src/services/change-feed-service.js';

const PAGES = 30;
const EVENTS_PER_PAGE = 100;
const PAGE_BYTES_ABOUT = EVENTS_PER_PAGE * 2_000;
const streams = createEventStreams({ pollIntervalMs: 20, heartbeatMs: 60_000, batchSize: EVENTS_PER_PAGE });

/** The server's unsent bytes at each page read. */
const bufferedAtRead: number[] = [];
const server = createServer((_, res: ServerResponse) => {
  let pages = 0;
  const fakeRequest = { id: 'req-1', log: { error: () => {} } } as unknown as FastifyRequest;
  const fakeReply = { raw: res, hijack: () => {} } as unknown as FastifyReply;
  void streams.stream(fakeRequest, fakeReply, '', async (): Promise<FeedPage> => {
    bufferedAtRead.push(res.writableLength);
    if (pages >= PAGES) {
      return { events: [], nextCursor: `1-${pages}`, hasMore: false };
    }
    pages += 1;
    const events = Array.from({ length: EVENTS_PER_PAGE }, (_, i) => ({
      cursor: `1-${pages * 1000 + i}`,
      eventType: 'order.created',
      body: JSON.stringify({ page: pages, i, padding: 'x'.repeat(1_900) }),
    }));
    return { events, nextCursor: `1-${pages * 1000 + EVENTS_PER_PAGE}`, hasMore: true };
  });
});

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
});
afterAll(async () => {
  streams.closeAll();
  server.closeAllConnections();
  server.close();
});

it('reads the next page only once the client has taken the last one', async () => {
  const { port } = server.address() as { port: number };
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(`GET /changes HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
  // The client takes nothing for a while: the old writer went on reading and buffering every page.
  socket.pause();
  await sleep(300);
  // Until the last event of the last page has arrived (searched in what came since the last chunk).
  const lastEvent = `"page":${PAGES},"i":${EVENTS_PER_PAGE - 1},`;
  let recent = '';
  socket.setEncoding('utf8');
  socket.resume();
  for await (const chunk of socket) {
    recent = recent.slice(-lastEvent.length) + (chunk as string);
    if (recent.includes(lastEvent)) {
      break;
    }
  }
  socket.destroy();
  expect(bufferedAtRead.length).toBeGreaterThan(PAGES);
  // At every read the page before was handed to the socket: under one page of backlog.
  expect(Math.max(...bufferedAtRead)).toBeLessThan(PAGE_BYTES_ABOUT);
});
