import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { fixtureText } from '../../helpers/fixtures.js';
import { installApp } from '../../helpers/integrations.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('app installs', () => {
  it('installs an app and shows its webhook secret only once', async () => {
    const tenant = await app.newTenant();
    const created = await app.call('POST', '/api/v1/apps', {
      key: tenant.key,
      body: {
        app_slug: 'salla-orders',
        name: 'Main store',
        destination_id: 'store_iv_1',
        store_name: 'Riyadh',
      },
    });
    expect(created.status).toBe(201);
    const install = created.body.data;
    expect(install).toMatchObject({
      id: expect.stringMatching(/^app_[0-9a-f]{16}$/),
      app_slug: 'salla-orders',
      name: 'Main store',
      destination_id: 'store_iv_1',
      store_name: 'Riyadh',
      config: {},
      webhook_secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/),
    });
    expect(install.webhook_url).toBe(`/webhooks/salla-orders/${install.id}`);

    const listed = await app.call('GET', '/api/v1/apps', { key: tenant.key });
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0]).not.toHaveProperty('webhook_secret');
    const one = await app.call('GET', `/api/v1/apps/${install.id}`, { key: tenant.key });
    expect(one.status).toBe(200);
    expect(one.text).not.toContain(install.webhook_secret);
  });

  it('refuses apps outside the catalog and bad config', async () => {
    const tenant = await app.newTenant();
    const unknown = await app.call('POST', '/api/v1/apps', {
      key: tenant.key,
      body: { app_slug: 'magento-orders' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details).toHaveProperty('app_slug');
    const badCurrency = await app.call('POST', '/api/v1/apps', {
      key: tenant.key,
      body: { app_slug: 'syncaty-orders', config: { default_currency: 'XYZ' } },
    });
    expect(badCurrency.status).toBe(422);
    expect(badCurrency.body.details).toEqual({
      'config.default_currency': 'XYZ is not an ISO 4217 currency code',
    });
  });

  it('changes config by merging keys, and uninstalls', async () => {
    const tenant = await app.newTenant();
    const install = await installApp(app, tenant, 'syncaty-orders', { store_name: 'Old' });
    const patched = await app.call('PATCH', `/api/v1/apps/${install.id}`, {
      key: tenant.key,
      body: { config: { default_currency: 'SAR' }, store_name: 'New' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ store_name: 'New', config: { default_currency: 'SAR' } });

    const removed = await app.call('DELETE', `/api/v1/apps/${install.id}`, { key: tenant.key });
    expect(removed.status).toBe(204);
    expect((await app.call('GET', `/api/v1/apps/${install.id}`, { key: tenant.key })).status).toBe(404);
    expect((await app.call('GET', '/api/v1/apps', { key: tenant.key })).body.data).toEqual([]);
    const intake = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
      key: tenant.key,
      rawBody: fixtureText('syncaty', 'order.json'),
    });
    expect(intake.status).toBe(404);
  });

  it('keeps installs and intake of one tenant invisible to another', async () => {
    const owner = await app.newTenant();
    const other = await app.newTenant();
    const install = await installApp(app, owner, 'syncaty-orders');
    const sent = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
      key: owner.key,
      rawBody: fixtureText('syncaty', 'order.json'),
    });
    const intakeId = sent.body.data.items[0].id;

    const attempts = [
      ['GET', `/api/v1/apps/${install.id}`],
      ['PATCH', `/api/v1/apps/${install.id}`],
      ['DELETE', `/api/v1/apps/${install.id}`],
      ['GET', `/api/v1/apps/${install.id}/intake`],
      ['POST', `/api/v1/apps/${install.id}/intake/${intakeId}/retry`],
      ['POST', `/api/v1/apps/${install.id}/orders`],
    ] as const;
    for (const [method, path] of attempts) {
      const response = await app.call(method, path, {
        key: other.key,
        ...(method === 'PATCH' ? { body: { name: 'x' } } : {}),
        ...(path.endsWith('/orders') ? { rawBody: fixtureText('syncaty', 'order.json') } : {}),
      });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect((await app.call('GET', '/api/v1/apps', { key: other.key })).body.data).toEqual([]);
    // The other tenant can't use the install id as an order source either.
    const order = await app.call('POST', '/api/v1/orders', {
      key: other.key,
      body: {
        source: install.id,
        products: [{ name: 'x', quantity: 1, price: 1 }],
        total_amount: 1,
        currency: 'SAR',
      },
    });
    expect(order.status).toBe(422);
    // And the owner's install still works.
    expect(
      (await app.call('GET', `/api/v1/apps/${install.id}/intake`, { key: owner.key })).body.data,
    ).toHaveLength(1);
  });

  it('needs a key, and order:write to change installs', async () => {
    const tenant = await app.newTenant();
    const readOnly = await tenant.issueKey({ scopes: ['order:read'] });
    expect((await app.call('GET', '/api/v1/apps')).status).toBe(401);
    const refused = await app.call('POST', '/api/v1/apps', {
      key: readOnly.key,
      body: { app_slug: 'salla-orders' },
    });
    expect(refused.status).toBe(403);
    expect((await app.call('GET', '/api/v1/apps', { key: readOnly.key })).status).toBe(200);
  });
});
