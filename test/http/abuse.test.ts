/**
 * Slow and greedy clients (docs/decisions/0200, 0201): each abuse is refused or cut off by the service,
 * and a health probe from another address keeps answering meanwhile.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRaw, parseRawResponse, probe, type RawConnection, trickle } from '../helpers/abuse.js';
import { startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { orderBody } from '../helpers/orders.js';

function rawPost(path: string, key: string, contentLength: number, extraHeaders = ''): string {
  return (
    `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${contentLength}\r\n${extraHeaders}\r\n`
  );
}

async function expectProbeAnswers(url: string) {
  const answer = await probe(url);
  expect(answer).toEqual({ status: 200, body: '{"status":"ok"}' });
}

describe('slow clients and big bodies', () => {
  let app: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    app = await startTestApp({
      limits: { headersTimeoutMs: 1000, requestTimeoutMs: 2000, maxConnectionsPerClient: 8 },
    });
    tenant = await app.newTenant();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('closes connections whose headers arrive byte by byte (slow-loris), probe answering meanwhile', async () => {
    const connections: RawConnection[] = [];
    for (let index = 0; index < 50; index += 1) {
      // Each from its own address: the header deadline, not the per-client cap, is what ends them.
      const connection = await openRaw(app.url, `127.0.1.${index + 1}`);
      trickle(connection, `GET /api/v1/orders HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(10_000)}`, 100);
      connections.push(connection);
    }
    await expectProbeAnswers(app.url);
    await Promise.all(connections.map((connection) => connection.closed));
    for (const connection of connections) {
      // Node answers 408 when it can; either way nothing was served.
      expect(connection.received()).toMatch(/^(|HTTP\/1\.1 408 [\s\S]*)$/);
    }
    await expectProbeAnswers(app.url);
  });

  it('closes connections whose bodies trickle in, and stores nothing of them', async () => {
    const body = JSON.stringify(orderBody({ source_transaction_id: 'slow-body' }));
    const connections: RawConnection[] = [];
    for (let index = 0; index < 20; index += 1) {
      const connection = await openRaw(app.url, `127.0.2.${index + 1}`);
      connection.socket.write(rawPost('/api/v1/orders', tenant.key, Buffer.byteLength(body)));
      trickle(connection, body, 100);
      connections.push(connection);
    }
    await expectProbeAnswers(app.url);
    await Promise.all(connections.map((connection) => connection.closed));
    for (const connection of connections) {
      expect(connection.received()).not.toMatch(/^HTTP\/1\.1 201/);
    }
    const listed = await app.call('GET', '/api/v1/orders', { key: tenant.key });
    expect(listed.body.pagination.total_items).toBe(0);
  });

  it('refuses connections past the per-client cap with 429 before any route runs', async () => {
    const held: RawConnection[] = [];
    for (let index = 0; index < 8; index += 1) {
      held.push(await openRaw(app.url, '127.0.3.1'));
    }
    const extra = await openRaw(app.url, '127.0.3.1');
    const body = JSON.stringify(orderBody());
    extra.socket.write(rawPost('/api/v1/orders', tenant.key, Buffer.byteLength(body)) + body);
    await extra.closed;
    const refused = parseRawResponse(extra.received());
    expect(refused.status).toBe(429);
    expect(refused.headers).toContain('retry-after: 1');
    expect(refused.body).toEqual({
      code: 429,
      error: 'Too many connections from this client',
      details: { max_connections_per_client: 8 },
    });
    // Refused means not served: no order was created.
    const listed = await app.call('GET', '/api/v1/orders', { key: tenant.key });
    expect(listed.body.pagination.total_items).toBe(0);
    await expectProbeAnswers(app.url);

    // Once the client lets go of its connections, it is served again.
    for (const connection of held) {
      connection.socket.destroy();
    }
    await Promise.all(held.map((connection) => connection.closed));
    let answered: RawConnection | undefined;
    for (let attempt = 0; attempt < 50 && !answered; attempt += 1) {
      const again = await openRaw(app.url, '127.0.3.1');
      again.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await again.closed;
      if (parseRawResponse(again.received()).status === 200) {
        answered = again;
      } else {
        await sleep(20); // the server sees the closes a moment after this end does
      }
    }
    expect(answered).toBeDefined();
  });

  it.each([
    ['/api/v1/orders', 1024 * 1024],
    ['/api/v1/orders/bulk', 1000 * 8 * 1024],
    ['/api/v1/orders/bulk/status', 1000 * 512],
    ['/api/v1/apps/app_whatever/orders', 1000 * 16 * 1024],
  ])(
    'refuses %s from its Content-Length alone: 413 before a byte of the body is sent',
    async (path, limit) => {
      const connection = await openRaw(app.url);
      const method = path.endsWith('/status') ? 'PATCH' : 'POST';
      connection.socket.write(rawPost(path, tenant.key, 200 * 1024 * 1024).replace('POST', method));
      await connection.closed;
      const refused = parseRawResponse(connection.received());
      expect(refused.status).toBe(413);
      expect(refused.body).toEqual({
        code: 413,
        error: 'Request body too large',
        details: { limit_bytes: limit },
      });
      await expectProbeAnswers(app.url);
    },
  );
});

describe('a chunked body past the limit', () => {
  let app: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await app.newTenant();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('stops reading a chunked body at the limit, without buffering the rest', async () => {
    const connection = await openRaw(app.url);
    connection.socket.write(
      'POST /api/v1/orders/bulk HTTP/1.1\r\nHost: x\r\n' +
        `Authorization: Bearer ${tenant.key}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const chunk = `[${'1,'.repeat(512 * 1024)}`;
    let sent = 0;
    while (connection.received() === '' && !connection.socket.destroyed && sent < 64 * 1024 * 1024) {
      const flushed = connection.socket.write(`${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`);
      sent += chunk.length;
      if (!flushed) {
        await Promise.race([
          new Promise((resolve) => connection.socket.once('drain', resolve)),
          connection.closed,
        ]);
      }
      await sleep(1);
    }
    await connection.closed;
    // The server answers 413 and hangs up at the limit; the client, still writing, may get a reset
    // that discards the answer. Either way it stopped long before the 64 MiB this client would send.
    expect([0, 413]).toContain(parseRawResponse(connection.received()).status);
    expect(sent).toBeLessThan(32 * 1024 * 1024);
  });
});

describe('overload shedding', () => {
  let app: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    // The event-loop check is off here (a busy test machine lags at times); the next block tests it.
    app = await startTestApp({ limits: { maxInFlight: 3 } });
    tenant = await app.newTenant();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers 503 + Retry-After past the requests in flight, readiness false, liveness answering', async () => {
    const body = JSON.stringify(orderBody({ source_transaction_id: 'held' }));
    const half = Math.floor(body.length / 2);
    const held: RawConnection[] = [];
    for (let index = 0; index < 3; index += 1) {
      const connection = await openRaw(app.url);
      const own = JSON.stringify(orderBody({ source_transaction_id: `held-${index}` }));
      // `Connection: close`: the server closes each once it has answered. (Not a half-close by the
      // client: Node's server ends a connection whose client half-closes, answered or not.)
      connection.socket.write(
        rawPost('/api/v1/orders', tenant.key, Buffer.byteLength(own), 'Connection: close\r\n') +
          own.slice(0, half),
      );
      held.push(connection);
    }
    // The three are in flight once their headers are read: the next request is shed.
    let shed = await app.call('GET', '/api/v1/orders', { key: tenant.key });
    for (let attempt = 0; attempt < 100 && shed.status !== 503; attempt += 1) {
      await sleep(20);
      shed = await app.call('GET', '/api/v1/orders', { key: tenant.key });
    }
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('1');
    expect(shed.body).toEqual({
      code: 503,
      error: 'Service overloaded, retry later',
      details: { reason: 'too_many_requests_in_flight' },
    });
    const ready = await probe(app.url, '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({
      code: 503,
      error: 'Service overloaded',
      details: { reason: 'too_many_requests_in_flight' },
    });
    await expectProbeAnswers(app.url);

    // The held requests finish normally; then the service takes requests again.
    for (const [index, connection] of held.entries()) {
      const own = JSON.stringify(orderBody({ source_transaction_id: `held-${index}` }));
      connection.socket.write(own.slice(half));
    }
    await Promise.all(held.map((connection) => connection.closed.catch(() => {})));
    for (const connection of held) {
      expect(connection.received()).toMatch(/^HTTP\/1\.1 201 /);
    }
    let after = await app.call('GET', '/api/v1/orders', { key: tenant.key });
    for (let attempt = 0; attempt < 100 && after.status !== 200; attempt += 1) {
      await sleep(20);
      after = await app.call('GET', '/api/v1/orders', { key: tenant.key });
    }
    expect(after.body.pagination.total_items).toBe(3);
    expect((await probe(app.url, '/readyz')).status).toBe(200);
  });
});

describe('a stalled event loop', () => {
  let app: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    app = await startTestApp({ limits: { maxEventLoopDelayMs: 500 } });
    tenant = await app.newTenant();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is not ready, and sheds API requests, right after the event loop stalled', async () => {
    let round: Array<{ status: number; body: string }> = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const until = Date.now() + 1200;
      while (Date.now() < until) {
        // a stalled event loop: a synchronous second and more
      }
      round = await Promise.all([
        probe(app.url, '/readyz'),
        probe(app.url, '/healthz'),
        app
          .call('GET', '/api/v1/orders', { key: tenant.key })
          .then((r) => ({ status: r.status, body: r.text })),
      ]);
      if (round[0]?.status === 503) {
        break;
      }
    }
    const [ready, live, api] = round;
    expect(ready?.status).toBe(503);
    expect(JSON.parse(ready?.body ?? '{}').details.reason).toBe('event_loop_lagging');
    expect(live?.status).toBe(200);
    // The API request came in the same moment: shed too (or served, had the sample just turned).
    expect([200, 503]).toContain(api?.status);
    if (api?.status === 503) {
      expect(JSON.parse(api.body).details.reason).toMatch(/^event_loop:/);
    }
    // Readiness comes back once the loop runs freely again.
    let back = await probe(app.url, '/readyz');
    for (let attempt = 0; attempt < 200 && back.status !== 200; attempt += 1) {
      await sleep(50);
      back = await probe(app.url, '/readyz');
    }
    expect(back.status).toBe(200);
  });
});

/** Opens a change-feed stream; resolves once the server answered (its status and a way to end it). */
async function openStream(app: TestApp, key: string) {
  const stop = new AbortController();
  const response = await fetch(`${app.url}/api/v1/orders/changes`, {
    headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
    signal: stop.signal,
  });
  const text = response.status === 200 ? '' : await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: text ? JSON.parse(text) : undefined,
    reader: response.status === 200 ? response.body?.getReader() : undefined,
    close: () => stop.abort(),
  };
}

