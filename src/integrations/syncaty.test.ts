import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/helpers/fixtures.js';
import { syncatyNormalizer } from './syncaty.js';
import { parseVendorJson } from './vendor-json.js';

const normalize = (raw: unknown, defaultCurrency: string | null = null) =>
  syncatyNormalizer.normalize(raw, { defaultCurrency });

describe('Syncaty normalizer', () => {
  it('reads the seed full order (001)', () => {
    const order = normalize(fixture('syncaty', 'order.json'));
    expect(order.vendorOrderId).toBe('uuid');
    expect(order.vendorTimestamp?.toISOString()).toBe('2024-01-18T14:00:00.000Z'); // updated_at
    expect(order.fields).toMatchObject({
      source_reference: 'ORD-12345',
      order_code: 'ORD-12345',
      order_status: 'delivered', // completed
      payment_status: 'paid',
      fulfillment_status: 'fulfilled',
      currency: 'SAR',
      total_amount: '599.99',
      subtotal: '549.99',
      delivery_fee: '50',
      discounts_amount: '0',
      vat_amount: '0',
      payment_method: 'credit_card',
      customer_name: 'Ahmed Mohammed',
      customer_email: 'ahmed@example.com',
      customer_phone: '+966501234567',
      comment: 'Please gift wrap',
      shipping_fulfillment: { shipping_method: 'express', completed_at: '2024-01-18T14:00:00Z' },
    });
    expect(order.fields.products.map((line) => [line.sku, line.quantity, line.price, line.total])).toEqual([
      ['PWG-001', 2, '199.99', '399.98'],
      ['BA-002', 1, '150.01', '150.01'],
    ]);
    expect(order.fields.shipping_address).toMatchObject({
      line1: '123 Main Street',
      city: 'Riyadh',
      country: 'SA',
    });
  });

  it('reads a list entry (no items, no contact details) with nulls, not invented values', () => {
    const [entry] = fixture('syncaty', 'order-list.json').data;
    const order = normalize(entry);
    expect(order.fields).toMatchObject({
      products: [],
      customer_email: null,
      customer_phone: null,
      vat_amount: null,
      shipping_address: null,
      comment: null,
    });
  });

  it.each([
    ['pending', 'pending', 'pending'],
    ['processing', 'preparing', 'pending'],
    ['shipped', 'shipped', 'pending'],
    ['delivered', 'delivered', 'pending'],
    ['cancelled', 'cancelled', 'pending'],
    ['refunded', 'returned', 'refunded'],
  ])('maps status %s', (status, order, payment) => {
    expect(normalize({ ...fixture('syncaty', 'order.json'), status }).fields).toMatchObject({
      order_status: order,
      payment_status: payment,
    });
  });

  it('uses the install default currency only when the order has none', () => {
    const { currency: _currency, ...withoutCurrency } = fixture('syncaty', 'order.json');
    expect(() => normalize(withoutCurrency)).toThrow(
      'currency: is missing and the install has no config.default_currency',
    );
    expect(normalize(withoutCurrency, 'KWD').fields.currency).toBe('KWD');
    expect(normalize(fixture('syncaty', 'order.json'), 'KWD').fields.currency).toBe('SAR');
  });

  it('keeps money exact from the JSON text, whatever its notation', () => {
    const raw = {
      ...fixture('syncaty', 'order.json'),
      ...(parseVendorJson('{"total":5.9999e2,"shipping":0.10}') as object),
    };
    expect(normalize(raw).fields).toMatchObject({ total_amount: '599.99', delivery_fee: '0.1' });
  });
});
