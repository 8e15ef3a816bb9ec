import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { createOrder, orderBody } from '../../helpers/orders.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

async function total(tenant: TestTenant): Promise<number> {
  return (await app.call('GET', '/api/v1/orders', { key: tenant.key })).body.pagination.total_items;
}

describe('POST /api/v1/orders/bulk', () => {
  it('creates 1,000 orders in one request', async () => {
    const tenant = await app.newTenant();
    const body = Array.from({ length: 1000 }, (_, i) => orderBody({ source_reference: `REF-${i}` }));
    const response = await app.call('POST', '/api/v1/orders/bulk', { key: tenant.key, body });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      success: true,
      data: { succeeded: 1000, failed: 0, errors: {} },
      timestamp: expect.stringMatching(TIMESTAMP),
    });
    expect(response.body.data.orders).toHaveLength(1000);
    expect(await total(tenant)).toBe(1000);
    const year = new Date().getUTCFullYear();
    expect(response.body.data.orders[999].order_number).toBe(`ORD-${year}-1000`);
    const last = await app.call('GET', `/api/v1/orders/${response.body.data.orders[999].id}`, {
      key: tenant.key,
    });
    expect(last.body.order.source_reference).toBe('REF-999');
  });

  it('refuses 1,001 items, an empty array and a non-array as a whole, writing nothing', async () => {
    const tenant = await app.newTenant();
    const tooMany = Array.from({ length: 1001 }, () => orderBody());
    const response = await app.call('POST', '/api/v1/orders/bulk', { key: tenant.key, body: tooMany });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      code: 422,
      error: 'Validation failed',
      details: { body: 'must have at most 1000 items' },
    });
    expect((await app.call('POST', '/api/v1/orders/bulk', { key: tenant.key, body: [] })).status).toBe(422);
    expect((await app.call('POST', '/api/v1/orders/bulk', { key: tenant.key, body: {} })).status).toBe(422);
    expect(await total(tenant)).toBe(0);
  });

  it('fails bad items on their own, keyed by index, and leaves no trace of them', async () => {
    const tenant = await app.newTenant();
    const body = [
      orderBody({ customer_name: 'first' }),
      orderBody({ products: [] }),
      orderBody({ total_amount: 1.234 }),
      orderBody({ source: 'app_notinstalled' }),
      'not an order',
      orderBody({ customer_name: 'last' }),
    ];
    const response = await app.call('POST', '/api/v1/orders/bulk', { key: tenant.key, body });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ succeeded: 2, failed: 4 });
    expect(response.body.data.errors).toEqual({
      '1': 'Validation failed',
      '2': 'Validation failed',
      '3': 'Validation failed',
      '4': 'Validation failed',
    });
    // The structured details beside the plain messages, keyed the same way (decision 0120).
    expect(response.body.data.error_details).toEqual({
      '1': { products: 'At least one product is required' },
      '2': { total_amount: 'has more than 2 decimal places, which SAR does not allow' },
      '3': { source: expect.any(String) },
      '4': { body: 'must be an object' },
    });
    expect(response.body.data.orders.map((order: unknown) => order !== null)).toEqual([
      true,
      false,
      false,
      false,
      false,
      true,
    ]);
    const year = new Date().getUTCFullYear();
    // Refused items took no order numbers.
    expect(response.body.data.orders[5].order_number).toBe(`ORD-${year}-002`);
    expect(await total(tenant)).toBe(2);
  });

  it('answers repeated source_transaction_ids with one order, across concurrent bulk requests', async () => {
    const tenant = await app.newTenant();
    const body = [
      orderBody({ source_transaction_id: 'TXN-A' }),
      orderBody({ source_transaction_id: 'TXN-B' }),
      orderBody({ source_transaction_id: 'TXN-A' }),
    ];
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => app.call('POST', '/api/v1/orders/bulk', { key: tenant.key, body })),
    );
    const idsOf = (response: any) => response.body.data.orders.map((order: any) => order.id);
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject({ succeeded: 3, failed: 0 });
      expect(idsOf(response)).toEqual(idsOf(responses[0]));
    }
    expect(idsOf(responses[0])[0]).toBe(idsOf(responses[0])[2]);
    expect(await total(tenant)).toBe(2);
  });

  it('accepts bodies above the 1 MiB default limit', async () => {
    const tenant = await app.newTenant();
    const comment = 'x'.repeat(4000);
    const body = Array.from({ length: 400 }, () => orderBody({ comment }));
    expect(JSON.stringify(body).length).toBeGreaterThan(1024 * 1024);
    const response = await app.call('POST', '/api/v1/orders/bulk', { key: tenant.key, body });
    expect(response.status).toBe(200);
    expect(response.body.data.succeeded).toBe(400);
  });
});

