/**
 * @module The query parameters that select and sort orders, and their parsing into an `OrderFilter`.
 * The list endpoint uses them, and so should anything else that reads "the orders matching these
 * filters" (an export), so that the same URL always means the same orders.
 * See docs/decisions/0010-list-filters.md.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { isCurrencyCode } from '../domain/currency.js';
import { decimalFromNumber } from '../domain/money.js';
import { ORDER_SORTS, type OrderFilter, type OrderSort } from '../domain/order-filter.js';
import { FULFILLMENT_STATUSES, ORDER_STATUSES, PAYMENT_STATUSES } from '../domain/order-status.js';
import { validationFailed } from '../errors.js';

const MAX_LIST_ITEMS = 100;

const list = (description: string) =>
  Type.Optional(
    Type.String({ minLength: 1, maxLength: 4000, description: `${description}; a comma list matches any` }),
  );
const time = (description: string) => Type.Optional(Type.String({ format: 'date-time', description }));
const fragment = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 200, description }));

/** Filters and sort, as query-string properties: spread them into a route's querystring schema. */
export const OrderFilterQueryProperties = {
  status: list('Order status (`pending`, `confirmed`…)'),
  payment_status: list('Payment status'),
  fulfillment_status: list('Fulfillment status'),
  source: list('Source platform (`salla`), app slug (`salla-orders`), install id, `manual` or `api`'),
  search: fragment('Part of the customer name, email or phone, or of an external id (case-insensitive)'),
  from: time('Created at or after (RFC 3339)'),
  to: time('Created at or before (RFC 3339); omit for "until now"'),
  placed_from: time('Placed at the source at or after (RFC 3339): `source_timestamp`, else created'),
  placed_to: time('Placed at the source at or before (RFC 3339)'),
  updated_since: time('Changed at or after (RFC 3339): incremental sync'),
  customer_email: list('Customer email, exact and case-insensitive'),
  customer_phone: list('Customer phone, exact'),
  customer_id: list("The customer's id at the source"),
  destination_id: list('Branch / store id'),
  payment_method: list('Payment method'),
  fulfillment_method: list('Fulfillment method (`delivery`, `pickup`…)'),
  country: list('Shipping country, ISO 3166-1 alpha-2'),
  sku: list('Orders containing a line with this sku'),
  product: fragment('Part of a product name (case-insensitive)'),
  currency: list('ISO 4217 currency'),
  min_total: Type.Optional(Type.Number({ minimum: 0, description: 'Total amount at least' })),
  max_total: Type.Optional(Type.Number({ minimum: 0, description: 'Total amount at most' })),
  order_type: list('Order type'),
  is_preorder: Type.Optional(Type.Boolean({ description: 'Preorders only (true) or none (false)' })),
  sort: Type.Union(
    ORDER_SORTS.map((sort) => Type.Literal(sort)),
    { default: '-created', description: 'Sort field; `-` for descending' },
  ),
} satisfies Record<string, TSchema>;

const OrderFilterQuery = Type.Object(OrderFilterQueryProperties);
export type OrderFilterQuery = Static<typeof OrderFilterQuery>;

type FieldErrors = Record<string, string>;

/** `a,b` → the listed values (trimmed), each accepted by `check` (which returns the value to keep). */
function parseList(
  errors: FieldErrors,
  param: string,
  value: string | undefined,
  check: (item: string) => string | undefined = (item) => item,
): string[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) {
    errors[param] = 'has an empty value in its comma list';
    return undefined;
  }
  if (items.length > MAX_LIST_ITEMS) {
    errors[param] = `lists more than ${MAX_LIST_ITEMS} values`;
    return undefined;
  }
  const accepted = items.map(check);
  const refused = items.filter((_, index) => accepted[index] === undefined);
  if (refused.length > 0) {
    errors[param] = `unknown value ${refused.join(', ')}`;
    return undefined;
  }
  return accepted as string[];
}

const oneOf = (allowed: readonly string[]) => (item: string) => (allowed.includes(item) ? item : undefined);

/**
 * The filter and sort a query asks for, or a 422 naming every bad parameter. Values the schema can't
 * judge alone are checked here: enumerations in comma lists, currency codes, bounds that cross.
 */
export function parseOrderFilter(query: OrderFilterQuery): { filter: OrderFilter; sort: OrderSort } {
  const errors: FieldErrors = {};
  const statusList = <T extends string>(param: string, value: string | undefined, allowed: readonly T[]) => {
    const items = parseList(errors, param, value, oneOf(allowed));
    if (errors[param]) {
      errors[param] += `; allowed: ${allowed.join(', ')}`;
    }
    return items as T[] | undefined;
  };
  const filter: OrderFilter = {
    status: statusList('status', query.status, ORDER_STATUSES),
    payment_status: statusList('payment_status', query.payment_status, PAYMENT_STATUSES),
    fulfillment_status: statusList('fulfillment_status', query.fulfillment_status, FULFILLMENT_STATUSES),
    // Platform names and slugs are lower case; install ids are generated lower case too.
    source: parseList(errors, 'source', query.source, (item) => item.toLowerCase()),
    search: query.search?.trim() || undefined,
    from: query.from,
    to: query.to,
    placed_from: query.placed_from,
    placed_to: query.placed_to,
    updated_since: query.updated_since,
    customer_email: parseList(errors, 'customer_email', query.customer_email),
    customer_phone: parseList(errors, 'customer_phone', query.customer_phone),
    customer_id: parseList(errors, 'customer_id', query.customer_id),
    destination_id: parseList(errors, 'destination_id', query.destination_id),
    payment_method: parseList(errors, 'payment_method', query.payment_method),
    fulfillment_method: parseList(errors, 'fulfillment_method', query.fulfillment_method),
    country: parseList(errors, 'country', query.country, (item) =>
      /^[A-Za-z]{2}$/.test(item) ? item.toUpperCase() : undefined,
    ),
    sku: parseList(errors, 'sku', query.sku),
    product: query.product?.trim() || undefined,
    currency: parseList(errors, 'currency', query.currency, (item) =>
      isCurrencyCode(item.toUpperCase()) ? item.toUpperCase() : undefined,
    ),
    min_total: query.min_total === undefined ? undefined : decimalFromNumber(query.min_total),
    max_total: query.max_total === undefined ? undefined : decimalFromNumber(query.max_total),
    order_type: parseList(errors, 'order_type', query.order_type),
    is_preorder: query.is_preorder,
  };
  if (query.from && query.to && Date.parse(query.to) < Date.parse(query.from)) {
    errors.to = 'is earlier than from';
  }
  if (query.placed_from && query.placed_to && Date.parse(query.placed_to) < Date.parse(query.placed_from)) {
    errors.placed_to = 'is earlier than placed_from';
  }
  if (query.min_total !== undefined && query.max_total !== undefined && query.max_total < query.min_total) {
    errors.max_total = 'is less than min_total';
  }
  if (Object.keys(errors).length > 0) {
    throw validationFailed(errors);
  }
  // Absent filters are left out, so equal filters compare (and cache) equal.
  const present = Object.entries(filter).filter(([, value]) => value !== undefined);
  return { filter: Object.fromEntries(present) as OrderFilter, sort: query.sort };
}
