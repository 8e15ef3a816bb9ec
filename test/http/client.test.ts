/**
 * The typed client (packages/client) drives a live service: the calls below compile only while the
 * committed openapi.json and the generated types agree with them, and they run against real HTTP.
 * The generated types must be what openapi-typescript makes of openapi.json today.
 */
import { readFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLinkitClient,
  type LinkitClient,
  type OrderCreateBody,
} from '../../packages/client/src/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;
let client: LinkitClient;

const order = (overrides: Partial<OrderCreateBody> = {}): OrderCreateBody => ({
  source: 'manual',
  customer_name: 'Sarah Smith',
  customer_email: 'sarah@example.com',
  products: [{ product_id: 'prd_001', name: 'Product One', quantity: 2, price: 29.99 }],
  subtotal: 59.98,
  tax: 9,
  delivery_fee: 15,
  total_amount: 83.98,
  currency: 'SAR',
  status: 'pending',
  payment_status: 'pending',
  ...overrides,
});

beforeAll(async () => {
  app = await startTestApp({ webRoot: false });
  const tenant = await app.newTenant();
  client = createLinkitClient({ baseUrl: app.url, apiKey: tenant.key });
});
afterAll(async () => {
  await app.close();
});

describe('the typed client', () => {
  it('is generated from the committed openapi.json (run `npm run client:generate`)', async () => {
    const generated = astToString(await openapiTS(new URL('../../openapi.json', import.meta.url)));
    const committed = readFileSync('packages/client/src/schema.d.ts', 'utf8');
    expect(committed.replace(/^\/\*\*[\s\S]*?\*\/\s*/, '')).toBe(
      generated.replace(/^\/\*\*[\s\S]*?\*\/\s*/, ''),
    );
  });

  it('creates, lists with filters, gets with ETag, patches with If-Match, bulk-creates and exports', async () => {
    const created = await client.POST('/api/v1/orders', {
      body: order({ customer_email: 'typed@example.com' }),
    });
    expect(created.response.status).toBe(201);
    const id = created.data?.data.id as string;
    expect(id).toMatch(/^r[0-9a-f]{16}$/);

    const bulk = await client.POST('/api/v1/orders/bulk', {
      body: [
        order({
          total_amount: 10,
          subtotal: 10,
          tax: 0,
          delivery_fee: 0,
          products: [{ product_id: 'p', name: 'P', quantity: 1, price: 10 }],
        }),
        order(),
      ],
    });
    expect(bulk.response.status).toBe(200);
    expect(bulk.data?.data).toMatchObject({ succeeded: 2, failed: 0 });

    const listed = await client.GET('/api/v1/orders', {
      params: { query: { customer_email: 'typed@example.com', status: 'pending', limit: 10 } },
    });
    expect(listed.response.status).toBe(200);
    expect(listed.data?.orders.map((envelope) => envelope.order.id)).toEqual([id]);
    expect(listed.data?.pagination.total_items).toBe(1);

    const read = await client.GET('/api/v1/orders/{id}', { params: { path: { id } } });
    const etag = read.response.headers.get('etag') as string;
    expect(etag).toBe('"v1"');
    expect(read.data?.order.customer_email).toBe('typed@example.com');
    const unchanged = await client.GET('/api/v1/orders/{id}', {
      params: { path: { id }, header: { 'If-None-Match': etag } },
    });
    expect(unchanged.response.status).toBe(304);

    const patched = await client.PATCH('/api/v1/orders/{id}/status', {
      params: { path: { id }, header: { 'if-match': etag } },
      body: { status: 'confirmed' },
    });
    expect(patched.response.status).toBe(200);
    const stale = await client.PATCH('/api/v1/orders/{id}/status', {
      params: { path: { id }, header: { 'if-match': etag } },
      body: { status: 'preparing' },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error).toMatchObject({ code: 412 });

    const exported = await client.GET('/api/v1/orders/export', {
      params: { query: { format: 'csv', customer_email: 'typed@example.com' } },
      parseAs: 'text',
    });
    expect(exported.response.status).toBe(200);
    expect(exported.response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (exported.data as unknown as string).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(id);
    expect(lines[1]).toContain('confirmed');
  });
});
