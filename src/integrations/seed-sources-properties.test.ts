/**
 * Properties of the seed sources' normalizers (Syncaty, Orbitkit, the OMS resource): arbitrary JSON
 * never crashes them, and any valid order keeps its totals, lines and customer exactly.
 */
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
import { omsNormalizer } from './oms.js';
import { orbitkitNormalizer } from './orbitkit.js';
import type { SourceNormalizer } from './source-normalizer.js';
import { syncatyNormalizer } from './syncaty.js';
import { NormalizationError, parseVendorJson } from './vendor-json.js';

const lines = fc.array(
  fc.record({
    sku: fc.stringMatching(/^[A-Z]{2,4}-\d{1,4}$/),
    quantity: fc.integer({ min: 1, max: 20 }),
    price: amountText(2),
  }),
  { minLength: 1, maxLength: 5 },
);

function normalizedOrFail(normalizer: SourceNormalizer, raw: unknown) {
  const order = normalizeOrReason(normalizer, parseVendorJson(JSON.stringify(raw)));
  if (order instanceof NormalizationError) {
    throw order;
  }
  return order;
}

describe('seed source normalizers: properties', () => {
  it('never crash on arbitrary JSON or oddly changed payloads', () => {
    checkNeverCrashes(syncatyNormalizer, [fixture('syncaty', 'order.json')]);
    checkNeverCrashes(omsNormalizer, [
      fixture('oms', 'order.json'),
      fixture('oms', 'order-kwd-refunded.json'),
    ]);
    checkNeverCrashes(orbitkitNormalizer, [
      fixture('orbitkit', 'order.json'),
      fixture('orbitkit', 'order-partially-delivered.json'),
    ]);
  });

  it('Syncaty keeps totals, lines and customer', () => {
    fc.assert(
      fc.property(lines, amountText(2), personName, (items, shipping, name) => {
        const subtotal = sumDecimals(items.map((line) => multiplyDecimal(line.price, line.quantity)));
        const total = sumDecimals([subtotal, shipping]);
        const order = normalizedOrFail(syncatyNormalizer, {
          id: 'o-1',
          status: 'completed',
          total,
          subtotal,
          shipping,
          currency: 'SAR',
          order_date: '2024-01-15T10:30:00Z',
          customer: { name, mobile: '+966501234567' },
          items: items.map((line) => ({ ...line, total: multiplyDecimal(line.price, line.quantity) })),
        });
        expect(order.fields).toMatchObject({ total_amount: total, subtotal, delivery_fee: shipping });
        expect(order.fields).toMatchObject({ customer_name: name, customer_phone: '+966501234567' });
        expect(order.fields.products.map(({ sku, quantity, price }) => ({ sku, quantity, price }))).toEqual(
          items,
        );
      }),
      { numRuns: 100 },
    );
  });

  it('the OMS resource keeps totals, lines and customer', () => {
    fc.assert(
      fc.property(lines, personName, (items, name) => {
        const total = sumDecimals(items.map((line) => multiplyDecimal(line.price, line.quantity)));
        const order = normalizedOrFail(omsNormalizer, {
          id: 'ord_1',
          number: 'BS-1',
          status: 'shipped',
          payment_status: 'captured',
          currency: 'USD',
          total_amount: total,
          created_at: '2025-01-02T09:41:07Z',
          customer: { name, email: 'b@example.com' },
          line_items: items.map(({ sku, quantity, price }) => ({ sku, quantity, unit_price: price })),
        });
        expect(order.fields).toMatchObject({
          total_amount: total,
          customer_name: name,
          payment_status: 'paid',
        });
        expect(order.fields.products.map(({ sku, quantity, price }) => ({ sku, quantity, price }))).toEqual(
          items,
        );
      }),
      { numRuns: 100 },
    );
  });

  it('Orbitkit keeps totals and lines from cents', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            quantity: fc.integer({ min: 1, max: 9 }),
            cents: fc.integer({ min: 0, max: 10 ** 7 }),
          }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        personName,
        (items, name) => {
          const totalCents = items.reduce((sum, line) => sum + line.cents * line.quantity, 0);
          const money = (cents: number) => ({ cents, currency: 'USD' });
          const order = normalizedOrFail(orbitkitNormalizer, {
            key: 'ORD1',
            created: '2020-10-17T00:23:23.071Z',
            cost: money(totalCents),
            shipping: { name },
            lineItems: items.map((line) => ({
              quantity: line.quantity,
              unitCost: money(line.cents),
              totalCost: money(line.cents * line.quantity),
            })),
          });
          const decimal = (cents: number) =>
            sumDecimals([`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`]);
          expect(order.fields).toMatchObject({ total_amount: decimal(totalCents), customer_name: name });
          expect(order.fields.products.map((line) => line.price)).toEqual(
            items.map((line) => decimal(line.cents)),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});
