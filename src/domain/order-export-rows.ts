/**
 * @module The flat rows of a spreadsheet export: which columns an order (or one of its product lines)
 * becomes, and the type of each cell, so that CSV writes text and XLSX writes numbers and dates.
 */
import type { UnifiedOrderPayload } from './order.js';

export type CellType = 'text' | 'number' | 'time' | 'boolean';
export type Cell = string | number | boolean | null;

export interface ExportColumn {
  header: string;
  type: CellType;
}

/** One row per order, or one row per product line (`lines=items`) for merchants who reconcile skus. */
export type ExportLines = 'orders' | 'items';

type ProductPayload = UnifiedOrderPayload['products'][number];

interface ColumnSpec<T> extends ExportColumn {
  value: (from: T) => Cell;
}

const text = <T>(header: string, value: (from: T) => string | null): ColumnSpec<T> => ({
  header,
  type: 'text',
  value,
});
const number = <T>(header: string, value: (from: T) => number | null): ColumnSpec<T> => ({
  header,
  type: 'number',
  value,
});
const time = <T>(header: string, value: (from: T) => string | null): ColumnSpec<T> => ({
  header,
  type: 'time',
  value,
});

type Order = UnifiedOrderPayload;
const address = (order: Order) => order.shipping_address;

const ORDER_COLUMNS: ReadonlyArray<ColumnSpec<Order>> = [
  text('id', (o) => o.id),
  text('source_reference', (o) => o.source_reference),
  text('source_transaction_id', (o) => o.source_transaction_id),
  text('order_code', (o) => o.order_code),
  text('order_type', (o) => o.order_type),
  text('order_status', (o) => o.order_status),
  text('payment_status', (o) => o.payment_status),
  text('fulfillment_status', (o) => o.fulfillment_status),
  text('payment_method', (o) => o.payment_method),
  text('fulfillment_method', (o) => o.fulfillment_method),
  text('transport_type', (o) => o.transport_type),
  text('currency', (o) => o.currency),
  number('total_amount', (o) => o.total_amount),
  number('subtotal', (o) => o.subtotal),
  number('discounts_amount', (o) => o.discounts_amount),
  number('vat_amount', (o) => o.vat_amount),
  number('delivery_fee', (o) => o.delivery_fee),
  number('service_fee', (o) => o.service_fee),
  text('customer_name', (o) => o.customer_name),
  text('customer_phone', (o) => o.customer_phone),
  text('customer_email', (o) => o.customer_email),
  text('receiver_name', (o) => o.receiver_name),
  text('receiver_phone', (o) => o.receiver_phone),
  text('shipping_name', (o) => address(o)?.name ?? null),
  text('shipping_phone', (o) => address(o)?.phone ?? null),
  text('shipping_line1', (o) => address(o)?.line1 ?? null),
  text('shipping_line2', (o) => address(o)?.line2 ?? null),
  text('shipping_district', (o) => address(o)?.district ?? null),
  text('shipping_city', (o) => address(o)?.city ?? null),
  text('shipping_state', (o) => address(o)?.state ?? null),
  text('shipping_postal_code', (o) => address(o)?.postal_code ?? null),
  text('shipping_country', (o) => address(o)?.country ?? null),
  text('destination_id', (o) => o.destination_id),
  text('destination_reference', (o) => o.destination_reference),
  text('store_name', (o) => o.store_name),
  // Sku codes never contain spaces in practice, but `|` keeps them apart even if they did.
  text('skus', (o) => o.skus.join('|')),
  number('product_count', (o) => o.products.length),
  number('item_quantity', (o) => o.products.reduce((sum, line) => sum + line.quantity, 0)),
  { header: 'is_preorder', type: 'boolean', value: (o) => o.is_preorder },
  text('comment', (o) => o.comment),
  time('source_timestamp', (o) => o.source_timestamp),
  time('promised_for', (o) => o.promised_for),
  time('created_at', (o) => o.created_at),
  time('updated_at', (o) => o.updated_at),
];

/** A product line and its 1-based position; absent for an order without lines. */
type LineAt = { line: ProductPayload; number: number } | undefined;

const LINE_COLUMNS: ReadonlyArray<ColumnSpec<LineAt>> = [
  number('line_number', (at) => at?.number ?? null),
  text('line_product_id', (at) => at?.line.product_id ?? null),
  text('line_sku', (at) => at?.line.sku ?? null),
  text('line_name', (at) => at?.line.name ?? null),
  number('line_quantity', (at) => at?.line.quantity ?? null),
  number('line_price', (at) => at?.line.price ?? null),
  number('line_total', (at) => at?.line.total ?? null),
];

export function exportColumns(lines: ExportLines): ExportColumn[] {
  const columns: ExportColumn[] = [...ORDER_COLUMNS, ...(lines === 'items' ? LINE_COLUMNS : [])];
  return columns.map(({ header, type }) => ({ header, type }));
}

/**
 * The rows of one order, cells in `exportColumns` order. With `lines=items` an order gives one row per
 * product line, and an order without lines still gives one row (empty line cells), so that no order
 * goes missing from a reconciliation.
 */
export function exportRows(order: Order, lines: ExportLines): Cell[][] {
  const orderCells = ORDER_COLUMNS.map((column) => column.value(order));
  if (lines === 'orders') {
    return [orderCells];
  }
  const lineAts: LineAt[] =
    order.products.length > 0
      ? order.products.map((line, index) => ({ line, number: index + 1 }))
      : [undefined];
  return lineAts.map((at) => [...orderCells, ...LINE_COLUMNS.map((column) => column.value(at))]);
}

/**
 * A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a leading tab / CR that
 * some readers strip first) gets a `'` in front, as OWASP recommends. Only text cells: numbers stay
 * numbers.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
