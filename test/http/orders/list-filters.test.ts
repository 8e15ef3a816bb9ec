import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../../../src/storage/schema.js';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { installApp } from '../../helpers/apps.js';
import { orderBody } from '../../helpers/orders.js';

let app: TestApp;
let tenant: TestTenant;
/** label → the created order's id, number and created_at. */
const seeded: Record<string, { id: string; number: string; created: string }> = {};
let sallaInstall: string;

const line = (name: string, sku: string, price: number) => ({ name, sku, quantity: 1, price });

beforeAll(async () => {
  app = await startTestApp();
  tenant = await app.newTenant();
  sallaInstall = await installApp(app, tenant, 'salla-orders');
  const syncatyInstall = await installApp(app, tenant, 'syncaty-orders');
  const bodies: Record<string, Record<string, unknown>> = {
    A: orderBody({
      source: 'manual',
      status: 'pending',
      customer_name: 'Sarah Smith',
      customer_email: 'sarah@example.com',
      customer_phone: '+966509876543',
      source_reference: 'SALLA-ORD-12345',
      products: [line('Product One', 'SKU-1', 83.98)],
      total_amount: 83.98,
      currency: 'SAR',
      shipping_address: { city: 'Riyadh', country: 'sa' },
      destination_id: 'branch_1',
      payment_method: 'card',
      fulfillment_method: 'delivery',
      order_type: 'retail',
    }),
    B: orderBody({
      source: sallaInstall,
      status: 'confirmed',
      payment_status: 'paid',
      fulfillment_status: 'fulfilled',
      customer_name: 'Ahmed Hassan',
      customer_email: 'ahmed@mail.test',
      customer_phone: '+966500000002',
      source_transaction_id: 'TXN-77',
      products: [line('Blue Kettle', 'KET-9', 10), line('Mug', 'MUG-1', 2.345)],
      subtotal: 12.345,
      tax: null,
      delivery_fee: null,
      total_amount: 12.345,
      currency: 'KWD',
      shipping_address: { city: 'Kuwait City', country: 'KW' },
      destination_id: 'branch_2',
      payment_method: 'cash',
      fulfillment_method: 'pickup',
      order_type: 'wholesale',
      is_preorder: true,
    }),
    C: orderBody({
      source: 'api',
      status: 'delivered',
      payment_status: 'refunded',
      customer_name: 'Fatima Ali',
      customer_email: 'FATIMA@Example.org',
      customer_phone: '+971500000003',
      products: [line('Red Mug', 'MUG-1', 250)],
      subtotal: 250,
      total_amount: 250,
      currency: 'AED',
      shipping_address: { city: 'Dubai', country: 'AE' },
      destination_id: 'branch_1',
      payment_method: 'card',
      fulfillment_method: 'shipping',
      order_type: 'retail',
    }),
    D: orderBody({
      source: syncatyInstall,
      status: 'cancelled',
      payment_status: 'failed',
      customer_name: 'John Doe',
      customer_email: 'john@shop.test',
      customer_phone: '+15550000004',
      products: [line('Desk Lamp', 'LMP-1', 1000)],
      subtotal: 1000,
      total_amount: 1000,
      currency: 'USD',
    }),
  };
  for (const [label, body] of Object.entries(bodies)) {
    const created = await app.call('POST', '/api/v1/orders', { key: tenant.key, body });
    expect(created.status).toBe(201);
    const got = await app.call('GET', `/api/v1/orders/${created.body.data.id}`, { key: tenant.key });
    seeded[label] = {
      id: created.body.data.id,
      number: created.body.data.order_number,
      created: got.body.order.created_at,
    };
    await new Promise((resolve) => setTimeout(resolve, 5)); // distinct created_at for the range cases
  }
  // No API writes the source's customer id yet: an integration would, so the test does it directly.
  await app.database.db
    .update(orders)
    .set({ source_customer_id: 'cust-9' })
    .where(and(eq(orders.organization_id, tenant.organizationId), eq(orders.id, seeded.D?.id as string)));
  // Noise in another tenant that every filter below would also match if tenancy leaked.
  const other = await app.newTenant();
  for (const body of Object.values(bodies).filter((body) =>
    ['manual', 'api'].includes(body.source as string),
  )) {
    await app.call('POST', '/api/v1/orders', { key: other.key, body });
  }
});
afterAll(async () => {
  await app.close();
});

