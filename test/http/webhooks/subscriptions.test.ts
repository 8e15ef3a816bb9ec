/**
 * The subscription API with the default (strict) target policy. No order is written for these
 * tenants, so no delivery is ever attempted to the public address used as a target.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';

const PUBLIC_TARGET = 'https://93.184.216.34/hooks/orders';

let app: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  app = await startTestApp();
  tenant = await app.newTenant();
});
afterAll(async () => {
  await app.close();
});

async function create(body: Record<string, unknown>, key = tenant.key) {
  return app.call('POST', '/api/v1/webhooks', { key, body: { active: false, ...body } });
}

describe('webhook subscriptions', () => {
  it('creates a subscription and shows its signing secret only in that answer', async () => {
    const created = await create({ url: PUBLIC_TARGET, description: 'ERP sync' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ success: true, data: { url: PUBLIC_TARGET, events: ['*'] } });
    const { data } = created.body;
    expect(data.id).toMatch(/^whk_[0-9a-f]{16}$/);
    expect(data.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(data).toMatchObject({ description: 'ERP sync', active: false, disabled_reason: null });

    const read = await app.call('GET', `/api/v1/webhooks/${data.id}`, { key: tenant.key });
    expect(read.status).toBe(200);
    expect(read.body.data).not.toHaveProperty('secret');
    const { secret: _secret, ...withoutSecret } = data;
    expect(read.body.data).toEqual(withoutSecret);
    const listed = await app.call('GET', '/api/v1/webhooks', { key: tenant.key });
    expect(listed.body.data.map((item: any) => item.id)).toContain(data.id);
    expect(listed.text).not.toContain(data.secret);
  });

  it('keeps the chosen event types, with * standing for all of them', async () => {
    const some = await create({ url: PUBLIC_TARGET, events: ['order.deleted', 'order.status_changed'] });
    expect(some.body.data.events).toEqual(['order.deleted', 'order.status_changed']);
    const all = await create({ url: PUBLIC_TARGET, events: ['order.created', '*'] });
    expect(all.body.data.events).toEqual(['*']);
    const unknown = await create({ url: PUBLIC_TARGET, events: ['order.shipped'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details).toHaveProperty('events[0]');
  });

  it('refuses private, loopback, link-local and non-https targets by default (SSRF)', async () => {
    const cases: Array<[string, RegExp]> = [
      ['https://127.0.0.1/hook', /127\.0\.0\.1 is not a public address/],
      ['https://localhost:8443/hook', /localhost resolves to .*not a public address/],
      ['https://10.0.0.5/hook', /not a public address/],
      ['https://192.168.1.10/hook', /not a public address/],
      ['https://169.254.169.254/latest/meta-data', /not a public address/],
      ['https://[::1]/hook', /::1 is not a public address/],
      ['https://[fd12::1]/hook', /not a public address/],
      ['http://93.184.216.34/hook', /must use https/],
      ['https://user:secret@93.184.216.34/hook', /must not contain credentials/],
      ['not a url', /is not an absolute URL/],
    ];
    for (const [url, message] of cases) {
      const refused = await create({ url });
      expect(refused.status, url).toBe(422);
      expect(refused.body.error).toBe('Validation failed');
      expect(refused.body.details.url, url).toMatch(message);
    }
  });

  it('changes url, events, description and active; refuses an unsafe url or an empty change', async () => {
    const { id } = (await create({ url: PUBLIC_TARGET })).body.data;
    const patched = await app.call('PATCH', `/api/v1/webhooks/${id}`, {
      key: tenant.key,
      body: { url: 'https://93.184.216.35/v2', events: ['order.updated'], description: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({
      url: 'https://93.184.216.35/v2',
      events: ['order.updated'],
      description: null,
      active: false,
    });
    const unsafe = await app.call('PATCH', `/api/v1/webhooks/${id}`, {
      key: tenant.key,
      body: { url: 'https://127.0.0.1/' },
    });
    expect(unsafe.status).toBe(422);
    const empty = await app.call('PATCH', `/api/v1/webhooks/${id}`, { key: tenant.key, body: {} });
    expect(empty.status).toBe(422);
    const unknownField = await app.call('PATCH', `/api/v1/webhooks/${id}`, {
      key: tenant.key,
      body: { secret: 'whsec_mine' },
    });
    expect(unknownField.status).toBe(422);
    expect(unknownField.body.details).toEqual({ secret: 'is not a known field' });
    const read = await app.call('GET', `/api/v1/webhooks/${id}`, { key: tenant.key });
    expect(read.body.data.url).toBe('https://93.184.216.35/v2');
  });

  it('rotates the secret with a bounded overlap', async () => {
    const { id, secret } = (await create({ url: PUBLIC_TARGET })).body.data;
    const rotated = await app.call('POST', `/api/v1/webhooks/${id}/rotate-secret`, { key: tenant.key });
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.secret).not.toBe(secret);
    const overlap = Date.parse(rotated.body.data.previous_secret_expires_at) - Date.now();
    expect(overlap).toBeGreaterThan(86_300_000);
    expect(overlap).toBeLessThanOrEqual(86_400_000);
    const tooLong = await app.call('POST', `/api/v1/webhooks/${id}/rotate-secret`, {
      key: tenant.key,
      body: { overlap_seconds: 8 * 86_400 },
    });
    expect(tooLong.status).toBe(422);
  });

  it('deletes a subscription with its delivery log', async () => {
    const { id } = (await create({ url: PUBLIC_TARGET })).body.data;
    const deleted = await app.call('DELETE', `/api/v1/webhooks/${id}`, { key: tenant.key });
    expect(deleted.status).toBe(204);
    expect((await app.call('GET', `/api/v1/webhooks/${id}`, { key: tenant.key })).status).toBe(404);
    expect((await app.call('DELETE', `/api/v1/webhooks/${id}`, { key: tenant.key })).status).toBe(404);
    const log = await app.call('GET', `/api/v1/webhooks/${id}/deliveries`, { key: tenant.key });
    expect(log.status).toBe(404);
  });

  it('lists no deliveries for a new subscription, and 404s for an unknown delivery', async () => {
    const { id } = (await create({ url: PUBLIC_TARGET })).body.data;
    const log = await app.call('GET', `/api/v1/webhooks/${id}/deliveries`, { key: tenant.key });
    expect(log.status).toBe(200);
    expect(log.body).toMatchObject({ success: true, data: [], pagination: { total_items: 0, page: 1 } });
    const redeliver = await app.call(
      'POST',
      `/api/v1/webhooks/${id}/deliveries/dlv_0000000000000000/redeliver`,
      {
        key: tenant.key,
      },
    );
    expect(redeliver.status).toBe(404);
    expect(redeliver.body).toEqual({
      code: 404,
      error: 'Delivery not found',
      details: { id: 'dlv_0000000000000000' },
    });
  });
});

describe('authentication, scopes and tenant isolation on every webhook route', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create({ url: PUBLIC_TARGET })).body.data.id;
  });

  const routes = () =>
    [
      {
        method: 'POST',
        path: '/api/v1/webhooks',
        scope: 'order:write',
        body: { url: PUBLIC_TARGET, active: false },
      },
      { method: 'GET', path: '/api/v1/webhooks', scope: 'order:read' },
      { method: 'GET', path: `/api/v1/webhooks/${id}`, scope: 'order:read' },
      { method: 'PATCH', path: `/api/v1/webhooks/${id}`, scope: 'order:write', body: { description: 'x' } },
      { method: 'DELETE', path: `/api/v1/webhooks/${id}`, scope: 'order:write' },
      { method: 'POST', path: `/api/v1/webhooks/${id}/rotate-secret`, scope: 'order:write', body: {} },
      { method: 'GET', path: `/api/v1/webhooks/${id}/deliveries`, scope: 'order:read' },
      {
        method: 'POST',
        path: `/api/v1/webhooks/${id}/deliveries/dlv_0000000000000000/redeliver`,
        scope: 'order:write',
      },
    ] as const;

  it('answers 404 for another tenant’s subscription, and changes nothing', async () => {
    const other = await app.newTenant();
    for (const route of routes().filter((route) => route.path !== '/api/v1/webhooks')) {
      const response = await app.call(route.method, route.path, {
        key: other.key,
        body: 'body' in route ? route.body : undefined,
      });
      expect(response.status, `${route.method} ${route.path}`).toBe(404);
    }
    expect((await app.call('GET', '/api/v1/webhooks', { key: other.key })).body.data).toEqual([]);
    expect((await app.call('GET', `/api/v1/webhooks/${id}`, { key: tenant.key })).status).toBe(200);
  });
});
