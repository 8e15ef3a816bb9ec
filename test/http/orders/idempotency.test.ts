import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys } from '../../../src/storage/schema.js';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { createOrder, orderBody } from '../../helpers/orders.js';

let app: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  app = await startTestApp();
  tenant = await app.newTenant();
});
afterAll(async () => {
  await app.close();
});

const freshKey = () => `idem-${randomUUID()}`;

const create = (key: string, body: unknown, as: TestTenant = tenant) =>
  app.call('POST', '/api/v1/orders', { key: as.key, body, headers: { 'idempotency-key': key } });

async function total(as: TestTenant = tenant): Promise<number> {
  return (await app.call('GET', '/api/v1/orders', { key: as.key })).body.pagination.total_items;
}

describe('Idempotency-Key', () => {
  it('replays the first response to a repeated request and creates one order', async () => {
    const own = await app.newTenant();
    const key = freshKey();
    const first = await create(key, orderBody(), own);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await create(key, orderBody(), own);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(await total(own)).toBe(1);
  });

  it('runs concurrent requests with one key once, and all of them get its response', async () => {
    const own = await app.newTenant();
    const key = freshKey();
    const responses = await Promise.all(Array.from({ length: 6 }, () => create(key, orderBody(), own)));
    for (const response of responses) {
      expect(response.status).toBe(201);
      expect(response.text).toBe(responses[0]?.text);
    }
    expect(
      responses.filter((response) => response.headers.get('idempotent-replayed') === 'true'),
    ).toHaveLength(5);
    expect(await total(own)).toBe(1);
  });

  it('refuses the same key with a different body or on another route with 422', async () => {
    const key = freshKey();
    await create(key, orderBody());
    const before = await total();
    const different = await create(key, orderBody({ customer_name: 'Someone Else' }));
    expect(different.status).toBe(422);
    expect(different.body).toEqual({
      code: 422,
      error: 'Idempotency-Key reused with a different request',
      details: { idempotency_key: key },
    });
    const otherRoute = await app.call('POST', '/api/v1/orders/bulk', {
      key: tenant.key,
      body: [orderBody()],
      headers: { 'idempotency-key': key },
    });
    expect(otherRoute.status).toBe(422);
    expect(await total()).toBe(before);
  });

  it('treats bodies that differ only in key order as the same request', async () => {
    const key = freshKey();
    const body = orderBody();
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const first = await create(key, body);
    const second = await create(key, reordered);
    expect(second.text).toBe(first.text);
  });

  it('keeps keys apart per organization', async () => {
    const other = await app.newTenant();
    const key = freshKey();
    const mine = await create(key, orderBody());
    const theirs = await create(key, orderBody({ customer_name: 'Other' }), other);
    expect(theirs.status).toBe(201);
    expect(theirs.body.data.id).not.toBe(mine.body.data.id);
  });

  it('replays PATCH, PUT and DELETE responses, errors included', async () => {
    const id = await createOrder(app, tenant.key);
    const patchKey = freshKey();
    const patch = () =>
      app.call('PATCH', `/api/v1/orders/${id}/status`, {
        key: tenant.key,
        body: { status: 'confirmed' },
        headers: { 'idempotency-key': patchKey },
      });
    const patched = await patch();
    expect(patched.headers.get('etag')).toBe('"v2"');
    await app.call('PATCH', `/api/v1/orders/${id}/status`, { key: tenant.key, body: { status: 'shipped' } });
    const replayed = await patch();
    expect(replayed.status).toBe(200);
    expect(replayed.body.order.order_status).toBe('confirmed');
    expect(replayed.headers.get('etag')).toBe('"v2"');

    const refusedKey = freshKey();
    const refuse = () =>
      app.call('PUT', `/api/v1/orders/${id}`, {
        key: tenant.key,
        body: orderBody({ status: 'pending' }),
        headers: { 'idempotency-key': refusedKey },
      });
    expect((await refuse()).status).toBe(422);
    const refusedAgain = await refuse();
    expect(refusedAgain.status).toBe(422);
    expect(refusedAgain.headers.get('idempotent-replayed')).toBe('true');

    const deleteKey = freshKey();
    const remove = () =>
      app.call('DELETE', `/api/v1/orders/${id}`, {
        key: tenant.key,
        headers: { 'idempotency-key': deleteKey },
      });
    expect((await remove()).status).toBe(200);
    expect((await remove()).status).toBe(200);
    const unkeyed = await app.call('DELETE', `/api/v1/orders/${id}`, { key: tenant.key });
    expect(unkeyed.status).toBe(410);
  });

  it('runs the request again once the key has expired, or its first request died unanswered', async () => {
    const own = await app.newTenant();
    const key = freshKey();
    await create(key, orderBody(), own);
    const where = and(eq(idempotencyKeys.organization_id, own.organizationId), eq(idempotencyKeys.key, key));
    await app.database.db
      .update(idempotencyKeys)
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where(where);
    const afterExpiry = await create(key, orderBody({ customer_name: 'New' }), own);
    expect(afterExpiry.status).toBe(201);
    expect(afterExpiry.headers.get('idempotent-replayed')).toBeNull();
    expect(await total(own)).toBe(2);

    await app.database.db
      .update(idempotencyKeys)
      .set({ response_status: null, response_body: null, created_at: sql`now() - interval '5 minutes'` })
      .where(where);
    const afterCrash = await create(key, orderBody({ customer_name: 'New' }), own);
    expect(afterCrash.status).toBe(201);
    expect(await total(own)).toBe(3);
  });

  it('refuses a malformed key and ignores the header on reads', async () => {
    const malformed = await create('has spaces in it', orderBody());
    expect(malformed.status).toBe(422);
    expect(malformed.body.details).toEqual({
      'idempotency-key': 'must be 1 to 255 printable ASCII characters',
    });
    const read = await app.call('GET', '/api/v1/orders', {
      key: tenant.key,
      headers: { 'idempotency-key': 'x' },
    });
    expect(read.status).toBe(200);
  });
});
