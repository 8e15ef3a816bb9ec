import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { orderBody } from '../../helpers/orders.js';

let app: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

async function totalOrders(key: string): Promise<number> {
  const response = await app.call('GET', '/api/v1/orders', { key });
  expect(response.status).toBe(200);
  return response.body.pagination.total_items;
}

describe('POST /api/v1/orders', () => {
  beforeAll(async () => {
    tenant = await app.newTenant();
  });

  it('creates an order and answers in the contract shape', async () => {
    const response = await app.call('POST', '/api/v1/orders', { key: tenant.key, body: orderBody() });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      success: true,
      message: 'Order created successfully',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
      data: {
        id: expect.stringMatching(/^r[0-9a-f]{16}$/),
        order_number: expect.stringMatching(/^ORD-\d{4}-\d{3,}$/),
      },
    });
  });

  it('maps the create body onto the payload and keeps money exact', async () => {
    const created = await app.call('POST', '/api/v1/orders', {
      key: tenant.key,
      body: orderBody({
        currency: 'KWD',
        total_amount: 12.345,
        subtotal: 10.005,
        tax: 0.34,
        delivery_fee: 2,
        products: [
          { sku: 'A-1', name: 'شاي', quantity: 3, price: 3.335 },
          { sku: 'B-2', name: 'Cup', quantity: 1, price: 0.1, total: 0.1 },
        ],
        shipping_address: { city: 'Kuwait City', country: 'kw', line1: 'Block 1' },
        source_timestamp: '2026-04-21T12:00:00+03:00',
        status: 'confirmed',
        fulfillment_status: 'processing',
      }),
    });
    expect(created.status).toBe(201);
    const read = await app.call('GET', `/api/v1/orders/${created.body.data.id}`, { key: tenant.key });
    const order = read.body.order;
    expect(order).toMatchObject({
      currency: 'KWD',
      total_amount: 12.345,
      subtotal: 10.005,
      vat_amount: 0.34,
      delivery_fee: 2,
      order_status: 'confirmed',
      payment_status: 'pending',
      fulfillment_status: 'processing',
      skus: ['A-1', 'B-2'],
      source_timestamp: '2026-04-21T09:00:00Z',
      order_code: created.body.data.order_number,
      discounts_amount: null,
      service_fee: null,
    });
    expect(order.products[0]).toEqual({
      product_id: null,
      sku: 'A-1',
      name: 'شاي',
      quantity: 3,
      price: 3.335,
      total: 10.005,
      thumbnail: null,
      variant: null,
    });
    expect(order.shipping_address).toEqual({
      name: null,
      phone: null,
      line1: 'Block 1',
      line2: null,
      district: null,
      city: 'Kuwait City',
      state: null,
      postal_code: null,
      country: 'KW',
    });
  });

  it('numbers orders per organization in sequence', async () => {
    const own = await app.newTenant();
    const numbers: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await app.call('POST', '/api/v1/orders', { key: own.key, body: orderBody() });
      numbers.push(response.body.data.order_number);
    }
    const year = new Date().getUTCFullYear();
    expect(numbers).toEqual([`ORD-${year}-001`, `ORD-${year}-002`, `ORD-${year}-003`]);
  });

  it('returns the existing order for a repeated source_transaction_id, even when sent concurrently', async () => {
    const own = await app.newTenant();
    const body = orderBody({ source_transaction_id: 'TXN-001' });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => app.call('POST', '/api/v1/orders', { key: own.key, body })),
    );
    const ids = new Set(responses.map((response) => response.body.data.id));
    expect(ids.size).toBe(1);
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 200)).toHaveLength(4);
    expect(await totalOrders(own.key)).toBe(1);
    // The same transaction id under another source is another order.
    const other = await app.call('POST', '/api/v1/orders', {
      key: own.key,
      body: { ...body, source: 'api' },
    });
    expect(other.status).toBe(201);
  });

  describe('rejects bad input with the contract error and writes nothing', () => {
    const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
      ['missing source', { source: undefined }, { source: 'is required' }],
      ['missing products', { products: undefined }, { products: 'is required' }],
      ['empty products', { products: [] }, { products: 'At least one product is required' }],
      ['missing total', { total_amount: undefined }, { total_amount: 'is required' }],
      ['negative total', { total_amount: -1 }, { total_amount: 'must be at least 0' }],
      ['total as text', { total_amount: '83.98' }, { total_amount: 'must be a number' }],
      ['unknown currency', { currency: 'XYZ' }, { currency: 'XYZ is not an ISO 4217 currency code' }],
      ['lower-case currency', { currency: 'sar' }, { currency: expect.stringContaining('ISO 4217') }],
      ['non-money ISO code', { currency: 'XXX' }, { currency: 'XXX is not an ISO 4217 currency code' }],
      [
        'too many decimals for the currency',
        { total_amount: 83.981 },
        { total_amount: 'has more than 2 decimal places, which SAR does not allow' },
      ],
      ['unknown field', { colour: 'red' }, { colour: 'is not a known field' }],
      ['unknown status', { status: 'flying' }, { status: expect.any(String) }],
      ['bad email', { customer_email: 'not-an-email' }, { customer_email: expect.stringContaining('email') }],
      ['bad time', { promised_for: 'tomorrow' }, { promised_for: expect.stringContaining('ISO 8601') }],
      [
        'bad product line',
        { products: [{ name: 'x', quantity: 0, price: 1 }] },
        { 'products[0].quantity': 'must be at least 1' },
      ],
      [
        'contradicting aliases',
        { status: 'pending', order_status: 'confirmed' },
        { status: 'contradicts order_status; send one of them' },
      ],
      [
        'source that is not installed',
        { source: 'app_0000000000000000' },
        { source: expect.stringContaining('installed') },
      ],
    ];
    it.each(cases)('%s', async (_name, overrides, details) => {
      const own = await app.newTenant();
      const body = orderBody(overrides);
      for (const [field, value] of Object.entries(overrides)) {
        if (value === undefined) {
          delete body[field];
        }
      }
      const response = await app.call('POST', '/api/v1/orders', { key: own.key, body });
      expect(response.status).toBe(422);
      expect(response.body).toEqual({
        code: 422,
        error: 'Validation failed',
        details: expect.objectContaining(details),
      });
      expect(await totalOrders(own.key)).toBe(0);
    });
  });

  it('answers malformed JSON with 400', async () => {
    const response = await app.call('POST', '/api/v1/orders', {
      key: tenant.key,
      rawBody: '{"source": "manual",',
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 400, error: 'Malformed JSON' });
  });

  it('answers a body that is not JSON with 415', async () => {
    const response = await app.call('POST', '/api/v1/orders', {
      key: tenant.key,
      rawBody: 'source=manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ code: 415, error: 'Unsupported content type' });
  });

  it('answers an oversize body with 413', async () => {
    const response = await app.call('POST', '/api/v1/orders', {
      key: tenant.key,
      body: orderBody({ comment: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({
      code: 413,
      error: 'Request body too large',
      details: { limit_bytes: 1048576 },
    });
  });
});
