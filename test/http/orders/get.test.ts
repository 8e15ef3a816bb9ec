import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestTenant } from '../../helpers/app.js';
import { orderBody } from '../../helpers/orders.js';

let app: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  app = await startTestApp();
  tenant = await app.newTenant();
});
afterAll(async () => {
  await app.close();
});

/** Every field of the contract's UnifiedOrderPayload table. */
const PAYLOAD_FIELDS = [
  'id',
  'organization_id',
  'source_reference',
  'source_transaction_id',
  'source_timestamp',
  'destination_id',
  'destination_reference',
  'order_status',
  'fulfillment_status',
  'payment_status',
  'fulfillment_method',
  'payment_method',
  'currency',
  'total_amount',
  'discounts_amount',
  'vat_amount',
  'customer_name',
  'customer_phone',
  'customer_email',
  'receiver_name',
  'receiver_phone',
  'skus',
  'products',
  'shipping_address',
  'order_code',
  'order_type',
  'transport_type',
  'comment',
  'promised_for',
  'is_preorder',
  'delivery_fee',
  'service_fee',
  'subtotal',
  'store_name',
  'dispatch_routing',
  'shipping_fulfillment',
  'created_at',
  'updated_at',
];

describe('GET /api/v1/orders/{id}', () => {
  it('returns one order.snapshot envelope with every payload field', async () => {
    const created = await app.call('POST', '/api/v1/orders', { key: tenant.key, body: orderBody() });
    const id = created.body.data.id;
    const response = await app.call('GET', `/api/v1/orders/${id}`, { key: tenant.key });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const envelope = response.body;
    expect(Object.keys(envelope)).toEqual([
      'spec_version',
      'event_id',
      'event_type',
      'occurred_at',
      'organization_id',
      'organization_app_id',
      'app_slug',
      'order',
    ]);
    expect(envelope).toMatchObject({
      spec_version: '2026-04-01',
      event_type: 'order.snapshot',
      organization_id: tenant.organizationId,
      organization_app_id: null,
      app_slug: null,
    });
    expect(envelope.occurred_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    const nanos = BigInt(envelope.event_id.split('-').at(-1));
    expect(envelope.event_id).toBe(`snapshot-${id}-${nanos}`);
    expect(Number(nanos / 1_000_000n)).toBe(Date.parse(envelope.occurred_at));
    // The contract's fields, plus the documented extension `source_status` (decision 0162).
    expect(Object.keys(envelope.order).sort()).toEqual([...PAYLOAD_FIELDS, 'source_status'].sort());
    expect(envelope.order).toMatchObject({
      id,
      organization_id: tenant.organizationId,
      customer_name: 'Sarah Smith',
      total_amount: 83.98,
      currency: 'SAR',
      order_status: 'pending',
      payment_status: 'pending',
      vat_amount: 9,
      source_reference: null,
      dispatch_routing: null,
    });
    expect(Date.parse(envelope.order.created_at)).not.toBeNaN();
  });

  it('answers 404 in the contract shape for an unknown id', async () => {
    const response = await app.call('GET', '/api/v1/orders/nonexistent', { key: tenant.key });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ code: 404, error: 'Order not found', details: { id: 'nonexistent' } });
  });

  it("answers 404 for another tenant's order", async () => {
    const other = await app.newTenant();
    const created = await app.call('POST', '/api/v1/orders', { key: other.key, body: orderBody() });
    const response = await app.call('GET', `/api/v1/orders/${created.body.data.id}`, { key: tenant.key });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      code: 404,
      error: 'Order not found',
      details: { id: created.body.data.id },
    });
  });
});