describe('PATCH /api/v1/orders/bulk/status', () => {
  it('applies each update on its own, keyed by order id', async () => {
    const tenant = await app.newTenant();
    const a = await createOrder(app, tenant.key);
    const b = await createOrder(app, tenant.key, { status: 'delivered' });
    const c = await createOrder(app, tenant.key);
    const response = await app.call('PATCH', '/api/v1/orders/bulk/status', {
      key: tenant.key,
      body: {
        updates: [
          { id: a, status: 'confirmed', payment_status: 'paid' },
          { id: b, status: 'cancelled' },
          { id: 'r0000000000000000', status: 'confirmed' },
          { id: c, status: 'flying' },
          { status: 'confirmed' },
        ],
      },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: true,
      data: {
        succeeded: 1,
        failed: 4,
        errors: {
          [b]: 'Invalid status transition',
          r0000000000000000: 'Order not found',
          [c]: 'Validation failed',
          '4': 'Validation failed',
        },
        error_details: {
          [b]: { field: 'order_status', from: 'delivered', to: 'cancelled' },
          r0000000000000000: {},
          [c]: { status: expect.stringContaining('must be one of: ') },
          '4': { id: 'is required' },
        },
      },
      timestamp: expect.stringMatching(TIMESTAMP),
    });
    const read = async (id: string) =>
      (await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key })).body;
    expect((await read(a)).order).toMatchObject({ order_status: 'confirmed', payment_status: 'paid' });
    expect((await read(b)).order.order_status).toBe('delivered');
    const history = await app.call('GET', `/api/v1/orders/${b}/history`, { key: tenant.key });
    expect(history.body.events).toHaveLength(1);
  });

  it('applies repeated ids in request order, each checked against the previous', async () => {
    const tenant = await app.newTenant();
    const id = await createOrder(app, tenant.key);
    const response = await app.call('PATCH', '/api/v1/orders/bulk/status', {
      key: tenant.key,
      body: {
        updates: [
          { id, status: 'confirmed' },
          { id, status: 'shipped' },
          { id, status: 'cancelled' },
        ],
      },
    });
    expect(response.body.data).toMatchObject({ succeeded: 2, failed: 1 });
    const read = await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key });
    expect(read.body.order.order_status).toBe('shipped');
  });

  it('refuses more than 1,000 updates as a whole', async () => {
    const tenant = await app.newTenant();
    const id = await createOrder(app, tenant.key);
    const updates = Array.from({ length: 1001 }, () => ({ id, status: 'confirmed' }));
    const response = await app.call('PATCH', '/api/v1/orders/bulk/status', {
      key: tenant.key,
      body: { updates },
    });
    expect(response.status).toBe(422);
    expect(response.body.details).toEqual({ updates: 'must have at most 1000 items' });
    const ok = await app.call('PATCH', '/api/v1/orders/bulk/status', {
      key: tenant.key,
      body: { updates: updates.slice(0, 1000) },
    });
    expect(ok.body.data).toMatchObject({ succeeded: 1000, failed: 0 });
    const history = await app.call('GET', `/api/v1/orders/${id}/history`, { key: tenant.key });
    expect(history.body.events).toHaveLength(2);
  });
});

describe('DELETE /api/v1/orders/bulk', () => {
  it('deletes each id on its own; other tenants’ and unknown ids fail as not found', async () => {
    const tenant = await app.newTenant();
    const other = await app.newTenant();
    const a = await createOrder(app, tenant.key);
    const b = await createOrder(app, tenant.key);
    const theirs = await createOrder(app, other.key);
    const response = await app.call('DELETE', '/api/v1/orders/bulk', {
      key: tenant.key,
      body: { ids: [a, b, a, theirs, 'nope'] },
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      succeeded: 2,
      failed: 2,
      errors: { [theirs]: 'Order not found', nope: 'Order not found' },
      error_details: { [theirs]: {}, nope: {} },
    });
    expect((await app.call('GET', `/api/v1/orders/${a}`, { key: tenant.key })).status).toBe(410);
    expect((await app.call('GET', `/api/v1/orders/${theirs}`, { key: other.key })).status).toBe(200);
    expect(await total(tenant)).toBe(0);
    const again = await app.call('DELETE', '/api/v1/orders/bulk', { key: tenant.key, body: { ids: [a] } });
    expect(again.body.data).toEqual({
      succeeded: 0,
      failed: 1,
      errors: { [a]: 'Order deleted' },
      error_details: { [a]: {} },
    });
  });

  it('refuses more than 1,000 ids and an empty list', async () => {
    const tenant = await app.newTenant();
    const ids = Array.from({ length: 1001 }, (_, i) => `r${String(i).padStart(16, '0')}`);
    const tooMany = await app.call('DELETE', '/api/v1/orders/bulk', { key: tenant.key, body: { ids } });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.details).toEqual({ ids: 'must have at most 1000 items' });
    const empty = await app.call('DELETE', '/api/v1/orders/bulk', { key: tenant.key, body: { ids: [] } });
    expect(empty.status).toBe(422);
    const thousand = await app.call('DELETE', '/api/v1/orders/bulk', {
      key: tenant.key,
      body: { ids: ids.slice(0, 1000) },
    });
    expect(thousand.body.data).toMatchObject({ succeeded: 0, failed: 1000 });
  });
});
