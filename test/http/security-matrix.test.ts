/**
 * One security suite for every route (issue 17), driven by the routes the service documents: each
 * operation of the OpenAPI document must be classified below, so a new route cannot be forgotten. Every
 * keyed route × {no key, unknown key, revoked key, expired key, a key without the route's scope, an
 * `X-Organization-ID` the key's account is not a member of}; every route naming a tenant's resource ×
 * another organization's key; the owner-only routes × a key without the owner role.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/domain/tenant.js';
import { startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { fixtureText } from '../helpers/fixtures.js';
import { installApp } from '../helpers/integrations.js';
import { createOrder, orderBody } from '../helpers/orders.js';

let app: TestApp;
let owner: TestTenant;
let other: TestTenant;

/** The ids of the owner's resources that the routes name. */
const ids = { order: '', install: '', intake: '', webhook: '', delivery: '', key: '' };

interface RouteCase {
  /** Null: not authenticated by an API key (vendor webhooks are signed by the install's secret). */
  scope: Scope | null;
  /** Managing keys needs the owner role beside the scope (decision 0180). */
  ownerOnly?: boolean;
  /** The request naming the owner's resources (a valid body, so only authorization can refuse it). */
  request: () => { path: string; body?: unknown };
  /** True when the path names a resource of the organization: another organization gets a 404. */
  namesResource?: boolean;
}

const read = (path: () => string, namesResource = false): RouteCase => ({
  scope: 'order:read',
  request: () => ({ path: path() }),
  namesResource,
});
const write = (path: () => string, body?: () => unknown, namesResource = false): RouteCase => ({
  scope: 'order:write',
  request: () => ({ path: path(), body: body?.() }),
  namesResource,
});

