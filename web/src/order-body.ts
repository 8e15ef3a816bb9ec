/**
 * @module The body of a full update (PUT replaces the order) built from the stored order. Every field
 * of the read payload is carried over unless the caller changes it, so a form that does not list a
 * field can never clear it. Which payload fields are read-only is derived from the two schemas: a new
 * payload field the PUT body accepts is carried over with no edit here; one it does not accept fails
 * to compile until it is listed in READ_ONLY.
 */
import type { OrderReplaceInput } from '../../src/domain/order-input.js';
import type { Order, ProductLine } from './types.js';

export type ReplaceBody = OrderReplaceInput;
type ReadOnlyField = Exclude<keyof Order, keyof ReplaceBody>;

/**
 * Computed by the service (ids, timestamps, the sku index) or read from the vendor (its own status):
 * never sent. Exhaustive by its type.
 */
const READ_ONLY: Record<ReadOnlyField, true> = {
  id: true,
  organization_id: true,
  skus: true,
  created_at: true,
  updated_at: true,
  source_status: true,
};

/** Every stored field the body may carry, as stored (nulls left out: omitted means null on a PUT). */
export function storedBody(order: Order): Partial<ReplaceBody> {
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(order)) {
    if (value !== null && !(field in READ_ONLY)) {
      body[field] = field === 'shipping_address' ? compact(value as Record<string, unknown>) : value;
    }
  }
  body.products = order.products.map(storedLine);
  return body as Partial<ReplaceBody>;
}

/** A stored product line as the body takes it (nulls left out). */
export function storedLine(line: ProductLine): ReplaceBody['products'][number] {
  return compact(line as unknown as Record<string, unknown>) as ReplaceBody['products'][number];
}

function compact(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null));
}

/**
 * The stored order with `changes` applied. A change to `undefined` removes the field (cleared on save).
 */
export function replaceBody(order: Order, changes: Partial<Record<keyof ReplaceBody, unknown>>): ReplaceBody {
  const body: Record<string, unknown> = { ...storedBody(order) };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined || value === null) {
      delete body[field];
    } else {
      body[field] = value;
    }
  }
  return body as ReplaceBody;
}
