import { describe, expect, it } from 'vitest';
import type { ProductLine } from './order.js';
import type { OrderStatus } from './order-status.js';
import { demandOf, planReservations, type StockLevel, stockActionFor, stockKey } from './stock.js';

const line = (sku: string | null, quantity: number): ProductLine => ({
  product_id: null,
  sku,
  name: null,
  quantity,
  price: null,
  total: null,
  thumbnail: null,
  variant: null,
});

const levels = (...rows: StockLevel[]) =>
  new Map(rows.map((row) => [stockKey(row.sku, row.location_id), row]));

describe('demandOf', () => {
  it('sums lines per SKU and ignores lines without one', () => {
    expect([...demandOf([line('A', 1), line(null, 9), line('A', 2), line('B', 1)])]).toEqual([
      ['A', 3],
      ['B', 1],
    ]);
  });
});

describe('planReservations', () => {
  it('lets earlier orders of a batch use up what later ones see', () => {
    const stock = levels({ sku: 'A', location_id: '', on_hand: 3, reserved: 0 });
    const plans = planReservations(
      [
        { products: [line('A', 2)], destinationId: null, strict: true },
        { products: [line('A', 2)], destinationId: null, strict: true },
        { products: [line('A', 1)], destinationId: null, strict: true },
      ],
      stock,
    );
    expect(plans.map((plan) => plan.ok)).toEqual([true, false, true]);
    expect(plans[1]).toEqual({ ok: false, shortage: { A: { requested: 2, available: 1 } } });
    expect(stock.get(stockKey('A', ''))?.reserved).toBe(3);
  });

  it('reserves nothing of an order that falls short on any line', () => {
    const stock = levels(
      { sku: 'A', location_id: '', on_hand: 5, reserved: 0 },
      { sku: 'B', location_id: '', on_hand: 0, reserved: 0 },
    );
    const [plan] = planReservations(
      [{ products: [line('A', 1), line('B', 1)], destinationId: null, strict: true }],
      stock,
    );
    expect(plan?.ok).toBe(false);
    expect(stock.get(stockKey('A', ''))?.reserved).toBe(0);
  });

  it('prefers the destination row, and reserves past zero when not strict', () => {
    const stock = levels(
      { sku: 'A', location_id: '', on_hand: 5, reserved: 0 },
      { sku: 'A', location_id: 'b1', on_hand: 0, reserved: 0 },
    );
    const [plan] = planReservations(
      [{ products: [line('A', 2)], destinationId: 'b1', strict: false }],
      stock,
    );
    expect(plan).toEqual({ ok: true, lines: [{ sku: 'A', location_id: 'b1', quantity: 2 }] });
  });
});

describe('stockActionFor', () => {
  it('maps states to movements', () => {
    const at = (order_status: OrderStatus, deleted_at: Date | null = null) =>
      stockActionFor({ order_status, deleted_at });
    expect(at('pending')).toBeNull();
    expect(at('ready')).toBeNull();
    expect(at('cancelled')).toBe('released');
    expect(at('pending', new Date())).toBe('released');
    expect(at('shipped')).toBe('committed');
    expect(at('delivered')).toBe('committed');
    expect(at('returned')).toBe('restocked');
  });
});
