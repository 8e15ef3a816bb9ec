/**
 * The dashboard's pure helpers against the real service: a full update built from a stored order
 * (web/src/order-body.ts) keeps every field, whatever the form shows; a fulfilment (web/src/fulfil.ts's
 * body) changes only the shipment and the statuses the workflow allows; pasted shipment CSV parses
 * back exactly what was written (property test).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceBody, storedBody } from '../../web/src/order-body.js';
import { parseShipmentsCsv, type Shipment } from '../../web/src/shipments-csv.js';
import { startTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { createOrder } from '../helpers/orders.js';

/** Every field of the create body set to a non-default value. */
const FULL_ORDER = {
  source: 'api',
  source_reference: 'REF-77',
  source_transaction_id: 'txn-77',
  source_timestamp: '2022-03-04T05:06:07Z',
  destination_id: 'branch-9',
  destination_reference: 'dest-9',
  fulfillment_status: 'processing',
  fulfillment_method: 'delivery',
  payment_method: 'cod',
  customer_name: 'ليلى القحطاني',
  customer_email: 'layla@example.sa',
  customer_phone: '+966500000077',
  receiver_name: 'Noura',
  receiver_phone: '+966500000078',
  shipping_address: {
    name: 'Noura',
    line1: 'شارع الملك فهد',
    city: 'الرياض',
    postal_code: '12382',
    country: 'SA',
  },
  order_code: 'WEB-77',
  order_type: 'retail',
  transport_type: 'car',
  comment: 'Ring twice',
  store_name: 'متجر الرياض',
  promised_for: '2026-12-24T10:00:00Z',
  is_preorder: true,
  service_fee: 2.5,
  discounts_amount: 1,
  vat_amount: 9,
  delivery_fee: 15,
  subtotal: 59.98,
  total_amount: 85.48,
  currency: 'SAR',
  dispatch_routing: { zone: 'north', driver: 'D-4' },
  shipping_fulfillment: { carrier: 'SMSA', shipment_id: '9915' },
  products: [
    {
      product_id: 'prd_001',
      sku: 'TS-BLK-L',
      name: 'تي شيرت',
      quantity: 2,
      price: 29.99,
      thumbnail: 'https://cdn.example.com/ts.jpg',
      variant: { options: [{ name: 'المقاس', value: { name: 'L' } }] },
    },
  ],
};

describe('dashboard order bodies against the service', () => {
  let app: TestApp;
  let tenant: TestTenant;
  beforeAll(async () => {
    app = await startTestApp();
    tenant = await app.newTenant();
  });
  afterAll(async () => {
    await app?.close();
  });

  const read = async (id: string) => {
    const response = await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key });
    expect(response.status).toBe(200);
    return response.body.order;
  };
  const put = async (id: string, body: unknown) => {
    const response = await app.call('PUT', `/api/v1/orders/${id}`, { key: tenant.key, body });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  };

  it('a PUT of the stored body changes nothing: every field of the payload is carried', async () => {
    const id = await createOrder(app, tenant.key, {
      ...FULL_ORDER,
      source_transaction_id: `txn-${Math.random()}`,
    });
    const before = await read(id);
    // Every payload field is set, so nothing here passes for lack of data; except the vendor's own
    // status, which only a marketplace source sets (the create and PUT bodies have no such field).
    for (const [field, value] of Object.entries(before)) {
      if (field !== 'source_status') {
        expect(value, field).not.toBeNull();
      }
    }
    await put(id, storedBody(before));
    const { updated_at: _a, ...after } = await read(id);
    const { updated_at: _b, ...expected } = before;
    expect(after).toEqual(expected);
  });

  it('a change through replaceBody changes that field only; undefined clears a field', async () => {
    const id = await createOrder(app, tenant.key, {
      ...FULL_ORDER,
      source_transaction_id: `txn-${Math.random()}`,
    });
    const before = await read(id);
    await put(id, replaceBody(before, { customer_phone: '+966511111111', comment: undefined }));
    const after = await read(id);
    expect(after.customer_phone).toBe('+966511111111');
    expect(after.comment).toBeNull();
    const strip = ({ customer_phone: _a, comment: _b, updated_at: _c, ...rest }: any) => rest;
    expect(strip(after)).toEqual(strip(before));
  });
});

describe('pasted shipment CSV', () => {
  const cell = fc
    .string({ minLength: 1, maxLength: 20 })
    .filter((text) => text.trim() === text && !/[\r\n\t]/.test(text));
  const shipment = fc.record({
    reference: cell,
    carrier: cell,
    tracking_number: cell,
    tracking_link: fc.option(fc.webUrl(), { nil: undefined }),
  });
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;

  it('parses back what a spreadsheet writes (quoted cells, commas and quotes inside)', () => {
    fc.assert(
      fc.property(fc.array(shipment, { minLength: 1, maxLength: 20 }), fc.boolean(), (rows, header) => {
        const lines = rows.map((row) =>
          [row.reference, row.carrier, row.tracking_number, row.tracking_link ?? ''].map(quote).join(','),
        );
        const text = [...(header ? ['order,carrier,tracking_number,tracking_link'] : []), ...lines].join(
          '\r\n',
        );
        const parsed = parseShipmentsCsv(text);
        expect(parsed.errors).toEqual([]);
        const expected = rows.map((row, index): Shipment & { reference: string; line: number } => ({
          reference: row.reference,
          carrier: row.carrier,
          tracking_number: row.tracking_number,
          line: index + 1 + (header ? 1 : 0),
          ...(row.tracking_link ? { tracking_link: row.tracking_link } : {}),
        }));
        expect(parsed.shipments).toEqual(expected);
      }),
    );
  });

  it('takes tab-separated rows (a spreadsheet paste) and names the lines it cannot use', () => {
    const parsed = parseShipmentsCsv('ORD-1\tSMSA\tSM-1\n\nORD-2\tAramex\t\nORD-3,DHL,D-3,ftp://x');
    expect(parsed.shipments).toEqual([
      { reference: 'ORD-1', carrier: 'SMSA', tracking_number: 'SM-1', line: 1 },
    ]);
    expect(parsed.errors).toEqual([
      { line: 3, reason: 'missing' },
      { line: 4, reason: 'bad-link' },
    ]);
  });
});
