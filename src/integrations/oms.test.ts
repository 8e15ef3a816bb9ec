import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/helpers/fixtures.js';
import { omsNormalizer } from './oms.js';

const normalize = (raw: unknown) => omsNormalizer.normalize(raw, { defaultCurrency: null });

describe('OMS resource normalizer', () => {
  it('reads the seed order fields (003)', () => {
    const order = normalize(fixture('oms', 'order.json'));
    expect(order.vendorOrderId).toBe('ord_01JGK9');
    expect(order.fields).toMatchObject({
      order_code: 'BS-10024',
      source_reference: '9928120',
      currency: 'USD',
      total_amount: '245',
      vat_amount: '18.15',
      payment_status: 'paid', // captured
      order_status: 'preparing', // processing
      fulfillment_method: 'shipping',
      shipping_fulfillment: { shipping_method: 'fedex_ground' }, // tracking_number null is left out
    });
  });

  it('reads a refunded KWD order with 3-decimal money exactly', () => {
    const order = normalize(fixture('oms', 'order-kwd-refunded.json'));
    expect(order.vendorTimestamp?.toISOString()).toBe('2025-01-09T12:20:00.000Z');
    expect(order.fields).toMatchObject({
      total_amount: '12.345',
      vat_amount: '0.585',
      payment_status: 'refunded',
      order_status: 'delivered',
      customer_name: 'Yousef Al-Sabah',
      shipping_fulfillment: { shipping_method: 'aramex_express', tracking_number: 'AWB3456789012' },
    });
    expect(order.fields.products).toEqual([
      expect.objectContaining({ sku: 'DATE-BOX-1KG', quantity: 3, price: '3.92', total: '11.76' }),
    ]);
  });

  it.each([
    ['authorized', 'pending'],
    ['captured', 'paid'],
    ['refunded', 'refunded'],
    ['voided', 'failed'],
  ])('maps payment_status %s → %s', (payment, expected) => {
    expect(
      normalize({ ...fixture('oms', 'order.json'), payment_status: payment }).fields.payment_status,
    ).toBe(expected);
  });

  it('refuses ids that are not ord_ ids and unknown statuses', () => {
    expect(() => normalize({ ...fixture('oms', 'order.json'), id: '42' })).toThrow('id: must be an ord_ id');
    expect(() => normalize({ ...fixture('oms', 'order.json'), status: 'lost' })).toThrow(
      'status: unknown OMS status "lost": map it with PUT /api/v1/apps/{id}/status-mappings',
    );
  });
});
