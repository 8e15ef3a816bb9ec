import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('/api/v1/inventory', () => {
  it('sets and reads on hand per SKU and location', async () => {
    const tenant = await app.newTenant();
    const put = await app.call('PUT', '/api/v1/inventory/TEA-01', {
      key: tenant.key,
      body: { on_hand: 12, low_stock_threshold: 3 },
    });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({
      sku: 'TEA-01',
      destination_id: null,
      on_hand: 12,
      reserved: 0,
      available: 12,
      low_stock_threshold: 3,
      low_stock: false,
    });
    await app.call('PUT', '/api/v1/inventory/TEA-01', {
      key: tenant.key,
      body: { on_hand: 4, destination_id: 'branch_1' },
    });
    // Leaving the threshold out keeps the stored one.
    await app.call('PUT', '/api/v1/inventory/TEA-01', { key: tenant.key, body: { on_hand: 2 } });

    const read = await app.call('GET', '/api/v1/inventory/TEA-01', { key: tenant.key });
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject([
      { destination_id: null, on_hand: 2, available: 2, low_stock_threshold: 3, low_stock: true },
      { destination_id: 'branch_1', on_hand: 4, low_stock_threshold: null, low_stock: false },
    ]);
  });

  it('answers 404 for a SKU it does not track, and for another tenant', async () => {
    const tenant = await app.newTenant();
    const other = await app.newTenant();
    await app.call('PUT', '/api/v1/inventory/MINE', { key: tenant.key, body: { on_hand: 1 } });
    const missing = await app.call('GET', '/api/v1/inventory/NOPE', { key: tenant.key });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 404, error: 'SKU not found', details: { sku: 'NOPE' } });
    expect((await app.call('GET', '/api/v1/inventory/MINE', { key: other.key })).status).toBe(404);
  });

  it('bulk upserts in request order, all or none', async () => {
    const tenant = await app.newTenant();
    const bulk = await app.call('POST', '/api/v1/inventory/bulk', {
      key: tenant.key,
      body: {
        items: [
          { sku: 'B-2', on_hand: 5 },
          { sku: 'B-1', on_hand: 0, low_stock_threshold: 2 },
          { sku: 'B-1', on_hand: 7, destination_id: 'branch_1' },
        ],
      },
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.data.map((row: any) => [row.sku, row.destination_id, row.on_hand])).toEqual([
      ['B-2', null, 5],
      ['B-1', null, 0],
      ['B-1', 'branch_1', 7],
    ]);

    const repeated = await app.call('POST', '/api/v1/inventory/bulk', {
      key: tenant.key,
      body: {
        items: [
          { sku: 'B-3', on_hand: 1 },
          { sku: 'B-3', on_hand: 2 },
        ],
      },
    });
    expect(repeated.status).toBe(422);
    expect(repeated.body.details).toHaveProperty(['items[1]']);
    expect((await app.call('GET', '/api/v1/inventory/B-3', { key: tenant.key })).status).toBe(404);

    const tooMany = await app.call('POST', '/api/v1/inventory/bulk', {
      key: tenant.key,
      body: { items: Array.from({ length: 1001 }, (_, i) => ({ sku: `S-${i}`, on_hand: 1 })) },
    });
    expect(tooMany.status).toBe(422);
    const negative = await app.call('PUT', '/api/v1/inventory/B-4', {
      key: tenant.key,
      body: { on_hand: -1 },
    });
    expect(negative.status).toBe(422);
  });

  it('lists by sku and low stock', async () => {
    const tenant = await app.newTenant();
    await app.call('POST', '/api/v1/inventory/bulk', {
      key: tenant.key,
      body: {
        items: [
          { sku: 'L-1', on_hand: 10, low_stock_threshold: 5 },
          { sku: 'L-2', on_hand: 3, low_stock_threshold: 5 },
          { sku: 'L-3', on_hand: 0 },
        ],
      },
    });
    const skus = async (query: string) =>
      (await app.call('GET', `/api/v1/inventory${query}`, { key: tenant.key })).body.data.map(
        (row: any) => row.sku,
      );
    expect(await skus('')).toEqual(['L-1', 'L-2', 'L-3']);
    expect(await skus('?low_stock=true')).toEqual(['L-2', 'L-3']);
    expect(await skus('?low_stock=false')).toEqual(['L-1']);
    expect(await skus('?sku=L-1,L-3')).toEqual(['L-1', 'L-3']);
    expect(await skus('?sku=L-1,L-2&low_stock=true')).toEqual(['L-2']);
    expect(await skus('?limit=1')).toEqual(['L-1']);
  });

  it('needs a key, and order:write to change stock', async () => {
    const tenant = await app.newTenant();
    const reader = await tenant.issueKey({ scopes: ['order:read'] });
    expect((await app.call('GET', '/api/v1/inventory')).status).toBe(401);
    const refused = await app.call('PUT', '/api/v1/inventory/X', { key: reader.key, body: { on_hand: 1 } });
    expect(refused.status).toBe(403);
    expect((await app.call('GET', '/api/v1/inventory', { key: reader.key })).status).toBe(200);
  });
});