const ROUTES: Record<string, RouteCase> = {
  'GET /api/v1/me': read(() => '/api/v1/me'),
  'POST /api/v1/organizations': write(
    () => '/api/v1/organizations',
    () => ({ name: 'Another shop' }),
  ),
  'POST /api/v1/keys': {
    ...write(
      () => '/api/v1/keys',
      () => ({ name: 'k', scopes: ['order:read'] }),
    ),
    ownerOnly: true,
  },
  'GET /api/v1/keys': { ...read(() => '/api/v1/keys'), ownerOnly: true },
  'DELETE /api/v1/keys/{id}': { ...write(() => `/api/v1/keys/${ids.key}`, undefined, true), ownerOnly: true },
  'POST /api/v1/keys/{id}/rotate': {
    ...write(
      () => `/api/v1/keys/${ids.key}/rotate`,
      () => ({}),
      true,
    ),
    ownerOnly: true,
  },
  'POST /api/v1/orders': write(
    () => '/api/v1/orders',
    () => orderBody(),
  ),
  'GET /api/v1/orders': read(() => '/api/v1/orders'),
  'GET /api/v1/orders/{id}': read(() => `/api/v1/orders/${ids.order}`, true),
  'PUT /api/v1/orders/{id}': write(
    () => `/api/v1/orders/${ids.order}`,
    () => orderBody(),
    true,
  ),
  'DELETE /api/v1/orders/{id}': write(() => `/api/v1/orders/${ids.order}`, undefined, true),
  'PATCH /api/v1/orders/{id}/status': write(
    () => `/api/v1/orders/${ids.order}/status`,
    () => ({ status: 'confirmed' }),
    true,
  ),
  'POST /api/v1/orders/bulk': write(
    () => '/api/v1/orders/bulk',
    () => [orderBody()],
  ),
  'DELETE /api/v1/orders/bulk': write(
    () => '/api/v1/orders/bulk',
    () => ({ ids: [ids.order] }),
  ),
  'PATCH /api/v1/orders/bulk/status': write(
    () => '/api/v1/orders/bulk/status',
    () => ({ updates: [{ id: ids.order, status: 'confirmed' }] }),
  ),
  'GET /api/v1/orders/{id}/history': read(() => `/api/v1/orders/${ids.order}/history`, true),
  'GET /api/v1/orders/export': read(() => '/api/v1/orders/export'),
  'GET /api/v1/orders/changes': read(() => '/api/v1/orders/changes'),
  'POST /api/v1/webhooks': write(
    () => '/api/v1/webhooks',
    () => ({ url: 'https://93.184.216.35/hooks', events: ['*'] }),
  ),
  'GET /api/v1/webhooks': read(() => '/api/v1/webhooks'),
  'GET /api/v1/webhooks/{id}': read(() => `/api/v1/webhooks/${ids.webhook}`, true),
  'PATCH /api/v1/webhooks/{id}': write(
    () => `/api/v1/webhooks/${ids.webhook}`,
    () => ({ description: 'changed' }),
    true,
  ),
  'DELETE /api/v1/webhooks/{id}': write(() => `/api/v1/webhooks/${ids.webhook}`, undefined, true),
  'POST /api/v1/webhooks/{id}/rotate-secret': write(
    () => `/api/v1/webhooks/${ids.webhook}/rotate-secret`,
    () => ({}),
    true,
  ),
  'GET /api/v1/webhooks/{id}/deliveries': read(() => `/api/v1/webhooks/${ids.webhook}/deliveries`, true),
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': write(
    () => `/api/v1/webhooks/${ids.webhook}/deliveries/${ids.delivery}/redeliver`,
    undefined,
    true,
  ),
  'POST /api/v1/apps': write(
    () => '/api/v1/apps',
    () => ({ app_slug: 'generic-orders' }),
  ),
  'GET /api/v1/apps': read(() => '/api/v1/apps'),
  'GET /api/v1/apps/{install_id}': read(() => `/api/v1/apps/${ids.install}`, true),
  'PATCH /api/v1/apps/{install_id}': write(
    () => `/api/v1/apps/${ids.install}`,
    () => ({ name: 'changed' }),
    true,
  ),
  'DELETE /api/v1/apps/{install_id}': write(() => `/api/v1/apps/${ids.install}`, undefined, true),
  'GET /api/v1/apps/{install_id}/intake': read(() => `/api/v1/apps/${ids.install}/intake`, true),
  'POST /api/v1/apps/{install_id}/intake/{intake_id}/retry': write(
    () => `/api/v1/apps/${ids.install}/intake/${ids.intake}/retry`,
    undefined,
    true,
  ),
  'POST /api/v1/apps/{install_id}/orders': write(
    () => `/api/v1/apps/${ids.install}/orders`,
    () => JSON.parse(fixtureText('generic', 'order.json')),
    true,
  ),
  'GET /api/v1/apps/{install_id}/status-mappings': read(
    () => `/api/v1/apps/${ids.install}/status-mappings`,
    true,
  ),
  'PUT /api/v1/apps/{install_id}/status-mappings': write(
    () => `/api/v1/apps/${ids.install}/status-mappings`,
    () => ({ mappings: [] }),
    true,
  ),
  'PUT /api/v1/apps/{install_id}/credentials': write(
    () => `/api/v1/apps/${ids.install}/credentials`,
    () => ({ credentials: {} }),
    true,
  ),
  'GET /api/v1/apps/{install_id}/sync': read(() => `/api/v1/apps/${ids.install}/sync`, true),
  'POST /api/v1/apps/{install_id}/sync': write(
    () => `/api/v1/apps/${ids.install}/sync`,
    () => ({}),
    true,
  ),
  'PATCH /api/v1/apps/{install_id}/sync': write(
    () => `/api/v1/apps/${ids.install}/sync`,
    () => ({ schedule_minutes: 10 }),
    true,
  ),
  'PUT /api/v1/inventory/{sku}': write(
    () => '/api/v1/inventory/SKU-1',
    () => ({ on_hand: 1 }),
  ),
  'GET /api/v1/inventory/{sku}': read(() => '/api/v1/inventory/SKU-1'),
  'POST /api/v1/inventory/bulk': write(
    () => '/api/v1/inventory/bulk',
    () => [{ sku: 'SKU-1', on_hand: 1 }],
  ),
  'GET /api/v1/inventory': read(() => '/api/v1/inventory'),
  'POST /webhooks/{app_slug}/{install_id}': {
    scope: null,
    request: () => ({ path: `/webhooks/generic-orders/${ids.install}`, body: {} }),
  },
};

const keyed = () => Object.entries(ROUTES).filter(([, route]) => route.scope !== null);

function call(route: RouteCase, options: { key?: string; headers?: Record<string, string> }) {
  const [method] =
    Object.entries(ROUTES)
      .find(([, candidate]) => candidate === route)?.[0]
      .split(' ') ?? [];
  const { path, body } = route.request();
  return app.call(method as string, path, { ...options, body });
}

beforeAll(async () => {
  app = await startTestApp();
  owner = await app.newTenant();
  other = await app.newTenant();
  ids.order = await createOrder(app, owner.key);
  const install = await installApp(app, owner, 'generic-orders');
  ids.install = install.id;
  const captured = await app.call('POST', `/api/v1/apps/${install.id}/orders`, {
    key: owner.key,
    rawBody: fixtureText('generic', 'order.json'),
  });
  ids.intake = captured.body.data.items[0].id;
  const webhook = await app.call('POST', '/api/v1/webhooks', {
    key: owner.key,
    body: { url: 'https://93.184.216.35/hooks', events: ['*'] },
  });
  ids.webhook = webhook.body.data.id;
  await createOrder(app, owner.key); // an event for the subscription: one delivery
  const [delivery] = (await app.call('GET', `/api/v1/webhooks/${ids.webhook}/deliveries`, { key: owner.key }))
    .body.data;
  ids.delivery = delivery.id;
  ids.key = (await owner.issueKey()).id;
});
afterAll(async () => {
  await app.close();
});

