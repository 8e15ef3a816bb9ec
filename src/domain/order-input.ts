/**
 * @module The create / replace body of the contract and its mapping onto the stored order fields.
 * The body uses a few names of its own (`status`, `tax`); see docs/decisions/0003-create-body.md.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { isCurrencyCode, minorUnits } from './currency.js';
import { decimalFromNumber, decimalPlaces, MAX_AMOUNT, multiplyDecimal } from './money.js';
import type { OrderFields, ProductLine, ShippingAddress } from './order.js';
import { SHIPPING_ADDRESS_FIELDS } from './order.js';
import { FulfillmentStatusSchema, OrderStatusSchema, PaymentStatusSchema } from './order-payload.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Opt = <T extends TSchema>(schema: T) => Type.Optional(Nullable(schema));
const Amount = (description: string) => Type.Number({ minimum: 0, maximum: MAX_AMOUNT, description });
const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const Time = (description: string) => Type.String({ format: 'date-time', description });
const Metadata = (description: string) => Type.Object({}, { additionalProperties: true, description });

export const ProductLineInput = Type.Object(
  {
    product_id: Opt(Text(200)),
    sku: Opt(Text(200)),
    name: Text(500, 'Product name'),
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    price: Amount('Unit price'),
    total: Opt(Amount('Line total; price × quantity when omitted')),
    thumbnail: Opt(Text(2000)),
    variant: Opt(Metadata('Variant attributes')),
  },
  { additionalProperties: false },
);

export const ShippingAddressInput = Type.Object(
  {
    name: Opt(Text(500)),
    phone: Opt(Text(50)),
    line1: Opt(Text(1000)),
    line2: Opt(Text(1000)),
    district: Opt(Text(200)),
    city: Opt(Text(200)),
    state: Opt(Text(200)),
    postal_code: Opt(Text(50)),
    country: Opt(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' })),
  },
  { additionalProperties: false },
);

/** Body of `POST /api/v1/orders`, of each item of a bulk create, and of `PUT /api/v1/orders/{id}`. */
export const OrderInput = Type.Object(
  {
    source: Text(100, 'Origin: `manual`, `api`, or the id of an installed app'),
    products: Type.Array(ProductLineInput, {
      minItems: 1,
      maxItems: 1000,
      description: 'At least one line item',
    }),
    total_amount: Amount('Grand total'),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' }),
    status: Type.Optional(OrderStatusSchema),
    order_status: Type.Optional(OrderStatusSchema),
    payment_status: Type.Optional(PaymentStatusSchema),
    fulfillment_status: Type.Optional(FulfillmentStatusSchema),
    subtotal: Opt(Amount('Subtotal')),
    tax: Opt(Amount('VAT (stored as vat_amount)')),
    vat_amount: Opt(Amount('VAT')),
    discounts_amount: Opt(Amount('Discounts')),
    delivery_fee: Opt(Amount('Delivery fee')),
    service_fee: Opt(Amount('Service fee')),
    source_reference: Opt(Text(200)),
    source_transaction_id: Opt(Text(200, 'Idempotency key within the source')),
    source_timestamp: Opt(Time('Provider timestamp')),
    destination_id: Opt(Text(200)),
    destination_reference: Opt(Text(200)),
    fulfillment_method: Opt(Text(100)),
    payment_method: Opt(Text(100)),
    customer_name: Opt(Text(500)),
    customer_phone: Opt(Text(50)),
    customer_email: Opt(Type.String({ format: 'email', maxLength: 320 })),
    receiver_name: Opt(Text(500)),
    receiver_phone: Opt(Text(50)),
    shipping_address: Opt(ShippingAddressInput),
    order_code: Opt(Text(100)),
    order_type: Opt(Text(100)),
    transport_type: Opt(Text(100)),
    comment: Opt(Type.String({ maxLength: 5000 })),
    promised_for: Opt(Time('Scheduled / promise time')),
    is_preorder: Opt(Type.Boolean()),
    store_name: Opt(Text(500)),
    dispatch_routing: Opt(Metadata('Dispatch metadata')),
    shipping_fulfillment: Opt(Metadata('Carrier / fulfillment metadata')),
  },
  { additionalProperties: false },
);
export type OrderInput = Static<typeof OrderInput>;

/**
 * Body of `PUT /api/v1/orders/{id}`: the create body, but `source` may be omitted (it can never change,
 * and the payload a client read does not say whether an order came from `manual` or `api`, so a
 * read-modify-write round trip could not name it). Decision 0028.
 */
export const OrderReplaceInput = Type.Object(
  { ...OrderInput.properties, source: Type.Optional(OrderInput.properties.source) },
  { additionalProperties: false },
);
export type OrderReplaceInput = Static<typeof OrderReplaceInput>;

