import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { fixtureText } from '../../helpers/fixtures.js';
import { installApp, listOrders } from '../../helpers/integrations.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('POST /api/v1/apps/{install_id}/orders → intake → ledger', () => {
  it('promotes a vendor order into an order that reads like any other', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'syncaty-orders', {
      destination_id: 'store_iv_1',
      store_name: 'Riyadh',
    });
    const sent = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
      key: tenant.key,
      rawBody: fixtureText('syncaty', 'order.json'),
    });
    expect(sent.status).toBe(202);
    expect(sent.body.data).toMatchObject({ received: 1, promoted: 1, failed: 0 });
    const item = sent.body.data.items[0];
    expect(item).toMatchObject({
      status: 'promoted',
      vendor_order_id: 'uuid',
      channel: 'api',
      attempts: 1,
      error: null,
    });

    const read = await app.call('GET', `/api/v1/orders/${item.order_id}`, { key: tenant.key });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      event_type: 'order.snapshot',
      organization_app_id: install.id,
      app_slug: 'syncaty-orders',
      order: {
        source_transaction_id: 'uuid',
        source_reference: 'ORD-12345',
        source_timestamp: '2024-01-15T10:30:00Z', // order_date: when it was placed
        destination_id: 'store_iv_1',
        store_name: 'Riyadh',
        order_status: 'delivered',
        total_amount: 599.99,
        skus: ['PWG-001', 'BA-002'],
        comment: 'Please gift wrap',
      },
    });
    // The same envelope in the list, beside API-created orders.
    const listed = await listOrders(app, tenant);
    expect(listed.map((order) => order.order.id)).toContain(item.order_id);
    expect(listed.find((order) => order.order.id === item.order_id)).toEqual({
      ...read.body,
      event_id: expect.any(String),
      occurred_at: expect.any(String),
    });
    // The vendor payload is kept server-side only.
    expect(read.text).not.toContain('salla_id');
  });

  it('takes an array and keeps each order apart (one bad item does not stop the others)', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'oms-orders');
    const body = `[${fixtureText('oms', 'order.json')}, ${fixtureText('oms', 'order-kwd-refunded.json')}, {"id":"ord_bad","number":"X","status":"lost","currency":"USD","total_amount":1}]`;
    const sent = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
      key: tenant.key,
      rawBody: body,
    });
    expect(sent.status).toBe(202);
    expect(sent.body.data).toMatchObject({ received: 3, promoted: 2, failed: 1 });
    expect(sent.body.data.items.map((item: any) => item.status)).toEqual(['promoted', 'promoted', 'failed']);
    expect(sent.body.data.items[2].error).toBe(
      'status: unknown OMS status "lost": map it with PUT /api/v1/apps/{id}/status-mappings, then retry',
    );
    const orders = await listOrders(app, tenant);
    expect(orders).toHaveLength(2);
    const kwd = orders.find((order) => order.order.currency === 'KWD').order;
    expect(kwd).toMatchObject({
      total_amount: 12.345,
      vat_amount: 0.585,
      order_code: 'BS-10031',
      payment_status: 'refunded',
    });
  });

  it('answers 400 for malformed JSON and 422 for empty or oversized batches, storing nothing', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'oms-orders');
    const path = `/api/v1/apps/${install.id}/orders`;
    expect((await app.call('POST', path, { key: tenant.key, rawBody: '{"id":' })).status).toBe(400);
    expect((await app.call('POST', path, { key: tenant.key, rawBody: '[]' })).status).toBe(422);
    expect((await app.call('POST', path, { key: tenant.key, rawBody: '42' })).status).toBe(422);
    const tooMany = `[${Array.from({ length: 1001 }, () => '{}').join(',')}]`;
    expect((await app.call('POST', path, { key: tenant.key, rawBody: tooMany })).status).toBe(422);
    const intake = await app.call('GET', `/api/v1/apps/${install.id}/intake`, { key: tenant.key });
    expect(intake.body.pagination.total_items).toBe(0);
  });

  it('updates one order when the same vendor order arrives again, and ignores older versions', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'oms-orders');
    const send = (changes: Record<string, unknown>) =>
      app.call('POST', `/api/v1/apps/${install.id}/orders`, {
        key: tenant.key,
        rawBody: JSON.stringify({ ...JSON.parse(fixtureText('oms', 'order.json')), ...changes }),
      });
    const first = await send({ updated_at: '2025-01-02T10:00:00Z' });
    const orderId = first.body.data.items[0].order_id;
    const newer = await send({
      status: 'shipped',
      tracking_number: '7946',
      updated_at: '2025-01-03T10:00:00Z',
    });
    expect(newer.body.data.items[0]).toMatchObject({ status: 'promoted', order_id: orderId });
    const older = await send({ status: 'cancelled', updated_at: '2025-01-02T12:00:00Z' });
    expect(older.body.data.items[0]).toMatchObject({ status: 'stale', order_id: orderId });
    const again = await send({
      status: 'shipped',
      tracking_number: '7946',
      updated_at: '2025-01-03T10:00:00Z',
    });
    expect(again.body.data.items[0]).toMatchObject({ status: 'promoted', order_id: orderId });

    const orders = await listOrders(app, tenant);
    expect(orders).toHaveLength(1);
    expect(orders[0].order).toMatchObject({
      id: orderId,
      order_status: 'shipped',
      // When the order was placed (decision 0161); versions were ordered by updated_at.
      source_timestamp: '2025-01-02T09:41:07Z',
      shipping_fulfillment: { shipping_method: 'fedex_ground', tracking_number: '7946' },
      order_code: 'BS-10024',
    });
  });

  it('keeps a payload that fails in intake as failed, and promotes it on retry once the cause is fixed', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'syncaty-orders');
    const { currency: _currency, ...withoutCurrency } = JSON.parse(fixtureText('syncaty', 'order.json'));
    const sent = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
      key: tenant.key,
      body: withoutCurrency,
    });
    expect(sent.status).toBe(202);
    const item = sent.body.data.items[0];
    expect(item).toMatchObject({
      status: 'failed',
      order_id: null,
      error: 'currency: is missing and the install has no config.default_currency',
    });
    expect(await listOrders(app, tenant)).toEqual([]);

    const failed = await app.call('GET', `/api/v1/apps/${install.id}/intake?status=failed`, {
      key: tenant.key,
    });
    expect(failed.body.data.map((row: any) => row.id)).toEqual([item.id]);
    expect(failed.body.data[0]).not.toHaveProperty('payload');

    const stillFailing = await app.call('POST', `/api/v1/apps/${install.id}/intake/${item.id}/retry`, {
      key: tenant.key,
    });
    expect(stillFailing.body.data).toMatchObject({ status: 'failed', attempts: 2 });

    await app.call('PATCH', `/api/v1/apps/${install.id}`, {
      key: tenant.key,
      body: { config: { default_currency: 'SAR' } },
    });
    const retried = await app.call('POST', `/api/v1/apps/${install.id}/intake/${item.id}/retry`, {
      key: tenant.key,
    });
    expect(retried.status).toBe(200);
    expect(retried.body.data).toMatchObject({
      status: 'promoted',
      attempts: 3,
      error: null,
      vendor_order_id: 'uuid',
    });
    const orders = await listOrders(app, tenant);
    expect(orders.map((order) => [order.order.id, order.order.currency])).toEqual([
      [retried.body.data.order_id, 'SAR'],
    ]);

    const nowFailed = await app.call('GET', `/api/v1/apps/${install.id}/intake?status=failed`, {
      key: tenant.key,
    });
    expect(nowFailed.body.data).toEqual([]);
    const again = await app.call('POST', `/api/v1/apps/${install.id}/intake/${item.id}/retry`, {
      key: tenant.key,
    });
    expect(again.status).toBe(409);
    const missing = await app.call('POST', `/api/v1/apps/${install.id}/intake/int_0000000000000000/retry`, {
      key: tenant.key,
    });
    expect(missing.status).toBe(404);
  });

  it('promotes generic payloads and keeps the vendor money text exact', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'generic-orders');
    const sent = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
      key: tenant.key,
      rawBody: fixtureText('generic', 'order.json'),
    });
    expect(sent.body.data.items[0].status).toBe('promoted');
    const orbit = await installApp(app, tenant, 'orbitkit-orders');
    const orbitSent = await app.call('POST', `/api/v1/apps/${orbit.id}/orders`, {
      key: tenant.key,
      rawBody: fixtureText('orbitkit', 'order.json'),
    });
    const order = (
      await app.call('GET', `/api/v1/orders/${orbitSent.body.data.items[0].order_id}`, { key: tenant.key })
    ).body;
    expect(order).toMatchObject({
      app_slug: 'orbitkit-orders',
      order: { total_amount: 21.49, delivery_fee: 4.49 },
    });
    expect(await listOrders(app, tenant)).toHaveLength(2);
  });
});
