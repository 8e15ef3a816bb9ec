import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/helpers/fixtures.js';
import { sallaNormalizer } from './salla.js';
import { NormalizationError, parseVendorJson } from './vendor-json.js';

const context = { defaultCurrency: null };
const normalize = (raw: unknown) => sallaNormalizer.normalize(raw, context);

describe('Salla normalizer', () => {
  it('reads the seed list example (004)', () => {
    const [first, second] = fixture('salla', 'order-list.json').data;
    const one = normalize(first);
    expect(one.vendorOrderId).toBe('1017120475');
    expect(one.vendorTimestamp?.toISOString()).toBe('2022-06-16T11:48:20.000Z'); // 14:48:20 in Riyadh (UTC+3)
    expect(one.fields).toMatchObject({
      source_reference: '40497536',
      order_code: '40497536',
      currency: 'SAR',
      total_amount: '55',
      order_status: 'pending', // under_review / بإنتظار المراجعة
      fulfillment_status: 'unfulfilled',
      payment_status: 'paid', // is_pending_payment: false
      payment_method: 'bank',
      subtotal: null,
      customer_name: null,
    });
    expect(one.fields.products).toEqual([
      expect.objectContaining({ name: 'تي شيرت بلاك', quantity: 1, price: null, sku: null }),
    ]);
    const two = normalize(second);
    expect(two.fields).toMatchObject({
      order_status: 'cancelled', // canceled / ملغي
      fulfillment_status: 'cancelled',
      payment_status: 'pending', // is_pending_payment: true
      total_amount: '0',
      payment_method: null,
    });
  });

  it('reads the full order of an order.created webhook', () => {
    const order = normalize(fixture('salla', 'webhook-order-created.json').data);
    expect(order.vendorOrderId).toBe('1821237697');
    expect(order.fields).toMatchObject({
      source_reference: '92675001',
      total_amount: '343.75',
      subtotal: '300',
      delivery_fee: '25',
      service_fee: '0',
      vat_amount: '48.75',
      discounts_amount: '30',
      customer_name: 'Ahmed Hassan',
      customer_phone: '+966555123456',
      customer_email: 'ahmed.hassan@example.sa',
      receiver_name: 'Fatimah Al-Qahtani',
      receiver_phone: '+966512345678',
      payment_method: 'mada',
      fulfillment_method: 'shipping',
      shipping_fulfillment: {
        carrier: 'SMSA',
        shipment_id: '9915',
        tracking_number: '290019234123',
        tracking_link: 'https://track.smsaexpress.com/290019234123',
      },
    });
    expect(order.fields.shipping_address).toEqual({
      name: 'Fatimah Al-Qahtani',
      phone: '+966512345678',
      line1: 'حي النخيل، شارع الأمير سلطان',
      line2: null,
      district: 'النخيل',
      city: 'الرياض',
      state: null,
      postal_code: '12382',
      country: 'SA',
    });
    expect(order.fields.products[0]).toEqual({
      product_id: '1911645512',
      sku: 'TS-BLK-L',
      name: 'تي شيرت بلاك',
      quantity: 2,
      price: '100',
      total: '200',
      thumbnail: 'https://cdn.salla.sa/products/ts-blk.jpg',
      variant: { options: [{ id: 310, name: 'المقاس', value: { id: 88, name: 'L' } }] },
    });
  });

  it.each([
    ['payment_pending', 'pending', 'unfulfilled', 'pending'],
    ['under_review', 'pending', 'unfulfilled', 'paid'],
    ['in_progress', 'preparing', 'processing', 'paid'],
    ['completed', 'ready', 'processing', 'paid'],
    ['delivering', 'shipped', 'fulfilled', 'paid'],
    ['shipped', 'shipped', 'fulfilled', 'paid'],
    ['delivered', 'delivered', 'fulfilled', 'paid'],
    ['canceled', 'cancelled', 'cancelled', 'paid'],
    ['restoring', 'returned', 'returned', 'paid'],
    ['restored', 'returned', 'returned', 'refunded'],
  ])('maps status slug %s', (slug, order, fulfillment, payment) => {
    const raw = { ...fixture('salla', 'order-list.json').data[0], status: { id: 1, name: 'مخصص', slug } };
    expect(normalize(raw).fields).toMatchObject({
      order_status: order,
      fulfillment_status: fulfillment,
      payment_status: payment,
    });
  });

  it('keeps 3-decimal currencies exact and converts dates at an offset zone to UTC', () => {
    const raw = parseVendorJson(
      '{"id":7,"reference_id":70,"total":{"amount":1234567890123.125,"currency":"KWD"},' +
        '"date":{"date":"2024-02-29 23:30:00.000000","timezone_type":1,"timezone":"+03:00"},' +
        '"status":{"id":1,"name":"تم التوصيل","slug":"delivered"}}',
    );
    const order = normalize(raw);
    expect(order.fields.total_amount).toBe('1234567890123.125'); // 16 digits: a double would round it
    expect(order.fields.currency).toBe('KWD');
    expect(order.fields.source_timestamp?.toISOString()).toBe('2024-02-29T20:30:00.000Z');
  });

  it.each([
    [
      'an unknown status slug',
      { status: { slug: 'lost_in_space' } },
      'status.slug: unknown Salla status "lost_in_space"',
    ],
    [
      'a total that is not a number',
      { total: { amount: 'lots', currency: 'SAR' } } /* text that is no number */,
      'total.amount: must be a number',
    ],
    ['a missing id', { id: null }, 'id: is required'],
    [
      'an unknown currency',
      { total: parseVendorJson('{"amount":5,"currency":"ZZZ"}') },
      'currency: ZZZ is not an ISO 4217 currency code',
    ],
  ])('refuses %s with the vendor path', (_name, override, message) => {
    const raw = { ...fixture('salla', 'order-list.json').data[0], ...override };
    expect(() => normalize(raw)).toThrow(NormalizationError);
    expect(() => normalize(raw)).toThrow(message);
  });
});
