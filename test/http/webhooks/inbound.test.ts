import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { fixtureText } from '../../helpers/fixtures.js';
import {
  deliverSalla,
  deliverStandard,
  installApp,
  listOrders,
  type TestInstall,
} from '../../helpers/integrations.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

async function intakeCount(tenant: TestTenant, install: TestInstall): Promise<number> {
  const response = await app.call('GET', `/api/v1/apps/${install.id}/intake`, { key: tenant.key });
  return response.body.pagination.total_items;
}

/** A Salla webhook body for the fixture order with a given event time and status slug. */
function sallaEvent(event: string, createdAt: string, slug: string, orderId = 1821237697): string {
  const body = JSON.parse(fixtureText('salla', 'webhook-order-created.json'));
  body.event = event;
  body.created_at = createdAt;
  body.data.id = orderId;
  body.data.status = { id: 1, name: 'حالة', slug };
  return JSON.stringify(body);
}

describe('POST /webhooks/salla-orders/{install_id}', () => {
  it('stores and promotes a correctly signed delivery', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'salla-orders', { store_name: 'Salla store' });
    const response = await deliverSalla(app, install, fixtureText('salla', 'webhook-order-created.json'));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      received: true,
      intake_id: expect.stringMatching(/^int_/),
      status: 'promoted',
    });

    const [order] = await listOrders(app, tenant);
    expect(order).toMatchObject({
      organization_app_id: install.id,
      app_slug: 'salla-orders',
      order: {
        source_transaction_id: '1821237697',
        source_reference: '92675001',
        source_timestamp: '2021-06-30T09:16:25Z', // the event's time, GMT+0300
        total_amount: 343.75,
        customer_name: 'Ahmed Hassan',
        store_name: 'Salla store',
        skus: ['TS-BLK-L', 'MUG-01'],
      },
    });
    const [row] = (await app.call('GET', `/api/v1/apps/${install.id}/intake`, { key: tenant.key })).body.data;
    expect(row).toMatchObject({ channel: 'webhook', event_type: 'order.created', status: 'promoted' });
  });

  it.each([
    ['a wrong secret', (body: string) => ({ body, secret: 'whsec_not-the-secret' })],
    ['a tampered body', (body: string) => ({ body: body.replace('343.75', '3.75'), signBody: body })],
    ['no signature header', (body: string) => ({ body, headers: {} })],
    ['the token strategy', (body: string) => ({ body, headers: { 'x-salla-security-strategy': 'Token' } })],
  ] as const)('refuses %s with 401 and stores nothing', async (_name, build) => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'salla-orders');
    const spec: { body: string; secret?: string; signBody?: string; headers?: Record<string, string> } =
      build(fixtureText('salla', 'webhook-order-created.json'));
    const { sallaSignature } = await import('../../../src/integrations/webhook-signature.js');
    const headers = spec.headers ?? {
      'x-salla-signature': sallaSignature(spec.secret ?? install.secret, spec.signBody ?? spec.body),
    };
    const response = await app.call('POST', install.webhookUrl, { rawBody: spec.body, headers });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({
      code: 401,
      error: 'INVALID_SIGNATURE',
      details: { reason: expect.any(String) },
    });
    expect(await listOrders(app, tenant)).toEqual([]);
    expect(await intakeCount(tenant, install)).toBe(0);
  });

  it('answers 404 for an unknown install, another app slug, or an uninstalled app', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'salla-orders');
    const body = fixtureText('salla', 'webhook-order-created.json');
    expect(
      (
        await deliverSalla(
          app,
          { ...install, webhookUrl: '/webhooks/salla-orders/app_0000000000000000' },
          body,
        )
      ).status,
    ).toBe(404);
    expect(
      (await deliverSalla(app, { ...install, webhookUrl: `/webhooks/syncaty-orders/${install.id}` }, body))
        .status,
    ).toBe(404);
    await app.call('DELETE', `/api/v1/apps/${install.id}`, { key: tenant.key });
    expect((await deliverSalla(app, install, body)).status).toBe(404);
  });

  it('turns duplicate and out-of-order deliveries into one order at its newest state', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'salla-orders');
    const created = sallaEvent('order.created', '2024-05-01 10:00:00', 'under_review');
    const shipped = sallaEvent('order.status.updated', '2024-05-02 09:00:00', 'shipped');
    const inProgress = sallaEvent('order.status.updated', '2024-05-01 15:00:00', 'in_progress');

    expect((await deliverSalla(app, install, created)).body.status).toBe('promoted');
    expect((await deliverSalla(app, install, created)).body.status).toBe('promoted'); // redelivery: no change
    expect((await deliverSalla(app, install, shipped)).body.status).toBe('promoted');
    expect((await deliverSalla(app, install, inProgress)).body.status).toBe('stale'); // arrived late

    const orders = await listOrders(app, tenant);
    expect(orders).toHaveLength(1);
    expect(orders[0].order).toMatchObject({
      order_status: 'shipped',
      source_timestamp: '2024-05-02T06:00:00Z', // 09:00 Riyadh
    });
    expect(await intakeCount(tenant, install)).toBe(4); // every delivery is kept

    // Two concurrent first deliveries of a new order still make one order.
    const parallel = sallaEvent('order.created', '2024-05-03 10:00:00', 'under_review', 42);
    const answers = await Promise.all([1, 2, 3].map(() => deliverSalla(app, install, parallel)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(await listOrders(app, tenant)).toHaveLength(2);
  });

  it('keeps events that carry no order, without promoting them', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'salla-orders');
    const body = JSON.stringify({
      event: 'app.installed',
      merchant: 1,
      created_at: '2024-05-01 10:00:00',
      data: { id: 5 },
    });
    const response = await deliverSalla(app, install, body);
    expect(response.body.status).toBe('skipped');
    expect(await listOrders(app, tenant)).toEqual([]);
    expect(await intakeCount(tenant, install)).toBe(1);
  });

  it('keeps a signed delivery that cannot be normalized as failed, still answering 200', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'salla-orders');
    const response = await deliverSalla(
      app,
      install,
      sallaEvent('order.updated', '2024-05-01 10:00:00', 'teleported'),
    );
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('failed');
    const [row] = (
      await app.call('GET', `/api/v1/apps/${install.id}/intake?status=failed`, { key: tenant.key })
    ).body.data;
    expect(row.error).toBe('status.slug: unknown Salla status "teleported"');
  });
});

