import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrdersListService } from '../../../src/services/orders-list-service.js';
import { createOrdersService } from '../../../src/services/orders-service.js';
import { startTestApp, type TestApp, type TestTenant, testSecretBox } from '../../helpers/app.js';
import { orderBody } from '../../helpers/orders.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

interface Seeded {
  id: string;
  total: number;
}

/** Orders with totals out of creation order, so that every sort gives a different sequence. */
async function seed(tenant: TestTenant, totals: number[]): Promise<Seeded[]> {
  const created: Seeded[] = [];
  for (const total of totals) {
    const response = await app.call('POST', '/api/v1/orders', {
      key: tenant.key,
      body: orderBody({ total_amount: total }),
    });
    expect(response.status).toBe(201);
    created.push({ id: response.body.data.id, total });
  }
  return created;
}

const idsOf = (body: any): string[] => body.orders.map((row: any) => row.order.id);

/** Every page of a cursor walk, optionally doing something between fetches. */
async function walkCursor(tenant: TestTenant, query: string, between?: () => Promise<void>) {
  const pages: any[] = [];
  let cursor = '';
  for (let guard = 0; guard < 50; guard += 1) {
    const response = await app.call('GET', `/api/v1/orders?${query}&cursor=${encodeURIComponent(cursor)}`, {
      key: tenant.key,
    });
    expect(response.status, response.text).toBe(200);
    pages.push(response.body);
    cursor = response.body.pagination.next_cursor;
    if (cursor === null) {
      return pages;
    }
    await between?.();
  }
  throw new Error('cursor walk did not end');
}

describe('sorting', () => {
  let tenant: TestTenant;
  let orders: Seeded[];

  beforeAll(async () => {
    tenant = await app.newTenant();
    orders = await seed(tenant, [30, 10.5, 99.99, 10.5, 2]);
    // Touch the oldest order last, so "updated" and "created" disagree.
    const service = createOrdersService({ db: app.database.db, secretBox: testSecretBox });
    await service.applyChange(
      { organizationId: tenant.organizationId },
      orders[0]?.id as string,
      () => 'order.updated',
      (current) => ({ ...current, comment: 'touched' }),
    );
  });

  const byTotalThenId = (a: Seeded, b: Seeded) => a.total - b.total || (a.id < b.id ? -1 : 1);

  it.each([
    ['created', () => orders.map((order) => order.id)],
    ['-created', () => orders.map((order) => order.id).reverse()],
    ['order_number', () => orders.map((order) => order.id)],
    ['-order_number', () => orders.map((order) => order.id).reverse()],
    ['updated', () => [...orders.slice(1), orders[0]].map((order) => order?.id)],
    ['-updated', () => [orders[0], ...orders.slice(1).reverse()].map((order) => order?.id)],
    ['total_amount', () => [...orders].sort(byTotalThenId).map((order) => order.id)],
    [
      '-total_amount',
      () =>
        [...orders]
          .sort(byTotalThenId)
          .reverse()
          .map((order) => order.id),
    ],
  ])('sort=%s in page mode and in cursor mode', async (sort, expected) => {
    const paged = await app.call('GET', `/api/v1/orders?sort=${sort}`, { key: tenant.key });
    expect(idsOf(paged.body)).toEqual(expected());
    const walked = await walkCursor(tenant, `sort=${sort}&limit=2`);
    expect(walked.flatMap(idsOf)).toEqual(expected());
  });
});