describe('greedy tenants: streams, exports, intake', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      changeFeed: { pollIntervalMs: 50, heartbeatMs: 1000 },
      limits: {
        maxStreams: 3,
        maxStreamsPerOrganization: 2,
        maxExports: 2,
        maxExportsPerOrganization: 1,
        maxIntakeBacklog: 5,
      },
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('caps change-feed streams per organization (429) and per process (503)', async () => {
    const a = await app.newTenant();
    const b = await app.newTenant();
    const c = await app.newTenant();
    const a1 = await openStream(app, a.key);
    const a2 = await openStream(app, a.key);
    expect([a1.status, a2.status]).toEqual([200, 200]);
    const a3 = await openStream(app, a.key);
    expect(a3.status).toBe(429);
    expect(a3.retryAfter).toBe('5');
    expect(a3.body).toEqual({
      code: 429,
      error: 'Too many open change-feed streams for this organization',
      details: { limit: 2, open: 2 },
    });
    const b1 = await openStream(app, b.key);
    expect(b1.status).toBe(200);
    const c1 = await openStream(app, c.key);
    expect(c1.status).toBe(503);
    expect(c1.body).toEqual({
      code: 503,
      error: 'Too many open change-feed streams, retry later',
      details: { limit: 3 },
    });
    // Everything else is served meanwhile.
    await expectProbeAnswers(app.url);
    expect((await app.call('GET', '/api/v1/orders', { key: c.key })).status).toBe(200);
    expect((await app.call('GET', '/api/v1/orders/changes', { key: c.key })).status).toBe(200);

    // A stream that ends gives its slot back.
    a1.close();
    let again = await openStream(app, a.key);
    for (let attempt = 0; attempt < 100 && again.status !== 200; attempt += 1) {
      await sleep(20);
      again = await openStream(app, a.key);
    }
    expect(again.status).toBe(200);
    for (const stream of [a2, b1, again]) {
      stream.close();
    }
  });

  it('runs one export at a time per organization; others export meanwhile', async () => {
    const a = await app.newTenant();
    const b = await app.newTenant();
    // An export far bigger than the socket buffers, so that a client that reads nothing holds it open.
    const products = Array.from({ length: 1000 }, (_, index) => ({
      name: `Line ${index} ${'x'.repeat(200)}`,
      quantity: 1,
      price: 1,
    }));
    for (let index = 0; index < 30; index += 1) {
      const created = await app.call('POST', '/api/v1/orders', {
        key: a.key,
        body: orderBody({ products, total_amount: 1000, subtotal: 1000, tax: 0, delivery_fee: 0 }),
      });
      expect(created.status).toBe(201);
    }
    const stuck = await openRaw(app.url, '127.0.4.1');
    stuck.socket.write(
      `GET /api/v1/orders/export?format=csv&lines=items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${a.key}\r\n\r\n`,
    );
    // The first export has begun (it holds the slot) once its status line comes; from then on this
    // client reads nothing, so the export waits on it. Asking before that would race it for the slot.
    await Promise.race([once(stuck.socket, 'data'), stuck.closed]);
    stuck.socket.pause();
    expect(stuck.received()).toMatch(/^HTTP\/1\.1 200 /);
    const second = await app.call('GET', '/api/v1/orders/export?format=csv', { key: a.key });
    expect(second.status).toBe(429);
    expect(second.body).toEqual({
      code: 429,
      error: 'Too many open exports for this organization',
      details: { limit: 1, open: 1 },
    });
    const other = await app.call('GET', '/api/v1/orders/export?format=csv', { key: b.key });
    expect(other.status).toBe(200);
    await expectProbeAnswers(app.url);

    stuck.socket.destroy();
    let after = await app.call('GET', '/api/v1/orders/export?format=csv', { key: a.key });
    for (let attempt = 0; attempt < 100 && after.status !== 200; attempt += 1) {
      await sleep(20);
      after = await app.call('GET', '/api/v1/orders/export?format=csv', { key: a.key });
    }
    expect(after.status).toBe(200);
  }, 300_000);

  it('refuses intake past the organization’s backlog of unpromoted items (429), stores none of it', async () => {
    const tenant = await app.newTenant();
    const install = await app.call('POST', '/api/v1/apps', {
      key: tenant.key,
      body: { app_slug: 'generic-orders' },
    });
    const path = `/api/v1/apps/${install.body.data.id}/orders`;
    const junk = await app.call('POST', path, { key: tenant.key, body: [{}, {}, {}, {}] });
    expect(junk.body.data).toMatchObject({ received: 4, failed: 4 });
    const refused = await app.call('POST', path, { key: tenant.key, body: [{}, {}] });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.body).toEqual({
      code: 429,
      error: 'Intake quota exceeded: promote or retry the failed items first',
      details: { limit: 5, backlog: 4, received: 2 },
    });
    const listed = await app.call('GET', `/api/v1/apps/${install.body.data.id}/intake`, { key: tenant.key });
    expect(listed.body.pagination.total_items).toBe(4);
    // Within the quota, intake goes on.
    const one = await app.call('POST', path, {
      key: tenant.key,
      body: { ...orderBody(), source_transaction_id: 'fits' },
    });
    expect(one.body.data).toMatchObject({ received: 1, promoted: 1 });
  });
});

