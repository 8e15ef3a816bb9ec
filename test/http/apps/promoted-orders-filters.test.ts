import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { fixtureText } from '../../helpers/fixtures.js';
import { deliverSalla, installApp } from '../../helpers/integrations.js';
import { orderBody } from '../../helpers/orders.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

const ids = (response: { body: any }) => response.body.orders.map((row: any) => row.order.id);

describe('promoted orders in the list filters', () => {
  it('are found by platform source and source customer id, apart from API orders', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'salla-orders');
    const delivered = await deliverSalla(app, install, fixtureText('salla', 'webhook-order-created.json'));
    expect(delivered.status).toBe(200);
    const manual = await app.call('POST', '/api/v1/orders', { key: tenant.key, body: orderBody() });
    const all = await app.call('GET', '/api/v1/orders', { key: tenant.key });
    expect(all.body.orders).toHaveLength(2);
    const promotedId = all.body.orders.find((row: any) => row.app_slug === 'salla-orders').order.id;

    for (const source of ['salla', 'salla-orders', install.id]) {
      const bySource = await app.call('GET', `/api/v1/orders?source=${source}`, { key: tenant.key });
      expect(ids(bySource), source).toEqual([promotedId]);
    }
    const byManual = await app.call('GET', '/api/v1/orders?source=manual', { key: tenant.key });
    expect(ids(byManual)).toEqual([manual.body.data.id]);
    // The Salla customer's own id (customer.id in the webhook) is kept for the customer filter.
    const byCustomer = await app.call('GET', '/api/v1/orders?customer_id=1227534533', { key: tenant.key });
    expect(ids(byCustomer)).toEqual([promotedId]);
  });
});