describe('cursor mode', () => {
  it('fills the pagination block: page ordinal, totals, has_prev/has_next, next_cursor', async () => {
    const tenant = await app.newTenant();
    await seed(tenant, [1, 2, 3, 4, 5]);
    const pages = await walkCursor(tenant, 'limit=2');
    expect(pages.map((page) => page.pagination)).toEqual([
      {
        page: 1,
        per_page: 2,
        total_items: 5,
        total_pages: 3,
        has_next: true,
        has_prev: false,
        next_cursor: expect.any(String),
      },
      {
        page: 2,
        per_page: 2,
        total_items: 5,
        total_pages: 3,
        has_next: true,
        has_prev: true,
        next_cursor: expect.any(String),
      },
      {
        page: 3,
        per_page: 2,
        total_items: 5,
        total_pages: 3,
        has_next: false,
        has_prev: true,
        next_cursor: null,
      },
    ]);
  });

  it('ends with next_cursor null on an exact last page and on an empty result', async () => {
    const tenant = await app.newTenant();
    const empty = await walkCursor(tenant, 'limit=2');
    expect(empty).toHaveLength(1);
    expect(empty[0].orders).toEqual([]);
    await seed(tenant, [1, 2]);
    const exact = await walkCursor(tenant, 'limit=2');
    expect(exact.map((page) => idsOf(page).length)).toEqual([2]);
  });

  // New rows sort either behind the pages already walked or ahead of the cursor.
  it.each([
    ['-created', 1, false],
    ['created', 1, true],
    ['-total_amount', 100, false],
    ['total_amount', 100, true],
  ])(
    'sort=%s: inserts between page fetches neither skip nor repeat a row',
    async (sort, firstInsertedTotal, newRowsComeLater) => {
      const tenant = await app.newTenant();
      const original = await seed(tenant, [5, 1, 4, 2, 3, 6, 7]);
      const inserted: string[] = [];
      let total = firstInsertedTotal;
      const pages = await walkCursor(tenant, `sort=${sort}&limit=2`, async () => {
        const [order] = await seed(tenant, [total]);
        total += 1;
        inserted.push(order?.id as string);
      });
      const seen = pages.flatMap(idsOf);
      expect(new Set(seen).size).toBe(seen.length);
      for (const order of original) {
        expect(seen).toContain(order.id);
      }
      expect(inserted.length).toBeGreaterThan(0);
      const shownInserts = inserted.filter((id) => seen.includes(id));
      expect(shownInserts.length).toBe(newRowsComeLater ? inserted.length : 0);
    },
  );

  it('refuses a tampered cursor, a cursor of another sort or filter set, and garbage', async () => {
    const tenant = await app.newTenant();
    await seed(tenant, [1, 2, 3]);
    const first = await app.call('GET', '/api/v1/orders?limit=1&status=pending&cursor=', { key: tenant.key });
    const cursor: string = first.body.pagination.next_cursor;
    const [text, mac] = cursor.split('.') as [string, string];
    const body = JSON.parse(Buffer.from(text, 'base64url').toString());
    const edited = `${Buffer.from(JSON.stringify({ ...body, p: 99 })).toString('base64url')}.${mac}`;
    const cases = [
      `limit=1&status=pending&cursor=${edited}`,
      `limit=1&status=pending&cursor=${text}.${mac.slice(1)}x`,
      `limit=1&status=pending&cursor=${text}`,
      `limit=1&status=pending&sort=created&cursor=${cursor}`,
      `limit=1&status=confirmed&cursor=${cursor}`,
      `limit=1&cursor=${cursor}`,
      'limit=1&cursor=%%%',
    ];
    for (const query of cases) {
      const response = await app.call('GET', `/api/v1/orders?${query}`, { key: tenant.key });
      expect(response.status, query).toBe(422);
      expect(response.body).toEqual({
        code: 422,
        error: 'Validation failed',
        details: { cursor: expect.any(String) },
      });
    }
    // The untouched cursor still works, with another limit too.
    const next = await app.call('GET', `/api/v1/orders?limit=5&status=pending&cursor=${cursor}`, {
      key: tenant.key,
    });
    expect(next.status).toBe(200);
    expect(idsOf(next.body)).toHaveLength(2);
  });

  it('signs with a secret stored in the database, so another process accepts our cursors', async () => {
    const tenant = await app.newTenant();
    await seed(tenant, [1, 2, 3]);
    const first = await app.call('GET', '/api/v1/orders?limit=1&cursor=', { key: tenant.key });
    // A second service instance stands in for another process over the same database.
    const otherProcess = createOrdersListService({ db: app.database.db, secretBox: testSecretBox });
    const page = await otherProcess.listOrders(
      { organizationId: tenant.organizationId },
      { filter: {}, sort: '-created', limit: 1, page: 1, cursor: first.body.pagination.next_cursor },
    );
    expect(page.pagination.page).toBe(2);
    expect(page.orders).toHaveLength(1);
  });
});

describe('total_items', () => {
  it('stays exact through writes, also in a process whose count was cached before them', async () => {
    const tenant = await app.newTenant();
    const seeded = await seed(tenant, [1, 2, 3]);
    const actor = { organizationId: tenant.organizationId };
    const otherProcess = createOrdersListService({ db: app.database.db, secretBox: testSecretBox });
    const totalIn = async (status: 'pending' | 'delivered') => {
      const viaHttp = await app.call('GET', `/api/v1/orders?status=${status}`, { key: tenant.key });
      const elsewhere = await otherProcess.listOrders(actor, {
        filter: { status: [status] },
        sort: '-created',
        limit: 20,
        page: 1,
      });
      expect(elsewhere.pagination.total_items).toBe(viaHttp.body.pagination.total_items);
      return viaHttp.body.pagination.total_items;
    };
    expect(await totalIn('pending')).toBe(3);
    expect(await totalIn('pending')).toBe(3); // served from the caches now
    await seed(tenant, [4]);
    expect(await totalIn('pending')).toBe(4);
    await createOrdersService({ db: app.database.db, secretBox: testSecretBox }).applyChange(
      actor,
      seeded[0]?.id as string,
      () => 'order.status_changed',
      (current) => ({ ...current, order_status: 'delivered' }),
    );
    expect(await totalIn('pending')).toBe(3);
    expect(await totalIn('delivered')).toBe(1);
  });
});
