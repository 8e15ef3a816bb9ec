/**
 * @module The list's URL query: which parameters are filters (mirrored from the API's list query, see
 * src/http/order-filter-query.ts), which are paging, and how the page builds API paths from them.
 */

/** Every filter the list endpoint takes, with the label the page shows. Order = form order. */
export const FILTERS = [
  { name: 'search', label: 'Search', placeholder: 'Name, email, phone or external id' },
  { name: 'status', label: 'Order status' },
  { name: 'payment_status', label: 'Payment' },
  { name: 'fulfillment_status', label: 'Fulfillment' },
  { name: 'source', label: 'Source', placeholder: 'manual, api, salla, install id…' },
  { name: 'from', label: 'Created from', type: 'datetime-local' },
  { name: 'to', label: 'Created to', type: 'datetime-local' },
  { name: 'updated_since', label: 'Updated since', type: 'datetime-local' },
  { name: 'customer_email', label: 'Customer email' },
  { name: 'customer_phone', label: 'Customer phone' },
  { name: 'customer_id', label: 'Customer id' },
  { name: 'destination_id', label: 'Store / branch id' },
  { name: 'payment_method', label: 'Payment method' },
  { name: 'fulfillment_method', label: 'Fulfillment method' },
  { name: 'country', label: 'Country', placeholder: 'SA, AE…' },
  { name: 'sku', label: 'SKU' },
  { name: 'product', label: 'Product name' },
  { name: 'currency', label: 'Currency', placeholder: 'SAR, KWD…' },
  { name: 'min_total', label: 'Min total', type: 'number' },
  { name: 'max_total', label: 'Max total', type: 'number' },
  { name: 'order_type', label: 'Order type' },
  { name: 'is_preorder', label: 'Preorder' },
] as const;

export type FilterName = (typeof FILTERS)[number]['name'];
export const FILTER_NAMES: readonly string[] = FILTERS.map((filter) => filter.name);
/** Shown without opening "More filters". */
export const PRIMARY_FILTERS: readonly FilterName[] = [
  'search',
  'status',
  'payment_status',
  'fulfillment_status',
  'source',
  'from',
  'to',
];
export const TIME_FILTERS: readonly string[] = ['from', 'to', 'updated_since'];

const LIST_PARAMS = [...FILTER_NAMES, 'sort', 'page', 'limit', 'cursor'];

/** The URL query, reduced to what the API understands (the page may carry other state in the URL). */
export function listQuery(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const name of LIST_PARAMS) {
    const value = query.get(name);
    if (value !== null && (value !== '' || name === 'cursor')) {
      out.set(name, value);
    }
  }
  return out;
}

/** Filters and sort only: what an export of "these orders" needs. */
export function exportQuery(query: URLSearchParams, format: string): URLSearchParams {
  const out = new URLSearchParams({ format });
  for (const name of [...FILTER_NAMES, 'sort']) {
    const value = query.get(name);
    if (value) {
      out.set(name, value);
    }
  }
  return out;
}

export function activeFilterCount(query: URLSearchParams): number {
  return FILTER_NAMES.filter((name) => query.get(name)).length;
}

/** `datetime-local` input value ↔ the RFC 3339 instant the API wants (the reader's time zone). */
export function toInstant(local: string): string {
  return local ? new Date(local).toISOString() : '';
}
export function toLocalInput(instant: string | null): string {
  if (!instant) {
    return '';
  }
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
