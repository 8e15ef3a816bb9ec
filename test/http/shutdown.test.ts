import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { orderBody } from '../helpers/orders.js';

async function openConnection(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  return socket;
}

describe('closing the service', () => {
  it('is not held open by a client that connected and never sent a request', async () => {
    const app = await startTestApp({ shutdownGraceMs: 300 });
    const silent = await openConnection(app.url);
    const closedByServer = once(silent, 'close');
    await app.close();
    await closedByServer;
  });

  it('finishes a request in flight, then closes its connection without waiting for the deadline', async () => {
    // A deadline far beyond the test's timeout: the close can only end by closing the connection once
    // its response is sent.
    const app = await startTestApp({ shutdownGraceMs: 600_000 });
    const { key } = await app.newTenant();
    const body = JSON.stringify(orderBody());
    const socket = await openConnection(app.url);
    let response = '';
    socket.on('data', (chunk) => {
      response += chunk;
    });
    const half = Math.floor(body.length / 2);
    socket.write(
      `POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
    );
    await sleep(100); // the request has begun when the close does
    const closing = app.close();
    await sleep(200);
    socket.write(body.slice(half));
    // The response may reach this end after the close has returned: read until the server hangs up.
    await Promise.all([closing, once(socket, 'close')]);
    expect(response).toMatch(/^HTTP\/1\.1 201 /);
    expect(response).toContain('"order_number":"ORD-');
  });
});
