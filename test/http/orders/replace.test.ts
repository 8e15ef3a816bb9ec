import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { createOrder, orderBody } from '../../helpers/orders.js';

let app: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  app = await startTestApp();
  tenant = await app.newTenant();
});
afterAll(async () => {
  await app.close();
});

const put = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  app.call('PUT', `/api/v1/orders/${id}`, { key: tenant.key, body, headers });
const get = (id: string) => app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key });

describe('PUT /api/v1/orders/{id}', () => {
  it('replaces every field, clears omitted ones and keeps what the ledger owns', async () => {
    const id = await createOrder(app, tenant.key, {
      comment: 'leave at the door',
      source_reference: 'SALLA-1',
      order_code: 'CODE-1',
      shipping_address: { city: 'Riyadh', country: 'SA' },
    });
    const before = (await get(id)).body.order;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const response = await put(id, {
      source: 'manual',
      products: [{ sku: 'NEW-1', name: 'Other', quantity: 1, price: 10 }],
      total_amount: 10,
      currency: 'SAR',
      customer_name: 'Renamed',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"v2"');
    const order = response.body.order;
    expect(order).toMatchObject({
      id,
      organization_id: tenant.organizationId,
      created_at: before.created_at,
      customer_name: 'Renamed',
      customer_email: null,
      comment: null,
      source_reference: null,
      shipping_address: null,
      vat_amount: null,
      total_amount: 10,
      skus: ['NEW-1'],
      // An order always has a display code: a cleared one falls back to the order number.
      order_code: expect.stringMatching(/^ORD-\d{4}-\d{3,}$/),
    });
    expect(Date.parse(order.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));
    expect((await get(id)).body.order).toEqual(order);
  });

  it('keeps statuses the body does not name and checks named ones against the workflow', async () => {
    const id = await createOrder(app, tenant.key, { status: 'shipped', payment_status: 'paid' });
    const kept = await put(id, orderBody({ status: undefined, payment_status: undefined }));
    expect(kept.status).toBe(200);
    expect(kept.body.order).toMatchObject({ order_status: 'shipped', payment_status: 'paid' });
    const refused = await put(id, orderBody({ status: 'pending', customer_name: 'Changed' }));
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      code: 422,
      error: 'Invalid status transition',
      details: { field: 'order_status', from: 'shipped', to: 'pending' },
    });
    expect((await get(id)).body.order.customer_name).toBe('Sarah Smith');
    const moved = await put(id, orderBody({ status: 'delivered', payment_status: undefined }));
    expect(moved.body.order.order_status).toBe('delivered');
  });

  it('refuses a different source', async () => {
    const id = await createOrder(app, tenant.key);
    const response = await put(id, orderBody({ source: 'api' }));
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      code: 422,
      error: 'Validation failed',
      details: { source: "cannot change; this order's source is manual" },
    });
  });

  it('keeps the stored source when the body omits it (the payload a client read does not name it)', async () => {
    const id = await createOrder(app, tenant.key, { source: 'api', source_transaction_id: 'TXN-KEEP' });
    const response = await put(
      id,
      orderBody({ source: undefined, source_transaction_id: 'TXN-KEEP', customer_name: 'Omar Haddad' }),
    );
    expect(response.status).toBe(200);
    expect(response.body.order.customer_name).toBe('Omar Haddad');
    // Still the same API order: its source and transaction id form the idempotency key.
    const again = await app.call('POST', '/api/v1/orders', {
      key: tenant.key,
      body: orderBody({ source: 'api', source_transaction_id: 'TXN-KEEP' }),
    });
    expect(again.status).toBe(200);
    expect(again.body.data.id).toBe(id);
    const unknown = await put('rdoesnotexist0001', orderBody({ source: undefined }));
    expect(unknown.status).toBe(404);
  });

  it('validates like create and writes nothing on bad input', async () => {
    const id = await createOrder(app, tenant.key);
    const response = await put(id, { source: 'manual', products: [], total_amount: -1, currency: 'SAR' });
    expect(response.status).toBe(422);
    expect(response.body.details).toEqual({
      products: 'At least one product is required',
      total_amount: 'must be at least 0',
    });
    const places = await put(id, orderBody({ total_amount: 1.234 }));
    expect(places.status).toBe(422);
    expect(places.body.details).toEqual({
      total_amount: 'has more than 2 decimal places, which SAR does not allow',
    });
    expect((await get(id)).headers.get('etag')).toBe('"v1"');
  });

  it('an identical replacement is a no-op; a changed one is an order.updated event with its changes', async () => {
    const id = await createOrder(app, tenant.key);
    const same = await put(id, orderBody());
    expect(same.status).toBe(200);
    expect(same.headers.get('etag')).toBe('"v1"');
    await put(id, orderBody({ customer_name: 'New Name', status: 'confirmed' }));
    const history = await app.call('GET', `/api/v1/orders/${id}/history`, { key: tenant.key });
    expect(history.body.events.map((event: any) => event.event_type)).toEqual([
      'order.created',
      'order.updated',
    ]);
    expect(history.body.events[1].changes).toEqual({
      customer_name: { from: 'Sarah Smith', to: 'New Name' },
      order_status: { from: 'pending', to: 'confirmed' },
    });
  });

  it('answers 409 when the new source_transaction_id belongs to another order', async () => {
    await createOrder(app, tenant.key, { source_transaction_id: 'TXN-TAKEN' });
    const id = await createOrder(app, tenant.key, { source_transaction_id: 'TXN-MINE' });
    const response = await put(id, orderBody({ source_transaction_id: 'TXN-TAKEN' }));
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      code: 409,
      error: 'Duplicate source_transaction_id',
      details: { source_transaction_id: 'TXN-TAKEN' },
    });
    expect((await get(id)).body.order.source_transaction_id).toBe('TXN-MINE');
  });

  it('honours If-Match and answers 404 / 410', async () => {
    const id = await createOrder(app, tenant.key);
    const stale = await put(id, orderBody({ comment: 'x' }), { 'if-match': '"v7"' });
    expect(stale.status).toBe(412);
    const fresh = await put(id, orderBody({ comment: 'x' }), { 'if-match': '"v1"' });
    expect(fresh.status).toBe(200);
    expect((await put('r0000000000000000', orderBody())).status).toBe(404);
    await app.call('DELETE', `/api/v1/orders/${id}`, { key: tenant.key });
    expect((await put(id, orderBody())).status).toBe(410);
  });
});
