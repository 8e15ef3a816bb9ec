import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { createOrder } from '../../helpers/orders.js';

let app: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  app = await startTestApp({ changeFeed: { pollIntervalMs: 50, heartbeatMs: 200 } });
  tenant = await app.newTenant();
});
afterAll(async () => {
  await app.close();
});

interface StreamedEvent {
  id: string;
  event: string;
  data: any;
}

/**
 * The tenant's feed once it shows `count` events. A commit enters the feed when every older transaction
 * on the server has ended, and other test files write to the same PostgreSQL server meanwhile, so the
 * feed may trail the writes just made by a moment.
 */
async function feedShowing(key: string, count: number): Promise<any> {
  let body: any;
  await expect
    .poll(async () => {
      body = (await app.call('GET', '/api/v1/orders/changes', { key })).body;
      return body.events.length;
    })
    .toBe(count);
  return body;
}

/** Opens the SSE feed and collects `count` events, then disconnects. */
async function readStream(
  key: string,
  headers: Record<string, string>,
  count: number,
  onOpen: () => Promise<void> = async () => {},
): Promise<{ events: StreamedEvent[]; raw: string }> {
  const abort = new AbortController();
  const response = await fetch(`${app.url}/api/v1/orders/changes`, {
    headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  await onOpen();
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let raw = '';
  const events: StreamedEvent[] = [];
  const deadline = Date.now() + 10_000;
  while (events.length < count && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    raw += decoder.decode(value, { stream: true });
    const blocks = raw.split('\n\n');
    events.length = 0;
    for (const block of blocks.slice(0, -1)) {
      const fields = Object.fromEntries(
        block
          .split('\n')
          .filter((line) => !line.startsWith(':'))
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
      );
      if (fields.id) {
        events.push({
          id: fields.id,
          event: fields.event as string,
          data: JSON.parse(fields.data as string),
        });
      }
    }
  }
  abort.abort();
  return { events: events.slice(0, count), raw };
}

describe('GET /api/v1/orders/changes', () => {
  it('pages through the events in write order with the webhook envelope, resuming after a cursor', async () => {
    const own = await app.newTenant();
    const first = await createOrder(app, own.key);
    await app.call('PATCH', `/api/v1/orders/${first}/status`, {
      key: own.key,
      body: { status: 'confirmed' },
    });
    const second = await createOrder(app, own.key);
    await app.call('DELETE', `/api/v1/orders/${second}`, { key: own.key });
    await feedShowing(own.key, 4);

    const page1 = await app.call('GET', '/api/v1/orders/changes?limit=2', { key: own.key });
    expect(page1.status).toBe(200);
    expect(page1.body.has_more).toBe(true);
    expect(page1.body.events.map((e: any) => [e.event_type, e.order.id])).toEqual([
      ['order.created', first],
      ['order.status_changed', first],
    ]);
    expect(page1.body.events[1].previous.order_status).toBe('pending');
    // Each event carries the version the change produced: the number in the order's ETag.
    expect(page1.body.events.map((e: any) => e.order_version)).toEqual([1, 2]);
    const current = await app.call('GET', `/api/v1/orders/${first}`, { key: own.key });
    expect(current.headers.get('etag')).toBe(`"v${page1.body.events[1].order_version}"`);
    expect(page1.body.events[0].organization_id).toBe(own.organizationId);
    expect(page1.body.next_cursor).toBe(page1.body.cursors[1]);

    const page2 = await app.call('GET', `/api/v1/orders/changes?after=${page1.body.next_cursor}`, {
      key: own.key,
    });
    expect(page2.body.events.map((e: any) => e.event_type)).toEqual(['order.created', 'order.deleted']);
    expect(page2.body.events.map((e: any) => e.order_version)).toEqual([1, 2]);
    expect(page2.body.has_more).toBe(false);

    const empty = await app.call('GET', `/api/v1/orders/changes?after=${page2.body.next_cursor}`, {
      key: own.key,
    });
    expect(empty.body.events).toEqual([]);
    expect(empty.body.next_cursor).toBe(page2.body.next_cursor);
  });

  it('shows a tenant only its own events', async () => {
    const own = await app.newTenant();
    await createOrder(app, tenant.key);
    const response = await app.call('GET', '/api/v1/orders/changes', { key: own.key });
    expect(response.body.events).toEqual([]);
  });

  // PGlite has one connection, so no transaction can stay open while another commits.
  it.runIf(engine === 'postgres')(
    'holds back events behind a transaction still in flight, so no cursor skips one',
    async () => {
      const own = await app.newTenant();
      const id = await createOrder(app, own.key);
      const start = (await feedShowing(own.key, 1)).next_cursor;
      let commit = () => {};
      const committed = new Promise<void>((resolve) => {
        commit = resolve;
      });
      let inserted = () => {};
      const insertDone = new Promise<void>((resolve) => {
        inserted = resolve;
      });
      // An earlier writer: its event takes its seq now and commits only after a later writer's.
      const slow = app.database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into order_events (organization_id, id, order_id, event_type, occurred_at,
        order_version, snapshot) select organization_id, 'evt_slow_writer', order_id, 'order.updated', now(),
        order_version, snapshot from order_events where organization_id = ${own.organizationId} limit 1`);
        inserted();
        await committed;
      });
      await insertDone;
      const later = await createOrder(app, own.key);
      const meanwhile = await app.call('GET', `/api/v1/orders/changes?after=${start}`, { key: own.key });
      expect(meanwhile.body.events).toEqual([]);
      commit();
      await slow;
      // Both commits are in, but a transaction of another test file on the same server may still hold
      // the feed back for a moment: wait for the events rather than expect them on the first read.
      await expect
        .poll(async () => {
          const after = await app.call('GET', `/api/v1/orders/changes?after=${meanwhile.body.next_cursor}`, {
            key: own.key,
          });
          return after.body.events.map((e: any) => [e.event_id === 'evt_slow_writer', e.order.id]);
        })
        .toEqual([
          [true, id],
          [false, later],
        ]);
    },
  );

  it('refuses a cursor it did not issue', async () => {
    const response = await app.call('GET', '/api/v1/orders/changes?after=nope', { key: tenant.key });
    expect(response.status).toBe(422);
    expect(response.body.details.after).toBeDefined();
  });

  it('streams events as SSE, live, and resumes after Last-Event-ID without loss or repeats', async () => {
    // A tenant of its own: its feed's first cursor comes before every event it will have.
    const own = await app.newTenant();
    const before = (await feedShowing(own.key, 0)).next_cursor as string;
    const ids: string[] = [];
    const { events } = await readStream(own.key, { 'last-event-id': before }, 2, async () => {
      ids.push(await createOrder(app, own.key), await createOrder(app, own.key));
    });
    expect(events.map((e) => e.data.order.id)).toEqual(ids);
    expect(events.map((e) => e.event)).toEqual(['order.created', 'order.created']);

    ids.push(await createOrder(app, own.key), await createOrder(app, own.key));
    const resumed = await readStream(own.key, { 'last-event-id': (events[0] as StreamedEvent).id }, 3);
    expect(resumed.events.map((e) => e.data.order.id)).toEqual(ids.slice(1));
  });

  it('sends heartbeats while nothing happens', async () => {
    const quiet = await app.newTenant();
    const abort = new AbortController();
    const response = await fetch(`${app.url}/api/v1/orders/changes`, {
      headers: { authorization: `Bearer ${quiet.key}`, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const { value } = await reader.read();
    abort.abort();
    expect(new TextDecoder().decode(value)).toContain(': heartbeat');
  });
});
