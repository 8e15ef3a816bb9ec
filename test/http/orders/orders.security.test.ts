import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { orderBody } from '../../helpers/orders.js';

let app: TestApp;
let tenant: TestTenant;
let orderId: string;

beforeAll(async () => {
  app = await startTestApp();
  tenant = await app.newTenant();
  const created = await app.call('POST', '/api/v1/orders', { key: tenant.key, body: orderBody() });
  orderId = created.body.data.id;
});
afterAll(async () => {
  await app.close();
});

const routes = () =>
  [
    { method: 'GET', path: '/api/v1/orders', scope: 'order:read' },
    { method: 'GET', path: '/api/v1/orders/export', scope: 'order:read' },
    { method: 'GET', path: `/api/v1/orders/${orderId}`, scope: 'order:read' },
    { method: 'POST', path: '/api/v1/orders', scope: 'order:write', body: orderBody() },
    { method: 'PUT', path: `/api/v1/orders/${orderId}`, scope: 'order:write', body: orderBody() },
    {
      method: 'PATCH',
      path: `/api/v1/orders/${orderId}/status`,
      scope: 'order:write',
      body: { status: 'confirmed' },
    },
    { method: 'DELETE', path: `/api/v1/orders/${orderId}`, scope: 'order:write' },
    { method: 'GET', path: `/api/v1/orders/${orderId}/history`, scope: 'order:read' },
    { method: 'POST', path: '/api/v1/orders/bulk', scope: 'order:write', body: [orderBody()] },
    {
      method: 'PATCH',
      path: '/api/v1/orders/bulk/status',
      scope: 'order:write',
      body: { updates: [{ id: orderId, status: 'confirmed' }] },
    },
    { method: 'DELETE', path: '/api/v1/orders/bulk', scope: 'order:write', body: { ids: [orderId] } },
  ] as const;

describe('another organization on the order routes', () => {
  it("answers 404 for another tenant's order on every route naming one, and changes nothing", async () => {
    const other = await app.newTenant();
    const before = await app.call('GET', `/api/v1/orders/${orderId}`, { key: tenant.key });
    for (const route of routes().filter((route) => route.path.includes(orderId))) {
      const response = await app.call(route.method, route.path, {
        key: other.key,
        body: 'body' in route ? route.body : undefined,
      });
      expect(response.status, `${route.method} ${route.path}`).toBe(404);
      expect(response.body).toEqual({ code: 404, error: 'Order not found', details: { id: orderId } });
    }
    for (const route of routes().filter(
      (route) => route.path.includes('/bulk/') || route.path.endsWith('/bulk'),
    )) {
      if (route.method === 'POST') {
        continue; // bulk create names no existing order
      }
      const response = await app.call(route.method, route.path, {
        key: other.key,
        body: 'body' in route ? route.body : undefined,
      });
      expect(response.body.data, `${route.method} ${route.path}`).toEqual({
        succeeded: 0,
        failed: 1,
        errors: { [orderId]: 'Order not found' },
        // The same keys as `errors`; the order id is the key, so nothing else is left to say.
        error_details: { [orderId]: {} },
      });
    }
    const after = await app.call('GET', `/api/v1/orders/${orderId}`, { key: tenant.key });
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
  });

  it('checks authentication before validation', async () => {
    const response = await app.call('POST', '/api/v1/orders', { body: { nonsense: true } });
    expect(response.status).toBe(401);
  });
});

describe('X-Organization-ID', () => {
  it('switches to another organization where the key’s account is a member', async () => {
    const other = await app.newTenant();
    const { createTenantsRepository } = await import('../../../src/storage/tenants-repository.js');
    await createTenantsRepository(app.database.db).upsertMembership(
      other.organizationId,
      tenant.accountId,
      'member',
    );
    const created = await app.call('POST', '/api/v1/orders', {
      key: tenant.key,
      body: orderBody(),
      headers: { 'x-organization-id': other.organizationId },
    });
    expect(created.status).toBe(201);
    const asOther = await app.call('GET', `/api/v1/orders/${created.body.data.id}`, { key: other.key });
    expect(asOther.status).toBe(200);
    expect(asOther.body.organization_id).toBe(other.organizationId);
    const asHome = await app.call('GET', `/api/v1/orders/${created.body.data.id}`, { key: tenant.key });
    expect(asHome.status).toBe(404);
  });

  it('is refused with 403 where the account is not a member, or the organization does not exist', async () => {
    const stranger = await app.newTenant();
    for (const organizationId of [stranger.organizationId, 'org_doesnotexist']) {
      const response = await app.call('GET', '/api/v1/orders', {
        key: tenant.key,
        headers: { 'x-organization-id': organizationId },
      });
      expect(response.status).toBe(403);
      expect(response.body).toEqual({
        code: 403,
        error: 'Organization not accessible',
        details: { organization_id: organizationId },
      });
    }
  });

  it('naming the key’s own organization changes nothing', async () => {
    const response = await app.call('GET', '/api/v1/orders', {
      key: tenant.key,
      headers: { 'x-organization-id': tenant.organizationId },
    });
    expect(response.status).toBe(200);
  });
});