describe('the security suite covers every route', () => {
  it('classifies every operation the service documents, and only those', async () => {
    const document = (await app.call('GET', '/api/v1/openapi.json')).body;
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) =>
        Object.keys(methods)
          .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
          .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(Object.keys(ROUTES).sort());
    for (const [name, route] of Object.entries(ROUTES)) {
      expect(Object.values(ids).every(Boolean), name).toBe(true);
      expect(route.request().path, name).not.toMatch(/[{}]|\/\//);
    }
  });

  it('refuses every keyed route without a key, with an unknown, revoked or expired key', async () => {
    const revoked = await owner.issueKey();
    const expired = await owner.issueKey({ expiresAt: new Date(Date.now() - 1000) });
    await app.call('DELETE', `/api/v1/keys/${revoked.id}`, { key: owner.key });
    await expect
      .poll(async () => (await app.call('GET', '/api/v1/orders', { key: revoked.key })).status)
      .toBe(401);
    const cases: Array<[string, { key?: string; headers?: Record<string, string> }]> = [
      ['missing_key', {}],
      ['malformed_authorization_header', { headers: { authorization: 'Basic abc' } }],
      ['unknown_key', { key: 'lk_not-a-real-key' }],
      ['revoked_key', { key: revoked.key }],
      ['expired_key', { key: expired.key }],
    ];
    for (const [name, route] of keyed()) {
      for (const [reason, options] of cases) {
        const response = await call(route, options);
        expect(response.status, `${name} ${reason}`).toBe(401);
        expect(response.body, `${name} ${reason}`).toEqual({
          code: 401,
          error: 'INVALID_AUTH',
          details: { reason },
        });
      }
    }
  });

  it('refuses a key without the route’s scope with 403', async () => {
    const readOnly = await owner.issueKey({ scopes: ['order:read'] });
    const writeOnly = await owner.issueKey({ scopes: ['order:write'] });
    for (const [name, route] of keyed()) {
      const response = await call(route, {
        key: route.scope === 'order:write' ? readOnly.key : writeOnly.key,
      });
      expect(response.status, name).toBe(403);
      expect(response.body, name).toEqual({
        code: 403,
        error: 'INSUFFICIENT_SCOPE',
        details: { required_scope: route.scope },
      });
    }
  });

  it('refuses an X-Organization-ID the key’s account is not a member of, on every keyed route', async () => {
    for (const [name, route] of keyed()) {
      const response = await call(route, {
        key: owner.key,
        headers: { 'x-organization-id': other.organizationId },
      });
      expect(response.status, name).toBe(403);
      expect(response.body, name).toEqual({
        code: 403,
        error: 'Organization not accessible',
        details: { organization_id: other.organizationId },
      });
    }
  });

  it('answers 404 to another organization naming this one’s resources, and changes nothing', async () => {
    const snapshot = async () =>
      app.database.db.execute(
        sql`select (select count(*) from orders where organization_id = ${owner.organizationId} and deleted_at is null) as orders,
          (select count(*) from organization_apps where organization_id = ${owner.organizationId} and deleted_at is null) as installs,
          (select count(*) from webhook_subscriptions where organization_id = ${owner.organizationId}) as webhooks,
          (select count(*) from api_keys where organization_id = ${owner.organizationId} and revoked_at is null) as keys,
          (select max(updated_at)::text from orders where organization_id = ${owner.organizationId}) as changed`,
      );
    const before = JSON.stringify(await snapshot());
    for (const [name, route] of Object.entries(ROUTES).filter(([, route]) => route.namesResource)) {
      const response = await call(route, { key: other.key });
      expect(response.status, name).toBe(404);
      expect(response.body, name).toMatchObject({ code: 404, error: expect.any(String) });
    }
    expect(JSON.stringify(await snapshot())).toBe(before);
  });

  it('refuses the owner-only routes to a key of an account that is not an owner', async () => {
    const member = await app.call('POST', '/api/v1/keys', {
      key: owner.key,
      body: { name: 'member', scopes: ['order:read', 'order:write'] },
    });
    expect(member.status).toBe(201);
    await app.database.db.execute(
      sql`update memberships set role = 'member' where organization_id = ${owner.organizationId}`,
    );
    try {
      for (const [name, route] of Object.entries(ROUTES).filter(([, route]) => route.ownerOnly)) {
        const response = await call(route, { key: member.body.data.secret });
        expect(response.status, name).toBe(403);
        expect(response.body, name).toMatchObject({ code: 403, error: 'INSUFFICIENT_ROLE' });
      }
    } finally {
      await app.database.db.execute(
        sql`update memberships set role = 'owner' where organization_id = ${owner.organizationId}`,
      );
    }
  });
});
