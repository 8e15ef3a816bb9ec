/**
 * @module The unified order: its stored record, the `UnifiedOrderPayload` the contract returns, and the
 * one renderer between them. Field names are the contract's.
 */
import { type Static, Type } from '@sinclair/typebox';
import fastJsonStringify from 'fast-json-stringify';
import { formatTimestamp } from './clock.js';
import {
  FULFILLMENT_STATUSES,
  type FulfillmentStatus,
  ORDER_STATUSES,
  type OrderStatus,
  PAYMENT_STATUSES,
  type PaymentStatus,
} from './order-status.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const OrderStatusSchema = Type.Union(
  ORDER_STATUSES.map((status) => Type.Literal(status)),
  { description: 'Workflow status' },
);
export const PaymentStatusSchema = Type.Union(
  PAYMENT_STATUSES.map((status) => Type.Literal(status)),
  { description: 'Payment pipeline' },
);
export const FulfillmentStatusSchema = Type.Union(
  FULFILLMENT_STATUSES.map((status) => Type.Literal(status)),
  { description: 'Fulfillment pipeline' },
);

/** A line item as stored: money as decimal strings. */
export interface ProductLine {
  product_id: string | null;
  sku: string | null;
  name: string | null;
  quantity: number;
  price: string | null;
  total: string | null;
  thumbnail: string | null;
  variant: Record<string, unknown> | null;
}

export interface ShippingAddress {
  name: string | null;
  phone: string | null;
  line1: string | null;
  line2: string | null;
  district: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
}

export const SHIPPING_ADDRESS_FIELDS = [
  'name',
  'phone',
  'line1',
  'line2',
  'district',
  'city',
  'state',
  'postal_code',
  'country',
] as const satisfies ReadonlyArray<keyof ShippingAddress>;

/** Everything about an order that a writer decides; money as exact decimal strings. */
export interface OrderFields {
  source_reference: string | null;
  source_transaction_id: string | null;
  source_timestamp: Date | null;
  destination_id: string | null;
  destination_reference: string | null;
  order_status: OrderStatus;
  fulfillment_status: FulfillmentStatus;
  payment_status: PaymentStatus;
  fulfillment_method: string | null;
  payment_method: string | null;
  currency: string;
  total_amount: string;
  discounts_amount: string | null;
  vat_amount: string | null;
  customer_name: string | null;
  customer_phone: string | null;
  customer_email: string | null;
  receiver_name: string | null;
  receiver_phone: string | null;
  products: ProductLine[];
  shipping_address: ShippingAddress | null;
  order_code: string | null;
  order_type: string | null;
  transport_type: string | null;
  comment: string | null;
  promised_for: Date | null;
  is_preorder: boolean;
  delivery_fee: string | null;
  service_fee: string | null;
  subtotal: string | null;
  store_name: string | null;
  dispatch_routing: Record<string, unknown> | null;
  shipping_fulfillment: Record<string, unknown> | null;
  /** The buyer's id at the source, when an integration knows it; not part of the payload. */
  source_customer_id?: string | null;
  /** The vendor's own status as the merchant sees it (integrations only; decision 0162). */
  source_status?: SourceStatus | null;
  /** The vendor's time for this version (integrations only): what orders redeliveries (0161). */
  source_version_at?: Date | null;
}

/**
 * A vendor's status as the merchant sees it: its code, its display name (often Arabic), and for a
 * merchant's custom status the built-in status it was made under.
 */
export interface SourceStatus {
  code: string;
  name: string | null;
  parent_code: string | null;
}

/** A stored order: the writer's fields plus what the ledger assigns. */
export interface OrderRecord extends OrderFields {
  id: string;
  organization_id: string;
  order_seq: number;
  order_number: string;
  /** `manual`, `api` or an install id. */
  source: string;
  app_slug: string | null;
  skus: string[];
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  version: number;
}

/** What the ledger assigns to a new order beside the writer's fields. */
export type NewOrderAssignments = Pick<
  OrderRecord,
  'id' | 'organization_id' | 'order_seq' | 'order_number' | 'source' | 'app_slug' | 'created_at'
>;

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
    source_status: fields.source_status ?? null,
    source_version_at: fields.source_version_at ?? null,
    created_at: assigned.created_at,
    updated_at: assigned.created_at,
    deleted_at: null,
    version: 1,
    snapshot: '', // rendered below from the record itself, without copying it into a new object
  };
  record.snapshot = renderSnapshot(record);
  return record;
}

