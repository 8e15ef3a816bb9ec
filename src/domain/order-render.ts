/**
 * @module The one renderer between a stored order and its contract form: record → payload → the
 * snapshot JSON every read path returns; new records are built here with their snapshot.
 */
import fastJsonStringify from 'fast-json-stringify';
import { formatTimestamp } from './clock.js';
import { type NewOrderAssignments, type OrderFields, type OrderRecord, skusOf } from './order.js';
import { UnifiedOrderPayload } from './order-payload.js';

/**
 * A new order's record with its rendered snapshot. Every field is named once in one object literal on
 * purpose: spreading the 33 writer fields and adding the ledger's 11 gave objects V8 keeps in a slow
 * layout, and every later read of them (rendering, encoding for the insert) paid for it — building
 * alone took ~50 µs per order instead of ~0.2 µs (bench/writes.md).
 */
export function newOrderRecord(
  fields: OrderFields,
  assigned: NewOrderAssignments,
): OrderRecord & { snapshot: string } {
  const record = {
    id: assigned.id,
    organization_id: assigned.organization_id,
    order_seq: assigned.order_seq,
    order_number: assigned.order_number,
    source: assigned.source,
    app_slug: assigned.app_slug,
    source_reference: fields.source_reference,
    source_transaction_id: fields.source_transaction_id,
    source_timestamp: fields.source_timestamp,
    destination_id: fields.destination_id,
    destination_reference: fields.destination_reference,
    order_status: fields.order_status,
    fulfillment_status: fields.fulfillment_status,
    payment_status: fields.payment_status,
    fulfillment_method: fields.fulfillment_method,
    payment_method: fields.payment_method,
    currency: fields.currency,
    total_amount: fields.total_amount,
    discounts_amount: fields.discounts_amount,
    vat_amount: fields.vat_amount,
    customer_name: fields.customer_name,
    customer_phone: fields.customer_phone,
    customer_email: fields.customer_email,
    receiver_name: fields.receiver_name,
    receiver_phone: fields.receiver_phone,
    skus: skusOf(fields.products),
    products: fields.products,
    shipping_address: fields.shipping_address,
    order_code: fields.order_code,
    order_type: fields.order_type,
    transport_type: fields.transport_type,
    comment: fields.comment,
    promised_for: fields.promised_for,
    is_preorder: fields.is_preorder,
    delivery_fee: fields.delivery_fee,
    service_fee: fields.service_fee,
    subtotal: fields.subtotal,
    store_name: fields.store_name,
    dispatch_routing: fields.dispatch_routing,
    shipping_fulfillment: fields.shipping_fulfillment,
    source_customer_id: fields.source_customer_id ?? null,
    created_at: assigned.created_at,
    updated_at: assigned.created_at,
    deleted_at: null,
    version: 1,
    snapshot: '', // rendered below from the record itself, without copying it into a new object
  };
  record.snapshot = renderSnapshot(record);
  return record;
}

const money = (decimal: string | null): number | null => (decimal === null ? null : Number(decimal));
const time = (date: Date | null): string | null => (date === null ? null : formatTimestamp(date));

export function toPayload(order: OrderRecord): UnifiedOrderPayload {
  return {
    id: order.id,
    organization_id: order.organization_id,
    source_reference: order.source_reference,
    source_transaction_id: order.source_transaction_id,
    source_timestamp: time(order.source_timestamp),
    destination_id: order.destination_id,
    destination_reference: order.destination_reference,
    order_status: order.order_status,
    fulfillment_status: order.fulfillment_status,
    payment_status: order.payment_status,
    fulfillment_method: order.fulfillment_method,
    payment_method: order.payment_method,
    currency: order.currency,
    total_amount: Number(order.total_amount),
    discounts_amount: money(order.discounts_amount),
    vat_amount: money(order.vat_amount),
    customer_name: order.customer_name,
    customer_phone: order.customer_phone,
    customer_email: order.customer_email,
    receiver_name: order.receiver_name,
    receiver_phone: order.receiver_phone,
    skus: order.skus,
    products: order.products.map((line) => ({ ...line, price: money(line.price), total: money(line.total) })),
    shipping_address: order.shipping_address,
    order_code: order.order_code,
    order_type: order.order_type,
    transport_type: order.transport_type,
    comment: order.comment,
    promised_for: time(order.promised_for),
    is_preorder: order.is_preorder,
    delivery_fee: money(order.delivery_fee),
    service_fee: money(order.service_fee),
    subtotal: money(order.subtotal),
    store_name: order.store_name,
    dispatch_routing: order.dispatch_routing,
    shipping_fulfillment: order.shipping_fulfillment,
    created_at: formatTimestamp(order.created_at),
    updated_at: formatTimestamp(order.updated_at),
  };
}

/**
 * The payload schema as the serializer reads it fastest: each `anyOf: [T, null]` as `T` with
 * `nullable: true`. Same output; fast-json-stringify tries union branches one by one at run time,
 * which made rendering ~30% slower (bench/writes.md).
 */
function asNullable(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    return schema.map(asNullable);
  }
  if (schema === null || typeof schema !== 'object') {
    return schema;
  }
  const { anyOf, ...rest } = schema as { anyOf?: unknown[] };
  const [first, second] = anyOf ?? [];
  if (anyOf?.length === 2 && (second as { type?: unknown }).type === 'null') {
    return { ...(asNullable(first) as object), ...rest, nullable: true };
  }
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, asNullable(value)]));
}

const stringifyPayload = fastJsonStringify(asNullable(UnifiedOrderPayload) as typeof UnifiedOrderPayload);

/**
 * The order's JSON as every read path returns it. Rendered once per write and stored beside the
 * columns, because building order objects, not HTTP, is what limits list throughput.
 */
export function renderSnapshot(order: OrderRecord): string {
  return stringifyPayload(toPayload(order));
}
