import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/helpers/fixtures.js';
import { orbitkitNormalizer } from './orbitkit.js';
import { parseVendorJson } from './vendor-json.js';

const normalize = (raw: unknown) => orbitkitNormalizer.normalize(raw, { defaultCurrency: null });

describe('Orbitkit normalizer', () => {
  it('reads the seed order (002): money from cents, variants as products', () => {
    const order = normalize(fixture('orbitkit', 'order.json'));
    expect(order.vendorOrderId).toBe('ORD4548');
    expect(order.fields).toMatchObject({
      source_reference: 'myuniqueorder1',
      order_code: 'ORD4548',
      currency: 'USD',
      total_amount: '21.49',
      delivery_fee: '4.49',
      order_status: 'preparing',
      fulfillment_status: 'processing',
      customer_name: 'Bob Dobbs',
      comment: null, // "" is no note
      source_timestamp: new Date('2020-10-17T00:23:23.071Z'),
    });
    expect(order.fields.products).toEqual([
      {
        product_id: 'PRDTS',
        sku: 'VARTS_BLK_L',
        name: 'Frop More',
        quantity: 2,
        price: '8.5',
        total: '17',
        thumbnail: null,
        variant: {
          key: 'VARTS_BLK_L',
          product: { key: 'PRDTS', name: 'Unisex T-Shirt' },
          color: { key: 'CLRTS_BLK', name: 'Black', hex: '#25282a', texture: 'SOLID' },
          size: 'L',
          side: 'FRONT',
        },
      },
    ]);
    expect(order.fields.shipping_address).toMatchObject({
      line1: '123 Slack St',
      line2: null,
      postal_code: '99999',
    });
  });

  it('derives the pipelines from several fulfillments and keeps their tracking', () => {
    const order = normalize(fixture('orbitkit', 'order-partially-delivered.json'));
    expect(order.fields).toMatchObject({
      order_status: 'shipped',
      fulfillment_status: 'partially_fulfilled',
      total_amount: '45.97',
      currency: 'EUR',
    });
    expect(order.vendorTimestamp?.toISOString()).toBe('2024-03-07T10:30:00.000Z'); // the delivery
    expect(order.fields.shipping_fulfillment).toMatchObject({
      fulfillments: [
        {
          key: 'FUL5123',
          state: 'DELIVERED',
          tracking: { carrier: 'USPS', number: '9400111899223197428490' },
          shipped_at: '2024-03-04T16:00:00Z',
          delivered_at: '2024-03-07T10:30:00Z',
        },
        { key: 'FUL5124', state: 'PROCESSING', tracking: null },
      ],
    });
  });

  it.each([
    [['DELIVERED', 'DELIVERED'], 'delivered', 'fulfilled'],
    [['SHIPPED', 'DELIVERED'], 'shipped', 'fulfilled'],
    [['CANCELLED', 'CANCELLED'], 'cancelled', 'cancelled'],
    [['CANCELLED', 'DELIVERED'], 'delivered', 'fulfilled'],
    [[], 'pending', 'unfulfilled'],
  ])('fulfillment states %j → %s / %s', (states, order, fulfillment) => {
    const raw = {
      ...fixture('orbitkit', 'order.json'),
      fulfillments: states.map((state, index) => ({ key: `F${index}`, state })),
    };
    expect(normalize(raw).fields).toMatchObject({ order_status: order, fulfillment_status: fulfillment });
  });

  it('takes exact amounts from cents and never from the float amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (cents) => {
        const raw = {
          ...fixture('orbitkit', 'order.json'),
          cost: parseVendorJson(`{"cents":${cents},"amount":0.1,"currency":"USD"}`),
        };
        const total = normalize(raw).fields.total_amount;
        const [whole, fraction = ''] = total.split('.');
        // Reassembling the decimal gives back exactly the cents.
        expect(BigInt(whole as string) * 100n + BigInt(fraction.padEnd(2, '0') || '0')).toBe(cents);
      }),
    );
  });

  it('refuses a money object in another currency than the order', () => {
    const raw = {
      ...fixture('orbitkit', 'order.json'),
      shippingCost: parseVendorJson('{"cents":449,"currency":"EUR"}'),
    };
    expect(() => normalize(raw)).toThrow('shippingCost.currency: is EUR, but the order is in USD');
  });
});
