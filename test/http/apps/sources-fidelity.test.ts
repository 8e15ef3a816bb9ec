/**
 * Issue 19 over HTTP on real storage: Salla's documented envelopes accepted as sent, payment read from
 * the payment method, the vendor's placed time and own status kept, and a merchant's status mapping
 * taking a failed intake row to promoted (fail → map → retry → promoted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64BodySignature } from '../../../src/integrations/webhook-signature.js';
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

describe('Salla orders as Salla documents them', () => {
  it('takes a list page and an order details response as sent, reading payment from the method', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'salla-orders');
    const page = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
      key: tenant.key,
      rawBody: fixtureText('salla', 'order-list.json'),
    });
    expect(page.status).toBe(202);
    expect(page.body.data).toMatchObject({ received: 2, promoted: 2, failed: 0 });
    const details = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
      key: tenant.key,
      rawBody: fixtureText('salla', 'order-details-cod.json'),
    });
    expect(details.body.data).toMatchObject({ received: 1, promoted: 1, failed: 0 });

    const orders = await listOrders(app, tenant);
    const byId = new Map(orders.map((envelope) => [envelope.order.source_transaction_id, envelope.order]));
    // A bank transfer under review and a cash-on-delivery order in progress: neither is paid yet.
    expect(byId.get('1017120475')).toMatchObject({
      payment_method: 'bank',
      payment_status: 'pending',
      source_timestamp: '2022-06-16T11:48:20Z', // placed in 2022, not "today"
      source_status: { code: '986688842', name: 'بإنتظار المراجعة', parent_code: 'under_review' },
    });
    expect(byId.get('1473353380')).toMatchObject({
      payment_method: 'cod',
      payment_status: 'pending',
      customer_name: 'سارة العتيبي',
      receiver_name: 'نورة العتيبي',
      subtotal: 86.96,
      vat_amount: 13.04,
      shipping_fulfillment: { carrier: 'أرامكس', shipment_id: '362985662' },
    });
    expect(byId.get('1473353380')?.shipping_fulfillment).not.toHaveProperty('tracking_number');
  });

  it('lists and filters by placed time, while from / to stay on created', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'salla-orders');
    const row = JSON.parse(fixtureText('salla', 'order-list.json')).data[0];
    const placed = (id: number, date: string) => ({
      ...row,
      id,
      date: { date, timezone_type: 3, timezone: 'Asia/Riyadh' },
    });
    const sent = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
      key: tenant.key,
      body: [
        placed(1, '2022-06-16 14:48:20'),
        placed(2, '2024-01-01 00:30:00'),
        placed(3, '2023-03-01 12:00:00'),
      ],
    });
    expect(sent.body.data.promoted).toBe(3);
    const manual = await app.call('POST', '/api/v1/orders', {
      key: tenant.key,
      body: {
        source: 'manual',
        currency: 'SAR',
        total_amount: 10,
        products: [{ name: 'x', quantity: 1, price: 10 }],
      },
    });
    expect(manual.status).toBe(201);
    const ids = (response: {
      body: { orders: Array<{ order: { source_transaction_id: string | null } }> };
    }) => response.body.orders.map((envelope) => envelope.order.source_transaction_id);

    const bySort = await app.call('GET', '/api/v1/orders?sort=placed', { key: tenant.key });
    expect(bySort.status).toBe(200);
    expect(ids(bySort)).toEqual(['1', '3', '2', null]); // the manual order was placed when entered: now
    const newestFirst = await app.call('GET', '/api/v1/orders?sort=-placed&limit=2', { key: tenant.key });
    expect(ids(newestFirst)).toEqual([null, '2']);

    // 2024-01-01 00:30 in Riyadh is still 2023 in UTC.
    const in2023 = await app.call(
      'GET',
      '/api/v1/orders?placed_from=2023-01-01T00:00:00Z&placed_to=2023-12-31T23:59:59Z&sort=placed',
      { key: tenant.key },
    );
    expect(ids(in2023)).toEqual(['3', '2']);
    // The contract's from / to bound the Linkit creation time: all four were created just now.
    const createdToday = await app.call(
      'GET',
      `/api/v1/orders?from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`,
      { key: tenant.key },
    );
    expect(createdToday.body.orders).toHaveLength(4);
    const crossed = await app.call(
      'GET',
      '/api/v1/orders?placed_from=2024-01-01T00:00:00Z&placed_to=2023-01-01T00:00:00Z',
      { key: tenant.key },
    );
    expect(crossed.status).toBe(422);
    expect(crossed.body.details).toEqual({ placed_to: 'is earlier than placed_from' });
  });
});

describe('status mappings', () => {
  const customStatus = () => ({
    ...JSON.parse(fixtureText('salla', 'order-list.json')).data[0],
    id: 555,
    payment_method: 'mada',
    status: { id: 77, name: 'بانتظار التصنيع', slug: 'awaiting_production' },
  });

  it('fails an unmapped status naming it, and promotes it on retry once the merchant maps it', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'salla-orders');
    const sent = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
      key: tenant.key,
      body: customStatus(),
    });
    const item = sent.body.data.items[0];
    expect(item.status).toBe('failed');
    expect(item.error).toBe(
      'status.slug: unknown Salla status "awaiting_production" (بانتظار التصنيع): map it with PUT /api/v1/apps/{id}/status-mappings, then retry',
    );
    const path = `/api/v1/apps/${install.id}/status-mappings`;
    expect((await app.call('GET', path, { key: tenant.key })).body).toEqual({ success: true, data: [] });

    const mapped = await app.call('PUT', path, {
      key: tenant.key,
      body: {
        mappings: [
          {
            vendor_status: 'awaiting_production',
            order_status: 'preparing',
            fulfillment_status: 'processing',
          },
        ],
      },
    });
    expect(mapped.status).toBe(200);
    expect(mapped.body.data).toEqual([
      {
        vendor_status: 'awaiting_production',
        order_status: 'preparing',
        payment_status: null,
        fulfillment_status: 'processing',
      },
    ]);
    expect((await app.call('GET', path, { key: tenant.key })).body.data).toEqual(mapped.body.data);

    const retried = await app.call('POST', `/api/v1/apps/${install.id}/intake/${item.id}/retry`, {
      key: tenant.key,
    });
    expect(retried.status).toBe(200);
    expect(retried.body.data).toMatchObject({ status: 'promoted', attempts: 2, error: null });
    const order = await app.call('GET', `/api/v1/orders/${retried.body.data.order_id}`, { key: tenant.key });
    expect(order.body.order).toMatchObject({
      order_status: 'preparing',
      fulfillment_status: 'processing',
      payment_status: 'paid', // mada, not pending: the mapping left payment to the source's rule
      source_status: { code: 'awaiting_production', name: 'بانتظار التصنيع', parent_code: null },
    });

    // A new delivery in that status promotes straight away; removing the mapping fails the next one.
    const next = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
      key: tenant.key,
      body: { ...customStatus(), id: 556 },
    });
    expect(next.body.data.items[0].status).toBe('promoted');
    await app.call('PUT', path, { key: tenant.key, body: { mappings: [] } });
    const unmapped = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
      key: tenant.key,
      body: { ...customStatus(), id: 557 },
    });
    expect(unmapped.body.data.items[0].status).toBe('failed');
  });

  it('refuses mappings that name nothing, repeat a status or name an unknown canonical status', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'salla-orders');
    const path = `/api/v1/apps/${install.id}/status-mappings`;
    const put = (mappings: unknown[]) => app.call('PUT', path, { key: tenant.key, body: { mappings } });
    const empty = await put([{ vendor_status: 'x' }]);
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({
      code: 422,
      error: 'Validation failed',
      details: { 'mappings[0]': 'must name order_status, payment_status or fulfillment_status' },
    });
    const twice = await put([
      { vendor_status: 'x', order_status: 'ready' },
      { vendor_status: 'x', order_status: 'shipped' },
    ]);
    expect(twice.body.details).toEqual({ 'mappings[1].vendor_status': '"x" is mapped twice' });
    expect((await put([{ vendor_status: 'x', order_status: 'teleported' }])).status).toBe(422);
    expect((await app.call('GET', path, { key: tenant.key })).body.data).toEqual([]); // nothing written
  });

  it('keeps one tenant’s mappings away from another, and needs order:write to change them', async () => {
    const owner = await app.newTenant();
    const other = await app.newTenant();
    const install = await installApp(app, owner, 'salla-orders');
    const path = `/api/v1/apps/${install.id}/status-mappings`;
    expect((await app.call('GET', path, { key: other.key })).status).toBe(404);
    const body = { mappings: [{ vendor_status: 'x', order_status: 'ready' }] };
    expect((await app.call('PUT', path, { key: other.key, body })).status).toBe(404);
    expect((await app.call('GET', path, {})).status).toBe(401);
  });
});

describe('Shopify and WooCommerce webhooks', () => {
  it.each([
    ['shopify-orders', 'shopify', 'order-cod.json', 'x-shopify-hmac-sha256'],
    ['woocommerce-orders', 'woocommerce', 'order-cod-partially-refunded.json', 'x-wc-webhook-signature'],
  ])(
    '%s: a signed order body is promoted; a wrong or missing signature is refused, storing nothing',
    async (slug, source, file, name) => {
      const tenant = await app.newTenant();
      const install = await installApp(app, tenant, slug);
      const body = fixtureText(source, file);
      const signed = { [name]: base64BodySignature(install.secret, body) };
      const refused = await app.call('POST', install.webhookUrl, {
        rawBody: body,
        headers: { [name]: base64BodySignature('not-the-secret', body) },
      });
      expect(refused.status).toBe(401);
      expect((await app.call('POST', install.webhookUrl, { rawBody: body, headers: {} })).status).toBe(401);
      const accepted = await app.call('POST', install.webhookUrl, { rawBody: body, headers: signed });
      expect(accepted.status).toBe(200);
      expect(accepted.body.status).toBe('promoted');
      const [order] = await listOrders(app, tenant);
      expect(order).toMatchObject({ app_slug: slug, order: { payment_status: expect.any(String) } });
      const intake = await app.call('GET', `/api/v1/apps/${install.id}/intake`, { key: tenant.key });
      expect(intake.body.pagination.total_items).toBe(1); // the refused deliveries were not stored
    },
  );
});

describe('Zid webhooks', () => {
  it('promotes an order body sent to the URL carrying the install secret; refuses any other, storing nothing', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'zid-orders');
    const body = fixtureText('zid', 'order-cod-kwd.json');
    const wrong = await app.call('POST', `${install.webhookUrl}?token=not-the-secret`, { rawBody: body });
    expect(wrong.status).toBe(401);
    expect((await app.call('POST', install.webhookUrl, { rawBody: body })).status).toBe(401);
    const url = `${install.webhookUrl}?token=${encodeURIComponent(install.secret)}`;
    const accepted = await app.call('POST', url, { rawBody: body });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('promoted');
    const [order] = await listOrders(app, tenant);
    expect(order).toMatchObject({
      app_slug: 'zid-orders',
      order: { currency: 'KWD', total_amount: 12.345, payment_status: 'pending', payment_method: 'zid_cod' },
    });
    const intake = await app.call('GET', `/api/v1/apps/${install.id}/intake`, { key: tenant.key });
    expect(intake.body.pagination.total_items).toBe(1);
  });
});