describe('one tenant’s big intake batch', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('keeps the event loop free for the others while it is parsed and promoted', async () => {
    const { monitorEventLoopDelay } = await import('node:perf_hooks');
    const big = await app.newTenant();
    const other = await app.newTenant();
    const install = await app.call('POST', '/api/v1/apps', {
      key: big.key,
      body: { app_slug: 'generic-orders' },
    });
    // 400 vendor orders of ~25 KiB: a 10 MB body, the size that stalled every tenant for seconds.
    const batch = Array.from({ length: 400 }, (_, index) => ({
      ...orderBody({ source_transaction_id: `big-${index}` }),
      comment: 'c'.repeat(4000),
      dispatch_routing: { notes: 'n'.repeat(20_000) },
    }));
    const body = JSON.stringify(batch);
    expect(body.length).toBeGreaterThan(9_000_000);
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();

    const sent = app.call('POST', `/api/v1/apps/${install.body.data.id}/orders`, {
      key: big.key,
      rawBody: body,
    });
    let othersServed = 0;
    let done = false;
    void sent.then(() => {
      done = true;
    });
    while (!done) {
      const read = await app.call('GET', '/api/v1/orders?limit=1', { key: other.key });
      expect(read.status).toBe(200);
      othersServed += 1;
      await sleep(50);
    }
    lag.disable();
    const response = await sent;
    expect(response.status).toBe(202);
    expect(response.body.data).toMatchObject({ received: 400, promoted: 400 });
    // Other tenants were served all along (a read every 50 ms or so while the batch ran: on the
    // embedded database the batch used to run start to end in one go, letting nothing in).
    expect(othersServed).toBeGreaterThanOrEqual(5);
    // A generous bound on the longest the event loop was held (it was the whole batch: 40 s here).
    expect(lag.max / 1e6).toBeLessThan(10_000);
  }, 300_000);
});

