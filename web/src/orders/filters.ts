/**
 * @module The list's URL query. The filters are typed by the server's own list query schema
 * (`OrderFilterQueryProperties`, type-only import): a filter added to or removed from the API without
 * a matching entry here is a compile error, not a silently missing field.
 */
import type { Static } from '@sinclair/typebox';
import type { OrderFilterQueryProperties } from '../../../src/http/order-filter-query';
import type { MessageKey } from '../i18n';

type ServerFilters = {
  [Name in keyof typeof OrderFilterQueryProperties]: Static<(typeof OrderFilterQueryProperties)[Name]>;
};
/** Every filter parameter of `GET /orders` (sort is not a filter). */
export type FilterName = Exclude<keyof ServerFilters, 'sort'>;

/** How a filter is entered, checked against the type the server parses it to. */
type InputKind<T> =
  NonNullable<T> extends boolean
    ? 'boolean'
    : NonNullable<T> extends number
      ? 'number'
      : 'text' | 'time' | 'status';

export interface FilterSpec<Kind> {
  label: MessageKey;
  kind: Kind;
  placeholder?: MessageKey;
  /** Shown without opening "More filters". */
  primary?: boolean;
}

/** Order = form order. `satisfies` makes the list exactly the server's filters, each with a kind it can take. */
export const FILTER_SPECS = {
  search: { label: 'Search', kind: 'text', placeholder: 'Name, email, phone or external id', primary: true },
  status: { label: 'Order status', kind: 'status', primary: true },
  payment_status: { label: 'Payment', kind: 'status', primary: true },
  fulfillment_status: { label: 'Fulfillment', kind: 'status', primary: true },
  source: { label: 'Source', kind: 'text', placeholder: 'salla, manual, api…', primary: true },
  from: { label: 'Created from', kind: 'time', primary: true },
  to: { label: 'Created to', kind: 'time', primary: true },
  placed_from: { label: 'Placed from', kind: 'time' },
  placed_to: { label: 'Placed to', kind: 'time' },
  updated_since: { label: 'Updated since', kind: 'time' },
  customer_email: { label: 'Customer email', kind: 'text' },
  customer_phone: { label: 'Customer phone', kind: 'text' },
  customer_id: { label: 'Customer id', kind: 'text' },
  destination_id: { label: 'Store / branch id', kind: 'text' },
  payment_method: { label: 'Payment method', kind: 'text' },
  fulfillment_method: { label: 'Fulfillment method', kind: 'text' },
  country: { label: 'Country', kind: 'text', placeholder: 'SA, AE…' },
  sku: { label: 'SKU', kind: 'text' },
  product: { label: 'Product name', kind: 'text' },
  currency: { label: 'Currency', kind: 'text', placeholder: 'SAR, KWD…' },
  min_total: { label: 'Min total', kind: 'number' },
  max_total: { label: 'Max total', kind: 'number' },
  order_type: { label: 'Order type', kind: 'text' },
  is_preorder: { label: 'Preorder', kind: 'boolean' },
} satisfies { [Name in FilterName]: FilterSpec<InputKind<ServerFilters[Name]>> };

export const FILTER_NAMES = Object.keys(FILTER_SPECS) as FilterName[];
export const PRIMARY_FILTERS = FILTER_NAMES.filter((name) => 'primary' in FILTER_SPECS[name]);
export const MORE_FILTERS = FILTER_NAMES.filter((name) => !('primary' in FILTER_SPECS[name]));

const LIST_PARAMS: readonly string[] = [...FILTER_NAMES, 'sort', 'page', 'limit'];

/** The URL query, reduced to what the API understands (the page may carry other state in the URL). */
export function listQuery(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const name of LIST_PARAMS) {
    const value = query.get(name);
    if (value) {
      out.set(name, value);
    }
  }
  return out;
}

/** Filters only, in a stable order: what a saved view stores and what "these orders" means. */
export function filterQuery(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = query.get(name);
    if (value) {
      out.set(name, value);
    }
  }
  return out;
}

/** Filters and sort: what an export of "these orders" needs. */
export function exportQuery(query: URLSearchParams, format: string): URLSearchParams {
  const out = new URLSearchParams({ format });
  for (const [name, value] of filterQuery(query)) {
    out.set(name, value);
  }
  const sort = query.get('sort');
  if (sort) {
    out.set('sort', sort);
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
