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
import { shopifyNormalizer } from './shopify.js';
import { NormalizationError, parseVendorJson } from './vendor-json.js';
import { woocommerceNormalizer } from './woocommerce.js';

const context = { defaultCurrency: null };

describe('Shopify normalizer', () => {
  it('reads a paid, partially refunded, partially fulfilled order in the shop currency', () => {
    const order = shopifyNormalizer.normalize(fixture('shopify', 'order-partially-fulfilled.json'), context);
    expect(order.vendorOrderId).toBe('450789469');
    expect(order.fields).toMatchObject({
      source_reference: '#1001',
      order_code: '#1001',
      currency: 'SAR', // the shop's books; the buyer paid in USD (presentment)
      total_amount: '598.94',
      subtotal: '597',
      vat_amount: '11.94',
      discounts_amount: '10',
      delivery_fee: '0',
      order_status: 'shipped',
      fulfillment_status: 'partially_fulfilled',
      payment_status: 'partially_refunded',
      payment_method: 'shopify_payments',
      customer_name: 'Bob Norman',
      customer_email: 'bob.norman@mail.example.com',
      customer_phone: '+966555000111',
      receiver_name: 'Bob Norman',
      comment: 'Leave at the door',
      source_status: { code: 'partially_refunded/partial', name: null, parent_code: null },
    });
    expect(order.fields.source_timestamp?.toISOString()).toBe('2024-03-12T18:25:38.000Z'); // processed_at
    expect(order.vendorTimestamp?.toISOString()).toBe('2024-03-14T13:10:11.000Z');
    expect(order.fields.products[1]).toMatchObject({
      sku: 'IPOD2008RED',
      quantity: 2,
      price: '199',
      total: '398',
    });
    expect(order.fields.shipping_fulfillment).toMatchObject({ carrier: 'Aramex', tracking_number: '1Z2345' });
    expect(order.fields.shipping_address).toMatchObject({
      country: 'US',
      state: 'Kentucky',
      postal_code: '40202',
    });
  });

  it('leaves cash on delivery pending, in a 3-decimal currency', () => {
    const order = shopifyNormalizer.normalize(fixture('shopify', 'order-cod.json'), context);
    expect(order.vendorOrderId).toBe('820982911946154508'); // beyond a double: kept as text
    expect(order.fields).toMatchObject({
      currency: 'KWD',
      total_amount: '12.345',
      delivery_fee: '1',
      payment_method: 'Cash on Delivery (COD)',
      payment_status: 'pending',
      order_status: 'pending',
      fulfillment_status: 'unfulfilled',
    });
  });

  it('reads a cancelled, fully refunded order, and the details envelope {order}', () => {
    const raw = { order: fixture('shopify', 'order-cancelled.json') };
    expect(shopifyNormalizer.normalize(raw, context).fields).toMatchObject({
      order_status: 'cancelled',
      fulfillment_status: 'cancelled',
      payment_status: 'refunded',
      currency: 'AED',
    });
    expect(shopifyNormalizer.pageOrders?.({ orders: [1, 2] })).toEqual([1, 2]);
  });

  it('marks a fulfilled order delivered once every shipment is delivered', () => {
    const raw = fixture('shopify', 'order-partially-fulfilled.json');
    raw.fulfillment_status = 'fulfilled';
    raw.fulfillments[0].shipment_status = 'delivered';
    expect(shopifyNormalizer.normalize(raw, context).fields.order_status).toBe('delivered');
  });

  it('never crashes, and keeps totals, lines and customer of valid orders', () => {
    checkNeverCrashes(shopifyNormalizer, [
      fixture('shopify', 'order-partially-fulfilled.json'),
      fixture('shopify', 'order-cod.json'),
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
          const [first, ...last] = name.split(' ');
          const order = normalizeOrReason(
            shopifyNormalizer,
            parseVendorJson(
              JSON.stringify({
                id: 1,
                name: '#1',
                currency: 'SAR',
                total_price: total,
                financial_status: 'paid',
                customer: { first_name: first, last_name: last.join(' ') },
                line_items: lines.map((line) => ({ ...line, name: 'x' })),
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

describe('WooCommerce normalizer', () => {
  it('reads a processing order paid by bank transfer', () => {
    const order = woocommerceNormalizer.normalize(fixture('woocommerce', 'order-processing.json'), context);
    expect(order.vendorOrderId).toBe('727');
    expect(order.fields).toMatchObject({
      order_code: '727',
      currency: 'SAR',
      total_amount: '29.35',
      subtotal: '18',
      vat_amount: '1.35',
      delivery_fee: '10',
      order_status: 'confirmed',
      payment_status: 'paid', // bacs, and the merchant moved it on from on-hold
      payment_method: 'bacs',
      fulfillment_method: 'shipping',
      customer_name: 'John Doe',
      source_customer_id: null, // 0: a guest
      source_status: { code: 'processing', name: null, parent_code: null },
    });
    expect(order.fields.source_timestamp?.toISOString()).toBe('2024-03-22T13:28:02.000Z'); // date_created_gmt
    expect(order.fields.products[1]).toMatchObject({
      sku: 'SYI-BLK-M',
      price: '12',
      thumbnail: 'https://example.com/wp-content/uploads/2024/03/ship.jpg',
    });
  });

  it('leaves a bank transfer on hold unpaid, and COD unpaid until completed', () => {
    const onHold = { ...fixture('woocommerce', 'order-processing.json'), status: 'on-hold' };
    expect(woocommerceNormalizer.normalize(onHold, context).fields.payment_status).toBe('pending');
    const cod = fixture('woocommerce', 'order-cod-partially-refunded.json');
    const processing = { ...cod, status: 'processing', refunds: [] };
    // Woo stamps date_paid on a COD order at processing: no cash has changed hands.
    expect(woocommerceNormalizer.normalize(processing, context).fields.payment_status).toBe('pending');
    expect(woocommerceNormalizer.normalize({ ...cod, refunds: [] }, context).fields.payment_status).toBe(
      'paid',
    );
  });

  it('reads a partial refund, a full one, and a custom status only once mapped', () => {
    const cod = fixture('woocommerce', 'order-cod-partially-refunded.json');
    expect(woocommerceNormalizer.normalize(cod, context).fields).toMatchObject({
      payment_status: 'partially_refunded',
      currency: 'KWD',
      total_amount: '20.5',
      customer_name: 'خالد الحربي',
      comment: 'اتصل قبل الوصول',
    });
    const full = { ...cod, refunds: [{ total: '-20.500' }] };
    expect(woocommerceNormalizer.normalize(full, context).fields.payment_status).toBe('refunded');
    const custom = { ...cod, status: 'awaiting-shipment' };
    expect(() => woocommerceNormalizer.normalize(custom, context)).toThrow(
      'status: unknown WooCommerce status "awaiting-shipment"',
    );
    const mapped = woocommerceNormalizer.normalize(custom, {
      defaultCurrency: null,
      statusMappings: { 'awaiting-shipment': { order_status: 'ready', fulfillment_status: 'processing' } },
    });
    expect(mapped.fields).toMatchObject({ order_status: 'ready', fulfillment_status: 'processing' });
  });

  it('never crashes', () => {
    checkNeverCrashes(woocommerceNormalizer, [
      fixture('woocommerce', 'order-processing.json'),
      fixture('woocommerce', 'order-cod-partially-refunded.json'),
    ]);
  });
});