export type FieldErrors = Record<string, string>;

const MONEY_FIELDS = [
  'total_amount',
  'subtotal',
  'tax',
  'vat_amount',
  'discounts_amount',
  'delivery_fee',
  'service_fee',
] as const;

/**
 * What JSON Schema can't say: a real ISO 4217 code, no more decimals than the currency has, and no
 * contradicting aliases. Returns field → message; empty when the input is acceptable.
 */
export function checkOrderInput(input: OrderInput): FieldErrors {
  const errors: FieldErrors = {};
  if (!isCurrencyCode(input.currency)) {
    errors.currency = `${input.currency} is not an ISO 4217 currency code`;
    return errors;
  }
  const digits = minorUnits(input.currency);
  const checkPlaces = (field: string, value: number | null | undefined) => {
    if (typeof value === 'number' && decimalPlaces(decimalFromNumber(value)) > digits) {
      errors[field] = `has more than ${digits} decimal places, which ${input.currency} does not allow`;
    }
  };
  for (const field of MONEY_FIELDS) {
    checkPlaces(field, input[field]);
  }
  input.products.forEach((line, index) => {
    checkPlaces(`products[${index}].price`, line.price);
    checkPlaces(`products[${index}].total`, line.total);
  });
  const conflict = (alias: string, canonical: string, a: unknown, b: unknown) => {
    if (a !== undefined && a !== null && b !== undefined && b !== null && a !== b) {
      errors[alias] = `contradicts ${canonical}; send one of them`;
    }
  };
  conflict('status', 'order_status', input.status, input.order_status);
  conflict('tax', 'vat_amount', input.tax, input.vat_amount);
  return errors;
}

const decimal = (value: number | null | undefined): string | null =>
  value === undefined || value === null ? null : decimalFromNumber(value);
const date = (value: string | null | undefined): Date | null =>
  value === undefined || value === null ? null : new Date(value);

function toProductLine(line: Static<typeof ProductLineInput>): ProductLine {
  const price = decimalFromNumber(line.price);
  return {
    product_id: line.product_id ?? null,
    sku: line.sku ?? null,
    name: line.name,
    quantity: line.quantity,
    price,
    total:
      line.total === undefined || line.total === null
        ? multiplyDecimal(price, line.quantity)
        : decimal(line.total),
    thumbnail: line.thumbnail ?? null,
    variant: line.variant ?? null,
  };
}

function toShippingAddress(
  address: Static<typeof ShippingAddressInput> | null | undefined,
): ShippingAddress | null {
  if (!address) {
    return null;
  }
  const normalized = Object.fromEntries(
    SHIPPING_ADDRESS_FIELDS.map((field) => [field, address[field] ?? null]),
  );
  const result = normalized as unknown as ShippingAddress;
  return { ...result, country: result.country?.toUpperCase() ?? null };
}

/** The stored fields of a checked input; omitted optional fields become null (a PUT clears them). */
export function toOrderFields(input: OrderInput): OrderFields {
  return {
    source_reference: input.source_reference ?? null,
    source_transaction_id: input.source_transaction_id ?? null,
    source_timestamp: date(input.source_timestamp),
    destination_id: input.destination_id ?? null,
    destination_reference: input.destination_reference ?? null,
    order_status: input.order_status ?? input.status ?? 'pending',
    fulfillment_status: input.fulfillment_status ?? 'unfulfilled',
    payment_status: input.payment_status ?? 'pending',
    fulfillment_method: input.fulfillment_method ?? null,
    payment_method: input.payment_method ?? null,
    currency: input.currency,
    total_amount: decimalFromNumber(input.total_amount),
    discounts_amount: decimal(input.discounts_amount),
    vat_amount: decimal(input.vat_amount ?? input.tax),
    customer_name: input.customer_name ?? null,
    customer_phone: input.customer_phone ?? null,
    customer_email: input.customer_email ?? null,
    receiver_name: input.receiver_name ?? null,
    receiver_phone: input.receiver_phone ?? null,
    products: input.products.map(toProductLine),
    shipping_address: toShippingAddress(input.shipping_address),
    order_code: input.order_code ?? null,
    order_type: input.order_type ?? null,
    transport_type: input.transport_type ?? null,
    comment: input.comment ?? null,
    promised_for: date(input.promised_for),
    is_preorder: input.is_preorder ?? false,
    delivery_fee: decimal(input.delivery_fee),
    service_fee: decimal(input.service_fee),
    subtotal: decimal(input.subtotal),
    store_name: input.store_name ?? null,
    dispatch_routing: input.dispatch_routing ?? null,
    shipping_fulfillment: input.shipping_fulfillment ?? null,
  };
}
