import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/helpers/fixtures.js';
import {
  amountText,
  checkNeverCrashes,
  normalizeOrReason,
  personName,
} from '../../test/helpers/normalizer-properties.js';
import { multiplyDecimal, sumDecimals } from '../domain/money.js';
import { NormalizationError, parseVendorJson } from './vendor-json.js';
import { verifyDelivery } from './webhook-signature.js';
import { zidNormalizer } from './zid.js';

const context = { defaultCurrency: null };

describe('Zid normalizer', () => {
  it('reads a delivered card order, rounding Zid’s 14-decimal amounts to the currency', () => {
    const order = zidNormalizer.normalize(fixture('zid', 'order-delivered.json'), context);
    expect(order.vendorOrderId).toBe('64086815');
    expect(order.fields).toMatchObject({
      source_reference: '64086815',
      order_code: 'hK0w7KCJzo',
      currency: 'SAR',
      total_amount: '201.86',
      subtotal: '165.22',
      vat_amount: '24.78',
      discounts_amount: '10', // written -10 on the invoice
      delivery_fee: '15',
      service_fee: null,
      order_status: 'delivered',
      fulfillment_status: 'fulfilled',
      payment_status: 'paid',
      payment_method: 'zidpay',
      fulfillment_method: 'shipping',
      customer_name: 'سارة العتيبي',
      customer_phone: '966500000005',
      customer_email: 'sara@example.com',
      source_customer_id: '15141670',
      receiver_name: 'سارة العتيبي',
      comment: 'الرجاء الاتصال قبل التوصيل',
      source_status: { code: 'delivered', name: 'تم التوصيل', parent_code: null },
    });
    // Zid's times are UTC without a zone.
    expect(order.fields.source_timestamp?.toISOString()).toBe('2024-03-12T18:25:38.000Z');
    expect(order.vendorTimestamp?.toISOString()).toBe('2024-03-14T13:10:11.000Z');
    expect(order.fields.products).toMatchObject([
      {
        product_id: '2a39d7b88d9d4040b636ab9a085b540d',
        sku: 'glow1114',
        quantity: 2,
        price: '59.13',
        total: '118.26',
        thumbnail: 'https://media.zid.store/small/toner.jpg',
      },
      { sku: 'cream-50', price: '46.96', variant: { parent_id: '5c11a2c0d8e54f1f9b0a0c4e5d6f7a00' } },
    ]);
    expect(order.fields.shipping_fulfillment).toMatchObject({
      carrier: 'Aramex',
      tracking_number: 'TRACK-12345678',
      tracking_link: 'https://example.com/track?number=TRACK-12345678',
    });
    expect(order.fields.shipping_address).toMatchObject({ city: 'الرياض', country: 'SA', line2: 'النرجس' });
  });

  it('takes the details response {status, order} and a list page {status, orders}', () => {
    const raw = fixture('zid', 'order-delivered.json');
    const details = zidNormalizer.normalize({ status: 'object', order: raw }, context);
    expect(details.vendorOrderId).toBe('64086815');
    const page = { status: 'object', orders: [raw, raw], total_order_count: 2 };
    expect(zidNormalizer.pageOrders?.(page)).toHaveLength(2);
    expect(zidNormalizer.pageOrders?.(raw)).toBeNull();
  });

  it('leaves cash on delivery unpaid until delivered, in the order’s own 3-decimal currency', () => {
    const cod = fixture('zid', 'order-cod-kwd.json');
    const order = zidNormalizer.normalize(cod, context);
    expect(order.fields).toMatchObject({
      currency: 'KWD', // charged as 150.22 SAR: the gateway's currency stays in the capture
      total_amount: '12.345',
      delivery_fee: '1.5',
      service_fee: '0.5', // the COD fee
      payment_method: 'zid_cod',
      payment_status: 'pending', // Zid says paid; no cash has changed hands yet
      order_status: 'pending',
      customer_name: 'Abdulrhman Essa',
      receiver_name: 'خالد الحربي', // the consignee
      receiver_phone: '96550000111',
      comment: null,
    });
    // Placeholders ("N/A", "") are not facts.
    expect(order.fields.shipping_fulfillment).toEqual({ carrier: 'أرابيكسا' });
    expect(order.fields.shipping_address).toMatchObject({ line1: null, country: 'KW' });
    const delivered = {
      ...cod,
      order_status: { code: 'delivered', name: 'تم التوصيل' },
      display_status: null,
    };
    expect(zidNormalizer.normalize(delivered, context).fields.payment_status).toBe('paid');
  });

  it('leaves a bank transfer under review unpaid', () => {
    const raw = fixture('zid', 'order-cod-kwd.json');
    raw.payment_status = 'pending';
    raw.payment.method = { name: 'تحويل بنكي', code: 'zid_bank_transfer', type: 'bank' };
    expect(zidNormalizer.normalize(raw, context).fields).toMatchObject({
      payment_method: 'zid_bank_transfer',
      payment_status: 'pending',
    });
  });

  it('reads cancellations, full and partial refunds, and failed payments', () => {
    const raw = fixture('zid', 'order-delivered.json');
    const withStatus = (code: string, payment: string) => ({
      ...raw,
      order_status: { code, name: code },
      display_status: null,
      payment_status: payment,
    });
    expect(zidNormalizer.normalize(withStatus('canceled', 'refunded'), context).fields).toMatchObject({
      order_status: 'cancelled',
      fulfillment_status: 'cancelled',
      payment_status: 'refunded',
    });
    expect(zidNormalizer.normalize(withStatus('cancelled', 'pending'), context).fields.payment_status).toBe(
      'pending',
    );
    expect(zidNormalizer.normalize(withStatus('refunded', 'refunded'), context).fields).toMatchObject({
      order_status: 'returned',
      payment_status: 'refunded',
    });
    expect(
      zidNormalizer.normalize(withStatus('delivered', 'partially_refunded'), context).fields.payment_status,
    ).toBe('partially_refunded');
    expect(zidNormalizer.normalize(withStatus('reversed', 'paid'), context).fields.payment_status).toBe(
      'refunded',
    );
    expect(zidNormalizer.normalize(withStatus('new', 'voided'), context).fields.payment_status).toBe(
      'failed',
    );
    expect(zidNormalizer.normalize(withStatus('expired', 'pending'), context).fields).toMatchObject({
      order_status: 'cancelled',
      payment_status: 'failed',
    });
    expect(() => zidNormalizer.normalize(withStatus('new', 'sort-of'), context)).toThrow(
      'payment_status: unknown Zid payment status "sort-of"',
    );
  });

  it('keeps a merchant’s custom status, follows its parent until mapped (partial shipment)', () => {
    const raw = fixture('zid', 'order-custom-status.json');
    const order = zidNormalizer.normalize(raw, context);
    expect(order.fields).toMatchObject({
      source_status: { code: 'partially-shipped', name: 'شحن جزئي', parent_code: 'preparing' },
      order_status: 'preparing',
      fulfillment_status: 'processing',
      currency: 'AED',
    });
    const mapped = zidNormalizer.normalize(raw, {
      defaultCurrency: null,
      statusMappings: {
        'partially-shipped': { order_status: 'shipped', fulfillment_status: 'partially_fulfilled' },
      },
    });
    expect(mapped.fields).toMatchObject({
      order_status: 'shipped',
      fulfillment_status: 'partially_fulfilled',
    });
    const unknown = { ...raw, order_status: { code: 'on-the-way', name: 'في الطريق' }, display_status: null };
    expect(() => zidNormalizer.normalize(unknown, context)).toThrow(
      'order_status.code: unknown Zid status "on-the-way" (في الطريق): map it',
    );
  });

  it('checks a delivery by the secret in its registered URL, in constant time', () => {
    const body = Buffer.from('{}');
    expect(verifyDelivery('zid', 's3cret', body, {}, 's3cret')).toEqual({ ok: true });
    expect(verifyDelivery('zid', 's3cret', body, {}, 's3cre')).toEqual({
      ok: false,
      reason: 'invalid_signature',
    });
    expect(verifyDelivery('zid', 's3cret', body, {})).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('never crashes, and keeps totals, lines and customer of valid orders', () => {
    checkNeverCrashes(zidNormalizer, [
      fixture('zid', 'order-delivered.json'),
      fixture('zid', 'order-cod-kwd.json'),
      fixture('zid', 'order-custom-status.json'),
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 9 }), price: amountText(2) }), {
          minLength: 1,
          maxLength: 4,
        }),
        personName,
        (lines, name) => {
          const total = sumDecimals(lines.map((line) => multiplyDecimal(line.price, line.quantity)));
          const order = normalizeOrReason(
            zidNormalizer,
            parseVendorJson(
              JSON.stringify({
                id: 1,
                currency_code: 'SAR',
                order_status: { code: 'new', name: 'جديد' },
                order_total: total,
                payment_status: 'paid',
                customer: { id: 7, name },
                products: lines.map((line) => ({
                  ...line,
                  name: 'x',
                  total: multiplyDecimal(line.price, line.quantity),
                })),
              }),
            ),
          );
          if (order instanceof NormalizationError) {
            throw order;
          }
          expect(order.fields).toMatchObject({
            total_amount: total,
            customer_name: name,
            payment_status: 'paid',
          });
          expect(order.fields.products.map(({ quantity, price }) => ({ quantity, price }))).toEqual(lines);
        },
      ),
      { numRuns: 100 },
    );
  });
});
