import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { orderBody } from '../../helpers/orders.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

async function seed(tenant: TestTenant, statuses: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const status of statuses) {
    const response = await app.call('POST', '/api/v1/orders', {
      key: tenant.key,
      body: orderBody({ status }),
    });
    expect(response.status).toBe(201);
    ids.push(response.body.data.id);
  }
  return ids;
}

describe('GET /api/v1/orders', () => {
  it('lists in the orders.listed envelope, newest first, with the pagination block', async () => {
    const tenant = await app.newTenant();
    const ids = await seed(tenant, ['pending', 'confirmed', 'delivered']);
    const response = await app.call('GET', '/api/v1/orders', { key: tenant.key });
    expect(response.status).toBe(200);
    const body = response.body;
    expect(Object.keys(body)).toEqual([
      'spec_version',
      'event_type',
      'occurred_at',
      'organization_id',
      'orders',
      'pagination',
      'meta',
    ]);
    expect(body).toMatchObject({ spec_version: '2026-04-01', event_type: 'orders.listed', meta: {} });
    expect(body.organization_id).toBe(tenant.organizationId);
    expect(body.orders.map((row: any) => row.order.id)).toEqual([...ids].reverse());
    for (const row of body.orders) {
      expect(row.event_type).toBe('order.snapshot');
      expect(row.occurred_at).toBe(body.occurred_at);
      expect(row.event_id).toMatch(new RegExp(`^snapshot-${row.order.id}-\\d+$`));
    }
    expect(body.pagination).toEqual({
      page: 1,
      per_page: 20,
      total_items: 3,
      total_pages: 1,
      has_next: false,
      has_prev: false,
    });
  });

  it('pages with page and limit', async () => {
    const tenant = await app.newTenant();
    const ids = (await seed(tenant, ['pending', 'pending', 'pending', 'pending', 'pending'])).reverse();
    const first = await app.call('GET', '/api/v1/orders?limit=2', { key: tenant.key });
    const third = await app.call('GET', '/api/v1/orders?limit=2&page=3', { key: tenant.key });
    const beyond = await app.call('GET', '/api/v1/orders?limit=2&page=4', { key: tenant.key });
    expect(first.body.orders.map((row: any) => row.order.id)).toEqual(ids.slice(0, 2));
    expect(first.body.pagination).toEqual({
      page: 1,
      per_page: 2,
      total_items: 5,
      total_pages: 3,
      has_next: true,
      has_prev: false,
    });
    expect(third.body.orders.map((row: any) => row.order.id)).toEqual(ids.slice(4));
    expect(third.body.pagination).toMatchObject({ page: 3, has_next: false, has_prev: true });
    expect(beyond.body.orders).toEqual([]);
  });

  it('sorts oldest first with sort=created', async () => {
    const tenant = await app.newTenant();
    const ids = await seed(tenant, ['pending', 'pending', 'pending']);
    const response = await app.call('GET', '/api/v1/orders?sort=created', { key: tenant.key });
    expect(response.body.orders.map((row: any) => row.order.id)).toEqual(ids);
  });

  it('filters by one status or a comma list', async () => {
    const tenant = await app.newTenant();
    await seed(tenant, ['pending', 'confirmed', 'delivered', 'delivered']);
    const delivered = await app.call('GET', '/api/v1/orders?status=delivered', { key: tenant.key });
    expect(delivered.body.orders.map((row: any) => row.order.order_status)).toEqual([
      'delivered',
      'delivered',
    ]);
    expect(delivered.body.pagination.total_items).toBe(2);
    const some = await app.call('GET', '/api/v1/orders?status=pending,confirmed', { key: tenant.key });
    expect(some.body.orders.map((row: any) => row.order.order_status).sort()).toEqual([
      'confirmed',
      'pending',
    ]);
  });

  it('never shows another tenant its orders', async () => {
    const a = await app.newTenant();
    const b = await app.newTenant();
    await seed(a, ['pending']);
    const response = await app.call('GET', '/api/v1/orders', { key: b.key });
    expect(response.body.orders).toEqual([]);
    expect(response.body.pagination.total_items).toBe(0);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['page=-1', 'page'],
    ['page=0', 'page'],
    ['sort=colour', 'sort'],
    ['status=flying', 'status'],
    ['status=pending,', 'status'],
    ['status=RECEIVED', 'status'],
    ['colour=red', 'colour'],
    ['payment_status=lost', 'payment_status'],
    ['fulfillment_status=Full', 'fulfillment_status'],
    ['from=yesterday', 'from'],
    ['to=2026-04-21', 'to'],
    ['from=2026-04-21T00:00:00Z&to=2026-04-20T23:59:59Z', 'to'],
    ['updated_since=now', 'updated_since'],
    ['currency=XYZ', 'currency'],
    ['currency=SAR,', 'currency'],
    ['country=SAU', 'country'],
    ['min_total=-1', 'min_total'],
    ['max_total=lots', 'max_total'],
    ['min_total=10&max_total=9.99', 'max_total'],
    ['is_preorder=maybe', 'is_preorder'],
    ['sort=-colour', 'sort'],
    ['sort=created,updated', 'sort'],
    [`search=${'x'.repeat(201)}`, 'search'],
    ['search=', 'search'],
    [`sku=${Array.from({ length: 101 }, (_, index) => `S${index}`).join(',')}`, 'sku'],
    ['cursor=not-a-cursor', 'cursor'],
    ['cursor=&page=2', 'page'],
  ])('rejects %s with a 422 naming %s', async (query, param) => {
    const tenant = await app.newTenant();
    const response = await app.call('GET', `/api/v1/orders?${query}`, { key: tenant.key });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      code: 422,
      error: 'Validation failed',
      details: { [param]: expect.any(String) },
    });
  });
});
