/**
 * @module What a list (or an export) of orders selects and in which order: a plain object that the
 * repository turns into SQL, so every reader of the ledger filters the same way.
 */
import type { FulfillmentStatus, OrderStatus, PaymentStatus } from './order-status.js';

export const ORDER_SORTS = [
  '-created',
  'created',
  '-updated',
  'updated',
  '-total_amount',
  'total_amount',
  '-order_number',
  'order_number',
  '-placed',
  'placed',
] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];
/** `placed`: when the order was placed at its source, else when it was entered (decision 0161). */
export type OrderSortField = 'created' | 'updated' | 'total_amount' | 'order_number' | 'placed';

export interface SortSpec {
  field: OrderSortField;
  descending: boolean;
}

export function toSortSpec(sort: OrderSort): SortSpec {
  const descending = sort.startsWith('-');
  return { field: (descending ? sort.slice(1) : sort) as OrderSortField, descending };
}

/**
 * Every field is optional and every list means "any of these". Times are RFC 3339 strings, money is
 * decimal text: both go to PostgreSQL as they came, so nothing is rounded on the way.
 */
export interface OrderFilter {
  status?: OrderStatus[];
  payment_status?: PaymentStatus[];
  fulfillment_status?: FulfillmentStatus[];
  /** Platform names (`salla`), app slugs (`salla-orders`), install ids, `manual` or `api`. */
  source?: string[];
  /** Case-insensitive fragment of the buyer's name, email, phone or an external id. */
  search?: string;
  /** Inclusive bounds on `created_at` (the contract's `from` / `to`). */
  from?: string;
  to?: string;
  /** Inclusive bounds on the placed time: `source_timestamp`, else `created_at` (decision 0161). */
  placed_from?: string;
  placed_to?: string;
  /** Orders changed at or after this instant (incremental sync). */
  updated_since?: string;
  /** Exact, case-insensitive. */
  customer_email?: string[];
  customer_phone?: string[];
  /** The buyer's id at the source. */
  customer_id?: string[];
  destination_id?: string[];
  payment_method?: string[];
  fulfillment_method?: string[];
  /** Shipping country, ISO 3166-1 alpha-2 upper case. */
  country?: string[];
  /** Orders with a line of any of these skus. */
  sku?: string[];
  /** Case-insensitive fragment of a line's product name. */
  product?: string;
  currency?: string[];
  min_total?: string;
  max_total?: string;
  order_type?: string[];
  is_preorder?: boolean;
}

/**
 * The same filter always gives the same key, whatever order its fields and list values came in: it
 * names a filter set in caches and binds a cursor to the filters it was issued for.
 */
export function filterKey(filter: OrderFilter): string {
  const entries = Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => [name, Array.isArray(value) ? [...new Set(value)].sort() : value] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(entries);
}
