/**
 * @module An `OrderFilter` and sort as SQL over `orders`: the WHERE clause, the ORDER BY, and the
 * keyset condition that continues after a cursor. Expressions match the indexes of migration 0002.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { OrderFilter, OrderSortField, SortSpec } from '../domain/order-filter.js';
import { orders } from './schema.js';

/** When an order was placed: at its source when known, else when it was entered (index orders_placed_idx). */
const placedAt = sql`(coalesce(${orders.source_timestamp}, ${orders.created_at}))`;

/** The sort column and the SQL type its cursor key is cast back to. */
const SORT_COLUMNS: Record<OrderSortField, { column: AnyPgColumn | SQL; type: string }> = {
  placed: { column: placedAt, type: 'timestamptz' },
  created: { column: orders.created_at, type: 'timestamptz' },
  updated: { column: orders.updated_at, type: 'timestamptz' },
  total_amount: { column: orders.total_amount, type: 'numeric' },
  // Order numbers sort by their sequence: ORD-2026-1000 comes after ORD-2026-999.
  order_number: { column: orders.order_seq, type: 'bigint' },
};

/** Same expression as the `orders_search_idx` index, so the trigram index serves `search`. */
const searchText = sql`orders_search_text(${orders.customer_name}, ${orders.customer_email}, ${orders.customer_phone}, ${orders.source_reference}, ${orders.source_transaction_id}, ${orders.order_code}, ${orders.order_number})`;
const productNames = sql`orders_product_names(${orders.products})`;

/** `ILIKE '%fragment%'` with the fragment's own `%`, `_` and `\` taken literally. */
function containsPattern(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * `salla` (a platform: its app's slug is `salla-orders`), `salla-orders` (a slug), an install id,
 * `manual` or `api`: see docs/decisions/0010-list-filters.md.
 */
function sourceCondition(selectors: readonly string[]): SQL | undefined {
  const slugs = selectors.flatMap((selector) => [selector, `${selector}-orders`]);
  return or(inArray(orders.source, [...selectors]), inArray(orders.app_slug, slugs));
}

const anyOf = (column: AnyPgColumn, values: readonly string[] | undefined) =>
  values?.length ? inArray(column, [...values]) : undefined;

export function filterConditions(organizationId: string, filter: OrderFilter): SQL | undefined {
  return and(
    eq(orders.organization_id, organizationId),
    isNull(orders.deleted_at),
    anyOf(orders.order_status, filter.status),
    anyOf(orders.payment_status, filter.payment_status),
    anyOf(orders.fulfillment_status, filter.fulfillment_status),
    filter.source?.length ? sourceCondition(filter.source) : undefined,
    filter.search === undefined ? undefined : sql`${searchText} ilike ${containsPattern(filter.search)}`,
    filter.from === undefined ? undefined : sql`${orders.created_at} >= ${filter.from}::timestamptz`,
    filter.to === undefined ? undefined : sql`${orders.created_at} <= ${filter.to}::timestamptz`,
    filter.placed_from === undefined ? undefined : sql`${placedAt} >= ${filter.placed_from}::timestamptz`,
    filter.placed_to === undefined ? undefined : sql`${placedAt} <= ${filter.placed_to}::timestamptz`,
    filter.updated_since === undefined
      ? undefined
      : sql`${orders.updated_at} >= ${filter.updated_since}::timestamptz`,
    filter.customer_email?.length
      ? inArray(
          sql`lower(${orders.customer_email})`,
          filter.customer_email.map((email) => email.toLowerCase()),
        )
      : undefined,
    anyOf(orders.customer_phone, filter.customer_phone),
    anyOf(orders.source_customer_id, filter.customer_id),
    anyOf(orders.destination_id, filter.destination_id),
    anyOf(orders.payment_method, filter.payment_method),
    anyOf(orders.fulfillment_method, filter.fulfillment_method),
    filter.country?.length
      ? inArray(sql`${orders.shipping_address}->>'country'`, [...filter.country])
      : undefined,
    filter.sku?.length ? sql`${orders.skus} && ${sql.param(filter.sku)}::text[]` : undefined,
    filter.product === undefined ? undefined : sql`${productNames} ilike ${containsPattern(filter.product)}`,
    anyOf(orders.currency, filter.currency),
    filter.min_total === undefined ? undefined : gte(orders.total_amount, filter.min_total),
    filter.max_total === undefined ? undefined : lte(orders.total_amount, filter.max_total),
    anyOf(orders.order_type, filter.order_type),
    filter.is_preorder === undefined ? undefined : eq(orders.is_preorder, filter.is_preorder),
  );
}

export function sortOrder(sort: SortSpec): SQL[] {
  const { column } = SORT_COLUMNS[sort.field];
  return sort.descending ? [desc(column), desc(orders.id)] : [asc(column), asc(orders.id)];
}

/** The sort column as exact text: what a cursor stores and `afterPosition` casts back. */
export function sortKeyText(sort: SortSpec): SQL<string> {
  return sql<string>`${SORT_COLUMNS[sort.field].column}::text`;
}

/** Rows strictly after (sort key, id) in the sort's direction: a row comparison the index can seek. */
export function afterPosition(sort: SortSpec, key: string, id: string): SQL {
  const { column, type } = SORT_COLUMNS[sort.field];
  const bound = sql`(${key}::${sql.raw(type)}, ${id})`;
  return sort.descending
    ? sql`(${column}, ${orders.id}) < ${bound}`
    : sql`(${column}, ${orders.id}) > ${bound}`;
}
