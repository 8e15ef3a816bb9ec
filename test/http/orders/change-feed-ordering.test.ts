/**
 * The change feed in (txid, seq) order across digit boundaries of both numbers: a sort of either as
 * text ("1000" before "997") lost events page by page (issue 17: 131 of 190 with pages of 7).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/storage/db.js';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { approachSeqBoundary, approachTxidBoundary, cursorPosition } from '../../helpers/digit-boundaries.js';
import { createOrder, orderBody } from '../../helpers/orders.js';
import { readEventStream } from '../../helpers/sse.js';

let app: TestApp;
let tenant: TestTenant;
/** The order ids in the order their creation events were written. */
const written: string[] = [];

const BULK = 150;

/** The transaction that wrote an order's creation event. */
async function creationTxid(orderId: string): Promise<bigint> {
  const [row] = await queryRows<{ txid: string }>(
    app.database.db,
    sql`select txid::text as txid from order_events where order_id = ${orderId} order by seq limit 1`,
  );
  return BigInt((row as { txid: string }).txid);
}

beforeAll(async () => {
  app = await startTestApp({ changeFeed: { pollIntervalMs: 50 } });
  tenant = await app.newTenant();
  // One transaction whose events' seqs cross a power of ten…
  await approachSeqBoundary(app.database.db, 50n);
  const bulk = await app.call('POST', '/api/v1/orders/bulk', {
    key: tenant.key,
    body: Array.from({ length: BULK }, (_, i) => orderBody({ source_reference: `BULK-${i}` })),
  });
  expect(bulk.body.data.succeeded).toBe(BULK);
  written.push(...bulk.body.data.orders.map((order: { id: string }) => order.id));
  // …then many transactions whose ids cross one. Other test files draw ids from the same server-wide
  // counter meanwhile, so write until ours are past the boundary (with some below it) and a few more.
  let boundary = await approachTxidBoundary(app.database.db, 200n);
  let below = 0;
  for (;;) {
    const id = await createOrder(app, tenant.key, { source_reference: `SINGLE-${written.length}` });
    written.push(id);
    if ((await creationTxid(id)) < boundary) {
      below += 1;
    } else if (below > 0) {
      break;
    } else {
      boundary = await approachTxidBoundary(app.database.db, 200n); // raced past: take the next one
    }
  }
  for (let i = 0; i < 5; i += 1) {
    written.push(await createOrder(app, tenant.key, { source_reference: `SINGLE-${written.length}` }));
  }
  // A commit enters the feed once every older transaction on the server has ended.
  for (let attempt = 0; ; attempt += 1) {
    const page = await app.call('GET', '/api/v1/orders/changes?limit=500', { key: tenant.key });
    if (page.body.events.length === written.length) {
      break;
    }
    if (attempt > 200) {
      throw new Error(`the feed shows ${page.body.events.length} of ${written.length} events`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});
afterAll(async () => {
  await app.close();
});

const digits = (value: bigint) => value.toString().length;

/** Every cursor after the one before it, as numbers; and the data really crosses both boundaries. */
function expectNumericOrderAcrossBoundaries(cursors: string[]): void {
  const positions = cursors.map(cursorPosition);
  for (let i = 1; i < positions.length; i += 1) {
    const [before, after] = [positions[i - 1], positions[i]] as [
      { txid: bigint; seq: bigint },
      { txid: bigint; seq: bigint },
    ];
    expect(after.txid > before.txid || (after.txid === before.txid && after.seq > before.seq)).toBe(true);
  }
  const bulk = positions.slice(0, BULK);
  expect(new Set(bulk.map((position) => position.txid)).size).toBe(1);
  expect(new Set(bulk.map((position) => digits(position.seq))).size).toBeGreaterThanOrEqual(2);
  expect(new Set(positions.slice(BULK).map((position) => digits(position.txid))).size).toBeGreaterThanOrEqual(
    2,
  );
}

describe('change feed order across digit boundaries', () => {
  it('pages of 7 return every event once, in write order', async () => {
    const orderIds: string[] = [];
    const cursors: string[] = [];
    let after = '';
    for (let page = 0; page < 100; page += 1) {
      const response = await app.call('GET', `/api/v1/orders/changes?limit=7&after=${after}`, {
        key: tenant.key,
      });
      expect(response.status).toBe(200);
      orderIds.push(...response.body.events.map((event: any) => event.order.id));
      cursors.push(...response.body.cursors);
      after = response.body.next_cursor;
      if (!response.body.has_more) {
        break;
      }
    }
    expect(orderIds).toEqual(written);
    expectNumericOrderAcrossBoundaries(cursors);
  });

  it('one page of 500 holds them in the same order', async () => {
    const response = await app.call('GET', '/api/v1/orders/changes?limit=500', { key: tenant.key });
    expect(response.body.events.map((event: any) => event.order.id)).toEqual(written);
    expectNumericOrderAcrossBoundaries(response.body.cursors);
  });

  it('the SSE stream (reads of 100) sends every event once, in write order', async () => {
    const events = await readEventStream(`${app.url}/api/v1/orders/changes`, tenant.key, written.length);
    expect(events.map((event) => event.data.order.id)).toEqual(written);
    expectNumericOrderAcrossBoundaries(events.map((event) => event.id));
  });

  it('SSE resumed from a mid-stream Last-Event-ID sends exactly the rest', async () => {
    const all = await readEventStream(`${app.url}/api/v1/orders/changes`, tenant.key, written.length);
    // Resume at the seq boundary inside the bulk transaction and near the txid boundary.
    for (const index of [BULK - 51, BULK - 50, BULK + 19]) {
      const rest = await readEventStream(
        `${app.url}/api/v1/orders/changes`,
        tenant.key,
        written.length - index - 1,
        { 'last-event-id': (all[index] as { id: string }).id },
      );
      expect(rest.map((event) => event.data.order.id)).toEqual(written.slice(index + 1));
    }
  });
});