describe('change-feed streams and the database pool', () => {
  let app: TestApp;

  beforeAll(async () => {
    // The test database pool has 10 connections (test/helpers/app.ts).
    app = await startTestApp({
      changeFeed: { pollIntervalMs: 20, heartbeatMs: 1000 },
      limits: { maxStreams: 100, maxStreamsPerOrganization: 100 },
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves other requests with more streams open than the pool has connections', async () => {
    const watcher = await app.newTenant();
    const other = await app.newTenant();
    const streams = await Promise.all(Array.from({ length: 25 }, () => openStream(app, watcher.key)));
    expect(streams.map((stream) => stream.status)).toEqual(Array(25).fill(200));
    await expectProbeAnswers(app.url);
    for (let index = 0; index < 5; index += 1) {
      expect((await app.call('GET', '/api/v1/orders', { key: other.key })).status).toBe(200);
    }
    // And the streams still work: each one delivers the watcher's new order.
    const created = await app.call('POST', '/api/v1/orders', { key: watcher.key, body: orderBody() });
    expect(created.status).toBe(201);
    const decoder = new TextDecoder();
    await Promise.all(
      streams.map(async (stream) => {
        let text = '';
        while (!text.includes(created.body.data.id)) {
          const { value, done } = (await stream.reader?.read()) ?? { done: true };
          if (done) {
            throw new Error('stream ended');
          }
          text += decoder.decode(value);
        }
      }),
    );
    for (const stream of streams) {
      stream.close();
    }
  }, 120_000);
});
