import { describe, expect, it } from 'vitest';
import type { UnifiedOrderPayload } from './order.js';
import { exportColumns, exportRows, neutralizeFormula } from './order-export-rows.js';

const order = (products: UnifiedOrderPayload['products']) =>
  ({
    id: 'ord_1',
    total_amount: 12.345,
    subtotal: null,
    currency: 'KWD',
    skus: products.flatMap((line) => (line.sku ? [line.sku] : [])),
    products,
    shipping_address: null,
    is_preorder: false,
    created_at: '2026-11-23T10:00:00Z',
  }) as UnifiedOrderPayload;

const line = (sku: string, quantity: number) => ({
  product_id: null,
  sku,
  name: sku,
  quantity,
  price: 1.005,
  total: null,
  thumbnail: null,
  variant: null,
});

const cell = (row: unknown[] | undefined, header: string, lines: 'orders' | 'items' = 'items') =>
  row?.[exportColumns(lines).findIndex((column) => column.header === header)];

describe('exportRows', () => {
  it('gives one row per order with counts, and one per line with lines=items', () => {
    const withLines = order([line('A', 2), line('B', 3)]);
    const [orderRow] = exportRows(withLines, 'orders');
    expect(cell(orderRow, 'product_count', 'orders')).toBe(2);
    expect(cell(orderRow, 'item_quantity', 'orders')).toBe(5);
    expect(cell(orderRow, 'skus', 'orders')).toBe('A|B');
    const rows = exportRows(withLines, 'items');
    expect(
      rows.map((row) => [cell(row, 'line_number'), cell(row, 'line_sku'), cell(row, 'line_price')]),
    ).toEqual([
      [1, 'A', 1.005],
      [2, 'B', 1.005],
    ]);
    expect(rows.every((row) => row.length === exportColumns('items').length)).toBe(true);
  });

  it('keeps an order without lines as one row with empty line cells', () => {
    const rows = exportRows(order([]), 'items');
    expect(rows).toHaveLength(1);
    expect(cell(rows[0], 'id')).toBe('ord_1');
    expect(cell(rows[0], 'line_number')).toBeNull();
    expect(cell(rows[0], 'line_sku')).toBeNull();
  });
});

describe('neutralizeFormula', () => {
  it('prefixes what a spreadsheet would run and leaves the rest', () => {
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(neutralizeFormula(formula)).toBe(`'${formula}`);
    }
    for (const plain of ['Sarah', 'محمد', '1-2', 'a=b', '']) {
      expect(neutralizeFormula(plain)).toBe(plain);
    }
  });
});
