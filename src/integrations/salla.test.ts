import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/helpers/fixtures.js';
import {
  amountText,
  checkNeverCrashes,
  normalizeOrReason,
  personName,
} from '../../test/helpers/normalizer-properties.js';
import { sumDecimals } from '../domain/money.js';
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
      // A bank transfer whose receipt is still under review: no money has been confirmed yet.
      payment_status: 'pending',
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
  ])('maps status slug %s (paid online with mada)', (slug, order, fulfillment, payment) => {
    const raw = {
      ...fixture('salla', 'order-list.json').data[0],
      payment_method: 'mada',
      status: { id: 1, name: 'مخصص', slug },
    };
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

describe('Salla fidelity (issue 19)', () => {
  const listRow = () => fixture('salla', 'order-list.json').data[0];
  const details = () => fixture('salla', 'order-details-cod.json');
  const withStatus = (slug: string, extra: Record<string, unknown>) => ({
    ...listRow(),
    status: { id: 1, name: 'x', slug },
    ...extra,
  });

  it('reads the order details response {status, success, data} as sent', () => {
    const order = normalize(details());
    expect(order.vendorOrderId).toBe('1473353380');
    expect(order.fields.source_reference).toBe('73157098');
  });

  it('reads a webhook body sent as is to the intake route', () => {
    const order = normalize(fixture('salla', 'webhook-order-created.json'));
    expect(order.vendorOrderId).toBe('1821237697');
  });

  it('knows the orders of a list page', () => {
    expect(sallaNormalizer.pageOrders?.(fixture('salla', 'order-list.json'))).toHaveLength(2);
    expect(sallaNormalizer.pageOrders?.(details())).toBeNull();
  });

  it('leaves cash on delivery unpaid until the order is delivered', () => {
    expect(normalize(details()).fields.payment_status).toBe('pending'); // in_progress, cod
    const cod = { payment_method: 'cod', is_pending_payment: false };
    expect(normalize(withStatus('shipped', cod)).fields.payment_status).toBe('pending');
    expect(normalize(withStatus('delivered', cod)).fields.payment_status).toBe('paid');
    expect(normalize(withStatus('canceled', cod)).fields.payment_status).toBe('pending');
  });

  it('leaves a bank transfer unpaid while its receipt is under review', () => {
    const bank = { payment_method: 'bank', is_pending_payment: false };
    expect(normalize(withStatus('under_review', bank)).fields.payment_status).toBe('pending');
    expect(normalize(withStatus('in_progress', bank)).fields.payment_status).toBe('paid');
    expect(normalize(withStatus('restored', bank)).fields.payment_status).toBe('refunded');
  });

  it('takes an online gateway as paid once Salla waits for nothing', () => {
    const mada = (pending: unknown) =>
      withStatus('under_review', { payment_method: 'mada', is_pending_payment: pending });
    expect(normalize(mada(false)).fields.payment_status).toBe('paid');
    expect(normalize(mada(true)).fields.payment_status).toBe('pending');
    expect(normalize(mada('0')).fields.payment_status).toBe('paid'); // a flag as text
    expect(normalize(withStatus('in_progress', { payment_method: null })).fields.payment_status).toBe(
      'pending',
    );
  });

  it('reads customer.name, the top-level receiver and the shipments, dropping "0" placeholders', () => {
    const { fields } = normalize(details());
    expect(fields).toMatchObject({
      customer_name: 'سارة العتيبي',
      customer_phone: '+966501234567',
      receiver_name: 'نورة العتيبي',
      receiver_phone: '+966512223344',
      fulfillment_method: 'shipping',
      payment_method: 'cod',
    });
    expect(fields.shipping_fulfillment).toEqual({
      carrier: 'أرامكس',
      shipment_id: '362985662',
      shipments: [{ carrier: 'أرامكس', shipment_id: '362985662', status: 'creating' }],
    });
    expect(fields.shipping_address).toMatchObject({ name: 'نورة العتيبي', phone: '+966512223344' });
  });

  it('keeps tracking once the courier assigned it', () => {
    const raw = details();
    raw.data.shipments[0].tracking_number = '290019234123';
    raw.data.shipments[0].tracking_link = 'https://track.aramex.com/290019234123';
    expect(normalize(raw).fields.shipping_fulfillment).toMatchObject({
      tracking_number: '290019234123',
      tracking_link: 'https://track.aramex.com/290019234123',
    });
  });

  it('rounds amounts with more decimals than the currency to its minor units, half away from zero', () => {
    const { fields } = normalize(details());
    expect(fields.subtotal).toBe('86.96'); // "86.95652173913043"
    expect(fields.vat_amount).toBe('13.04'); // 13.04347826086957
    expect(fields.total_amount).toBe('140');
    expect(fields.products[0]).toMatchObject({ price: '86.96', total: '86.96', quantity: 1 });
    const discounted = withStatus('in_progress', {
      amounts: { discounts: [{ discount: '12.34567890123456' }, { discount: '0.005' }] },
    });
    // Threw "RangeError: more than 6 decimal places" before.
    expect(normalize(discounted).fields.discounts_amount).toBe('12.35');
  });

  it('tolerates untidy JSON where the fact is simply absent', () => {
    const raw = {
      ...listRow(),
      id: '1017120475', // a number as text
      reference_id: 40497536,
      total: { amount: '55.00', currency: 'SAR' },
      shipping: [], // PHP's empty map
      amounts: [],
      customer: { first_name: '', last_name: '', name: 'Ali', mobile: 555000111, mobile_code: '+966' },
      items: [
        { name: 'x', quantity: '2', amounts: { total: { amount: '10', currency: 'SAR' } }, options: [] },
      ],
      date: '2022-06-16 14:48:20', // no zone: Salla's own, Riyadh
    };
    const { fields } = normalize(raw);
    expect(fields).toMatchObject({
      total_amount: '55',
      customer_name: 'Ali',
      customer_phone: '+966555000111',
      shipping_address: null,
      fulfillment_method: 'shipping', // features.shippable
    });
    expect(fields.products[0]).toMatchObject({ quantity: 2, total: '10', variant: null });
    expect(fields.source_timestamp?.toISOString()).toBe('2022-06-16T11:48:20.000Z');
    const isoDate = normalize({ ...raw, date: { date: '2022-06-16T11:48:20Z' } });
    expect(isoDate.fields.source_timestamp?.toISOString()).toBe('2022-06-16T11:48:20.000Z');
  });

  it('keeps the order placed time as source_timestamp, the update time for versions', () => {
    const order = normalize({
      ...listRow(),
      updated_at: { date: '2024-03-01 09:00:00.000000', timezone: 'Asia/Riyadh' },
    });
    expect(order.fields.source_timestamp?.toISOString()).toBe('2022-06-16T11:48:20.000Z');
    expect(order.vendorTimestamp?.toISOString()).toBe('2024-03-01T06:00:00.000Z');
  });

  it('keeps the merchant’s own status, and maps a customized one by its parent unless mapped itself', () => {
    const custom = {
      ...listRow(),
      payment_method: 'mada',
      status: {
        id: 5,
        name: 'قيد التنفيذ',
        slug: 'in_progress',
        customized: { id: 7701, name: 'تم التغليف' },
      },
    };
    const byParent = normalize(custom);
    expect(byParent.fields.source_status).toEqual({
      code: '7701',
      name: 'تم التغليف',
      parent_code: 'in_progress',
    });
    expect(byParent.fields.order_status).toBe('preparing');
    const mapped = sallaNormalizer.normalize(custom, {
      defaultCurrency: null,
      statusMappings: { '7701': { order_status: 'ready', fulfillment_status: 'processing' } },
    });
    expect(mapped.fields).toMatchObject({ order_status: 'ready', fulfillment_status: 'processing' });
  });

  it('fails an unknown status naming it and the mapping, and promotes it once mapped', () => {
    const raw = { ...listRow(), status: { id: 9, name: 'بانتظار التصنيع', slug: 'awaiting_production' } };
    expect(() => normalize(raw)).toThrow(
      'status.slug: unknown Salla status "awaiting_production" (بانتظار التصنيع): map it with PUT /api/v1/apps/{id}/status-mappings',
    );
    const mapped = sallaNormalizer.normalize(raw, {
      defaultCurrency: null,
      statusMappings: { awaiting_production: { order_status: 'preparing', payment_status: 'paid' } },
    });
    expect(mapped.fields).toMatchObject({
      order_status: 'preparing',
      fulfillment_status: 'unfulfilled',
      payment_status: 'paid',
    });
  });

  it.each([
    [
      'a line price read from items[].price',
      { items: [{ quantity: 1, price: 'abc' }] },
      'items[0].price: must be a number',
    ],
    [
      'a product id read from items[].product_id',
      { items: [{ quantity: 1, product_id: {} }] },
      'items[0].product_id: must be a string',
    ],
    ['a currency read from the order', { total: { amount: 5 }, currency: {} }, 'currency: must be a string'],
    [
      'a total read from amounts.total',
      { total: undefined, amounts: { total: { amount: 'x' } } },
      'amounts.total.amount: must be a number',
    ],
    [
      'a receiver read from the top level',
      { receiver: { name: 'Ali', phone: {} } },
      'receiver.phone: must be a string',
    ],
    [
      'an address line read from street_number',
      { shipping: { address: { street_number: [] } } },
      'shipping.address.street_number: must be a string',
    ],
  ])('names the field it read when %s is wrong', (_name, override, message) => {
    expect(() => normalize({ ...listRow(), ...override })).toThrow(message);
  });

  it('never crashes on arbitrary JSON or oddly changed payloads', () => {
    checkNeverCrashes(sallaNormalizer, [
      listRow(),
      details(),
      fixture('salla', 'webhook-order-created.json'),
    ]);
  });

  it('keeps the totals, lines and customer of any valid order exactly', () => {
    const line = fc.record({
      name: fc.string({ minLength: 1, maxLength: 20 }).filter((name) => name.trim() === name && name !== ''),
      quantity: fc.integer({ min: 1, max: 50 }),
      price: amountText(2),
    });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 5 }),
        amountText(2),
        personName,
        fc.constantFrom('+966500000001', '+971501234567'),
        (lines, shipping, name, mobile) => {
          const subtotal = sumDecimals(lines.map((item) => item.price));
          const total = sumDecimals([subtotal, shipping]);
          const raw = parseVendorJson(
            JSON.stringify({
              id: 42,
              reference_id: 4242,
              status: { id: 1, name: 'تم التوصيل', slug: 'delivered' },
              payment_method: 'credit_card',
              is_pending_payment: false,
              amounts: {
                sub_total: { amount: subtotal, currency: 'SAR' },
                shipping_cost: { amount: shipping, currency: 'SAR' },
                total: { amount: total, currency: 'SAR' },
              },
              customer: { name, mobile, email: 'buyer@example.sa' },
              items: lines.map((item) => ({
                name: item.name,
                quantity: item.quantity,
                amounts: { price_without_tax: { amount: item.price, currency: 'SAR' } },
              })),
            }),
          );
          const order = normalizeOrReason(sallaNormalizer, raw);
          if (order instanceof NormalizationError) {
            throw order;
          }
          expect(order.fields).toMatchObject({
            total_amount: total,
            subtotal,
            delivery_fee: shipping,
            currency: 'SAR',
            customer_name: name,
            customer_phone: mobile,
            customer_email: 'buyer@example.sa',
            payment_status: 'paid',
          });
          expect(
            order.fields.products.map(({ name, quantity, price }) => ({ name, quantity, price })),
          ).toEqual(lines);
        },
      ),
      { numRuns: 200 },
    );
  });
});