/** Sku codes of the lines, in line order, each once. */
export function skusOf(products: readonly ProductLine[]): string[] {
  return [...new Set(products.map((line) => line.sku).filter((sku): sku is string => Boolean(sku)))];
}

const Money = (description: string) => Nullable(Type.Number({ description }));
const Text = (description: string) => Nullable(Type.String({ description }));
const Time = (description: string) => Nullable(Type.String({ format: 'date-time', description }));
const Metadata = (description: string) =>
  Nullable(Type.Object({}, { additionalProperties: true, description }));

export const ProductLinePayload = Type.Object(
  {
    product_id: Text('Product id at the source'),
    sku: Text('Sku code'),
    name: Text('Product name'),
    quantity: Type.Number({ description: 'Units ordered' }),
    price: Money('Unit price'),
    total: Money('Line total (price × quantity unless the source says otherwise)'),
    thumbnail: Text('Image URL'),
    variant: Metadata('Variant attributes (size, colour…) when the source has them'),
  },
  { additionalProperties: false },
);

export const ShippingAddressPayload = Type.Object(
  {
    name: Text('Addressee'),
    phone: Text('Addressee phone'),
    line1: Text('Street address'),
    line2: Text('Apartment, suite, building'),
    district: Text('District / neighbourhood'),
    city: Text('City'),
    state: Text('State / province / region'),
    postal_code: Text('Postal code'),
    country: Text('ISO 3166-1 alpha-2 country code'),
  },
  { additionalProperties: false },
);

/** The normalized order inside every read envelope (contract: "UnifiedOrderPayload"). */
export const UnifiedOrderPayload = Type.Object(
  {
    id: Type.String({ description: 'Order record id' }),
    organization_id: Type.String({ description: 'Tenant id' }),
    source_reference: Text('Human or upstream reference'),
    source_transaction_id: Text('Idempotency / upstream transaction key'),
    source_timestamp: Time('Provider timestamp (RFC 3339), when known'),
    destination_id: Text('Branch / store id in Linkit'),
    destination_reference: Text('External branch or vendor reference'),
    order_status: OrderStatusSchema,
    fulfillment_status: FulfillmentStatusSchema,
    payment_status: PaymentStatusSchema,
    fulfillment_method: Text('e.g. delivery, pickup, shipping'),
    payment_method: Text('Tender / channel'),
    currency: Type.String({ description: 'ISO 4217' }),
    total_amount: Type.Number({ description: 'Grand total' }),
    discounts_amount: Money('Discounts'),
    vat_amount: Money('VAT'),
    customer_name: Text('Buyer name'),
    customer_phone: Text('Buyer phone'),
    customer_email: Text('Buyer email'),
    receiver_name: Text('Recipient when different'),
    receiver_phone: Text('Recipient phone when different'),
    skus: Type.Array(Type.String(), { description: 'Sku codes when normalized' }),
    products: Type.Array(ProductLinePayload, { description: 'Line items (normalized JSON)' }),
    shipping_address: Nullable(ShippingAddressPayload),
    order_code: Text('Display code'),
    order_type: Text('Order classification'),
    transport_type: Text('Logistics / handoff hint'),
    comment: Text('Notes'),
    promised_for: Time('Scheduled / promise time (RFC 3339)'),
    is_preorder: Type.Boolean({ description: 'Preorder flag' }),
    delivery_fee: Money('Delivery fee'),
    service_fee: Money('Service fee'),
    subtotal: Money('Subtotal'),
    store_name: Text('Resolved store label'),
    dispatch_routing: Metadata('Dispatch metadata when present'),
    shipping_fulfillment: Metadata('Carrier / fulfillment metadata when present'),
    source_status: Type.Optional(
      Nullable(
        Type.Object(
          {
            code: Type.String({
              description: 'The status code at the source (Salla: the customized status id)',
            }),
            name: Text('Its display name as the merchant sees it (often Arabic)'),
            parent_code: Text('For a merchant’s custom status: the built-in status it was made under'),
          },
          {
            additionalProperties: false,
            description:
              'The source’s own status as the merchant sees it, beside the canonical statuses (integration orders; ' +
              'null for manual and API orders; absent from snapshots stored before it existed). Not a contract field.',
          },
        ),
      ),
    ),
    created_at: Type.String({ format: 'date-time', description: 'Linkit record time (RFC 3339)' }),
    updated_at: Type.String({ format: 'date-time', description: 'Linkit record time (RFC 3339)' }),
  },
  { additionalProperties: false },
);
export type UnifiedOrderPayload = Static<typeof UnifiedOrderPayload>;

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
    source_status: order.source_status ?? null,
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