async function labelsFor(query: string): Promise<string[]> {
  const response = await app.call('GET', `/api/v1/orders?${query}`, { key: tenant.key });
  expect(response.status, response.text).toBe(200);
  expect(response.body.pagination.total_items).toBe(response.body.orders.length);
  const byId = Object.fromEntries(Object.entries(seeded).map(([label, order]) => [order.id, label]));
  return response.body.orders.map((row: any) => byId[row.order.id]).sort();
}

describe('GET /api/v1/orders filters', () => {
  it.each([
    ['status=pending', ['A']],
    ['status=pending,confirmed', ['A', 'B']],
    ['payment_status=paid', ['B']],
    ['payment_status=paid,refunded', ['B', 'C']],
    ['fulfillment_status=fulfilled', ['B']],
    ['fulfillment_status=unfulfilled', ['A', 'C', 'D']],
    ['source=salla', ['B']],
    ['source=SALLA', ['B']],
    ['source=salla-orders', ['B']],
    ['source=manual', ['A']],
    ['source=api', ['C']],
    ['source=salla,api', ['B', 'C']],
    ['source=syncaty', ['D']],
    ['source=orbitkit', []],
    ['search=hass', ['B']],
    ['search=EXAMPLE', ['A', 'C']],
    ['search=0000000', ['B', 'C']],
    ['search=salla-ord', ['A']],
    ['search=txn-7', ['B']],
    ['search=%25', []],
    ['search=_', []],
    ['customer_email=SARAH@example.com', ['A']],
    ['customer_email=fatima@example.org,john@shop.test', ['C', 'D']],
    ['customer_email=sarah', []],
    ['customer_phone=%2B966500000002', ['B']],
    ['customer_id=cust-9', ['D']],
    ['destination_id=branch_1', ['A', 'C']],
    ['destination_id=branch_1,branch_2', ['A', 'B', 'C']],
    ['payment_method=cash', ['B']],
    ['fulfillment_method=pickup,shipping', ['B', 'C']],
    ['country=sa', ['A']],
    ['country=KW,AE', ['B', 'C']],
    ['sku=MUG-1', ['B', 'C']],
    ['sku=LMP-1,SKU-1', ['A', 'D']],
    ['product=kettle', ['B']],
    ['product=MUG', ['B', 'C']],
    ['currency=KWD', ['B']],
    ['currency=sar,usd', ['A', 'D']],
    ['min_total=250', ['C', 'D']],
    ['max_total=83.98', ['A', 'B']],
    ['min_total=12.345&max_total=100', ['A', 'B']],
    ['min_total=12.346', ['A', 'C', 'D']],
    ['order_type=wholesale', ['B']],
    ['is_preorder=true', ['B']],
    ['is_preorder=false', ['A', 'C', 'D']],
    ['status=pending,delivered&payment_method=card&country=SA', ['A']],
    ['source=api,manual&search=example&currency=AED', ['C']],
  ])('%s', async (query, expected) => {
    expect(await labelsFor(query)).toEqual(expected);
  });

  it('matches order numbers and codes in search', async () => {
    expect(await labelsFor(`search=${seeded.C?.number}`)).toEqual(['C']);
  });

  it('bounds created time with from and to (inclusive)', async () => {
    const { B, C } = seeded as Record<string, { created: string }>;
    expect(await labelsFor(`from=${B?.created}`)).toEqual(['B', 'C', 'D']);
    expect(await labelsFor(`to=${B?.created}`)).toEqual(['A', 'B']);
    expect(await labelsFor(`from=${B?.created}&to=${C?.created}`)).toEqual(['B', 'C']);
    expect(await labelsFor('from=2000-01-01T00:00:00%2B03:00&to=2000-01-02T00:00:00Z')).toEqual([]);
  });

  it('selects orders changed since an instant with updated_since', async () => {
    expect(await labelsFor(`updated_since=${seeded.C?.created}`)).toEqual(['C', 'D']);
  });

  it('matches an install id as source', async () => {
    expect(await labelsFor(`source=${sallaInstall}`)).toEqual(['B']);
  });
});
