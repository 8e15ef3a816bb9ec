import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { createOrder } from '../../helpers/orders.js';

let app: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  app = await startTestApp();
  tenant = await app.newTenant();
});
afterAll(async () => {
  await app.close();
});

const listIds = async (key: string) =>
  (await app.call('GET', '/api/v1/orders?limit=100', { key })).body.orders.map((o: any) => o.order.id);

describe('DELETE /api/v1/orders/{id}', () => {
  it('soft-deletes: 410 Gone on GET, gone from lists, while a never-existing id stays 404', async () => {
    const id = await createOrder(app, tenant.key);
    const kept = await createOrder(app, tenant.key);
    const response = await app.call('DELETE', `/api/v1/orders/${id}`, { key: tenant.key });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      success: true,
      message: 'Order deleted successfully',
      timestamp: expect.any(String),
      data: { id },
    });
    const gone = await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key });
    expect(gone.status).toBe(410);
    expect(gone.body).toEqual({
      code: 410,
      error: 'Order deleted',
      details: { id, deleted_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
    });
    const never = await app.call('GET', '/api/v1/orders/r0123456789abcdef', { key: tenant.key });
    expect(never.status).toBe(404);
    const ids = await listIds(tenant.key);
    expect(ids).toContain(kept);
    expect(ids).not.toContain(id);
  });

  it('answers 410 to a second delete, 404 for unknown ids and for other tenants’ orders', async () => {
    const id = await createOrder(app, tenant.key);
    await app.call('DELETE', `/api/v1/orders/${id}`, { key: tenant.key });
    const again = await app.call('DELETE', `/api/v1/orders/${id}`, { key: tenant.key });
    expect(again.status).toBe(410);
    const unknown = await app.call('DELETE', '/api/v1/orders/r0123456789abcdef', { key: tenant.key });
    expect(unknown.status).toBe(404);
    const other = await app.newTenant();
    const theirs = await createOrder(app, other.key);
    const foreign = await app.call('DELETE', `/api/v1/orders/${theirs}`, { key: tenant.key });
    expect(foreign.status).toBe(404);
    expect((await app.call('GET', `/api/v1/orders/${theirs}`, { key: other.key })).status).toBe(200);
  });

  it('honours If-Match', async () => {
    const id = await createOrder(app, tenant.key);
    const stale = await app.call('DELETE', `/api/v1/orders/${id}`, {
      key: tenant.key,
      headers: { 'if-match': '"v2"' },
    });
    expect(stale.status).toBe(412);
    expect((await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key })).status).toBe(200);
    const current = await app.call('DELETE', `/api/v1/orders/${id}`, {
      key: tenant.key,
      headers: { 'if-match': '"v1"' },
    });
    expect(current.status).toBe(200);
  });
});

describe('GET /api/v1/orders/{id}/history', () => {
  it('lists creation, status changes, updates and deletion with who and when', async () => {
    const clerk = await tenant.issueKey();
    const id = await createOrder(app, tenant.key);
    await app.call('PATCH', `/api/v1/orders/${id}/status`, {
      key: clerk.key,
      body: { status: 'confirmed', payment_status: 'paid' },
    });
    await app.call('PUT', `/api/v1/orders/${id}`, {
      key: tenant.key,
      body: {
        source: 'manual',
        products: [{ name: 'Tea', quantity: 1, price: 5 }],
        total_amount: 5,
        currency: 'SAR',
      },
    });
    await app.call('DELETE', `/api/v1/orders/${id}`, { key: clerk.key });

    const response = await app.call('GET', `/api/v1/orders/${id}/history`, { key: tenant.key });
    expect(response.status).toBe(200);
    const { events, ...rest } = response.body;
    expect(rest).toEqual({
      order_id: id,
      organization_id: tenant.organizationId,
      deleted: true,
      has_more: false,
    });
    expect(events.map((event: any) => [event.event_type, event.version])).toEqual([
      ['order.created', 1],
      ['order.status_changed', 2],
      ['order.updated', 3],
      ['order.deleted', 4],
    ]);
    const owner = { account_id: tenant.accountId, app_id: null };
    expect(events[0].actor).toEqual({ ...owner, api_key_id: expect.stringMatching(/^key_/) });
    expect(events[1].actor).toEqual({ ...owner, api_key_id: clerk.id });
    expect(events[3].actor.api_key_id).toBe(clerk.id);
    expect(events[0].changes).toBeNull();
    expect(events[1].changes).toEqual({
      order_status: { from: 'pending', to: 'confirmed' },
      payment_status: { from: 'pending', to: 'paid' },
    });
    expect(events[2].changes).toMatchObject({
      customer_name: { from: 'Sarah Smith', to: null },
      total_amount: { from: 83.98, to: 5 },
    });
    expect(events[2].changes).not.toHaveProperty('order_status');
    expect(events[3].changes).toBeNull();
    for (const event of events) {
      expect(event.id).toMatch(/^evt_/);
      expect(Date.parse(event.occurred_at)).not.toBeNaN();
    }
  });

  it('pages with after_version and limit', async () => {
    const id = await createOrder(app, tenant.key);
    for (const status of ['confirmed', 'preparing', 'ready']) {
      await app.call('PATCH', `/api/v1/orders/${id}/status`, { key: tenant.key, body: { status } });
    }
    const first = await app.call('GET', `/api/v1/orders/${id}/history?limit=2`, { key: tenant.key });
    expect(first.body.events.map((event: any) => event.version)).toEqual([1, 2]);
    expect(first.body.has_more).toBe(true);
    const second = await app.call('GET', `/api/v1/orders/${id}/history?limit=2&after_version=2`, {
      key: tenant.key,
    });
    expect(second.body.events.map((event: any) => event.version)).toEqual([3, 4]);
    expect(second.body.has_more).toBe(false);
    const bad = await app.call('GET', `/api/v1/orders/${id}/history?limit=0`, { key: tenant.key });
    expect(bad.status).toBe(422);
  });

  it('answers 404 for an unknown order and another tenant’s order', async () => {
    const unknown = await app.call('GET', '/api/v1/orders/r0123456789abcdef/history', { key: tenant.key });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      code: 404,
      error: 'Order not found',
      details: { id: 'r0123456789abcdef' },
    });
    const other = await app.newTenant();
    const theirs = await createOrder(app, other.key);
    const foreign = await app.call('GET', `/api/v1/orders/${theirs}/history`, { key: tenant.key });
    expect(foreign.status).toBe(404);
  });
});
