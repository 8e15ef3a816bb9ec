/** @module The contract's `UnifiedOrderPayload`: the order as every read returns it, as a TypeBox schema. */
import { type Static, Type } from '@sinclair/typebox';
import { FULFILLMENT_STATUSES, ORDER_STATUSES, PAYMENT_STATUSES } from './order-status.js';

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
    created_at: Type.String({ format: 'date-time', description: 'Linkit record time (RFC 3339)' }),
    updated_at: Type.String({ format: 'date-time', description: 'Linkit record time (RFC 3339)' }),
  },
  { additionalProperties: false },
);
export type UnifiedOrderPayload = Static<typeof UnifiedOrderPayload>;