describe('POST /webhooks/{app_slug}/{install_id} with Standard Webhooks signatures', () => {
  it('accepts signed Syncaty, Orbitkit and OMS deliveries', async () => {
    const tenant = await app.newTenant();
    const cases = [
      ['syncaty-orders', JSON.parse(fixtureText('syncaty', 'order.json'))],
      ['orbitkit-orders', JSON.parse(fixtureText('orbitkit', 'order.json'))],
      ['oms-orders', JSON.parse(fixtureText('oms', 'order.json'))],
    ] as const;
    for (const [slug, order] of cases) {
      const install = await installApp(app, tenant, slug);
      const response = await deliverStandard(app, install, 'order.created', order);
      expect(response.status, slug).toBe(200);
      expect(response.body.status, slug).toBe('promoted');
    }
    const orders = await listOrders(app, tenant);
    expect(orders.map((order) => order.app_slug).sort()).toEqual([
      'oms-orders',
      'orbitkit-orders',
      'syncaty-orders',
    ]);
  });

  it('refuses a wrong secret, a missing signature and a stale timestamp', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'oms-orders');
    const order = JSON.parse(fixtureText('oms', 'order.json'));
    const wrong = await deliverStandard(app, install, 'order.created', order, {
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    expect(wrong.status).toBe(401);
    const unsigned = await app.call('POST', install.webhookUrl, {
      body: { type: 'order.created', data: order },
    });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.details).toEqual({ reason: 'missing_signature' });
    const { signatureHeaders } = await import('../../../src/webhooks/signature.js');
    const body = JSON.stringify({ type: 'order.created', data: order });
    const old = await app.call('POST', install.webhookUrl, {
      rawBody: body,
      headers: signatureHeaders('msg_1', body, [install.secret], new Date(Date.now() - 3_600_000)),
    });
    expect(old.status).toBe(401);
    expect(old.body.details).toEqual({ reason: 'timestamp_out_of_tolerance' });
    expect(await listOrders(app, tenant)).toEqual([]);
    expect(await intakeCount(tenant, install)).toBe(0);
  });
});
