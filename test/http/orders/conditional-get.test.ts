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

const LIST = '/api/v1/orders?sort=-created&limit=5';

describe('conditional GETs', () => {
  it('answers a single read with 304 while the order is unchanged, and 200 after a write', async () => {
    const id = await createOrder(app, tenant.key);
    const first = await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key });
    const etag = first.headers.get('etag') as string;
    expect(etag).toBe('"v1"');

    const again = await app.call('GET', `/api/v1/orders/${id}`, {
      key: tenant.key,
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);

    await app.call('PATCH', `/api/v1/orders/${id}/status`, {
      key: tenant.key,
      body: { status: 'confirmed' },
    });
    const changed = await app.call('GET', `/api/v1/orders/${id}`, {
      key: tenant.key,
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"v2"');
  });

  it('answers a list with 304 until any order of the organization changes', async () => {
    const other = await app.newTenant();
    await createOrder(app, tenant.key);
    const first = await app.call('GET', LIST, { key: tenant.key });
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^W\/"l\d+-/);
    const conditional = { key: tenant.key, headers: { 'if-none-match': etag } };

    expect((await app.call('GET', LIST, conditional)).status).toBe(304);
    // Another query, or another tenant's write, is a different tag or no change at all.
    expect((await app.call('GET', `${LIST}&page=2`, conditional)).status).toBe(200);
    await createOrder(app, other.key);
    expect((await app.call('GET', LIST, conditional)).status).toBe(304);

    const id = await createOrder(app, tenant.key);
    const afterCreate = await app.call('GET', LIST, conditional);
    expect(afterCreate.status).toBe(200);
    expect(afterCreate.body.orders[0].order.id).toBe(id);

    const fresh = {
      key: tenant.key,
      headers: { 'if-none-match': afterCreate.headers.get('etag') as string },
    };
    await app.call('DELETE', `/api/v1/orders/${id}`, { key: tenant.key });
    const afterDelete = await app.call('GET', LIST, fresh);
    expect(afterDelete.status).toBe(200);
    expect(afterDelete.body.orders.map((item: any) => item.order.id)).not.toContain(id);
  });

  it('answers a poll whose rolling from moved with 304 while its answer is the same', async () => {
    const poller = await app.newTenant();
    await createOrder(app, poller.key);
    const pollAt = (msAgo: number) =>
      `/api/v1/orders?sort=-created&from=${new Date(Date.now() - msAgo).toISOString()}`;
    const first = await app.call('GET', pollAt(3600_000), { key: poller.key });
    const conditional = {
      key: poller.key,
      headers: { 'if-none-match': first.headers.get('etag') as string },
    };
    expect((await app.call('GET', pollAt(3500_000), conditional)).status).toBe(304);
    // A from that leaves the order out is another answer.
    expect((await app.call('GET', pollAt(-1000), conditional)).status).toBe(200);
  });

  it('accepts weak tags and lists in If-None-Match', async () => {
    const id = await createOrder(app, tenant.key);
    const response = await app.call('GET', `/api/v1/orders/${id}`, {
      key: tenant.key,
      headers: { 'if-none-match': '"v9", W/"v1"' },
    });
    expect(response.status).toBe(304);
  });
});
