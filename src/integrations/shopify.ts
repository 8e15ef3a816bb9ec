/**
 * @module Shopify orders: the REST Admin `Order` resource (`GET /orders.json`, `GET /orders/{id}.json`)
 * and the `orders/*` webhook bodies, which are that same object. Money as decimal strings in the shop
 * currency. Mapping table: docs/decisions/0163-shopify-woocommerce-zid.md.
 */
import { multiplyDecimal } from '../domain/money.js';
import type { ProductLine } from '../domain/order.js';
import type { FulfillmentStatus, OrderStatus, PaymentStatus } from '../domain/order-status.js';
import {
  currencyOf,
  fullName,
  latest,
  type NormalizeContext,
  type NormalizedOrder,
  normalizedFields,
  shippingAddress,
} from './normalized-order.js';
import type { SourceNormalizer } from './source-normalizer.js';
import {
  compactObject,
  decimal,
  firstPresent,
  isObject,
  NormalizationError,
  object,
  optionalArray,
  optionalDecimal,
  optionalIdentifier,
  optionalInstant,
  optionalObject,
  optionalText,
  quantity,
  sumDecimalsOrNull,
  text,
  type VendorObject,
} from './vendor-json.js';

/** `financial_status` → payment status. Authorized money is held, not taken; voided / expired never will be. */
export const SHOPIFY_FINANCIAL_STATUSES: Record<string, PaymentStatus> = {
  pending: 'pending',
  authorized: 'pending',
  partially_paid: 'pending',
  paid: 'paid',
  partially_refunded: 'partially_refunded',
  refunded: 'refunded',
  voided: 'failed',
  expired: 'failed',
};

interface Fulfillment {
  id: string | null;
  status: string | null;
  shipment_status: string | null;
  carrier: string | null;
  tracking_number: string | null;
  tracking_link: string | null;
}

function readFulfillment(value: unknown, path: string): Fulfillment {
  const fulfillment = object(value, path);
  return {
    id: optionalIdentifier(fulfillment.id, `${path}.id`),
    status: optionalText(fulfillment.status, `${path}.status`),
    shipment_status: optionalText(fulfillment.shipment_status, `${path}.shipment_status`),
    carrier: optionalText(fulfillment.tracking_company, `${path}.tracking_company`),
    tracking_number: optionalIdentifier(fulfillment.tracking_number, `${path}.tracking_number`),
    tracking_link: optionalText(fulfillment.tracking_url, `${path}.tracking_url`),
  };
}

/**
 * Order and fulfillment status from what Shopify says: cancelled when `cancelled_at` is set; else by
 * `fulfillment_status` (null: nothing shipped yet; `partial`; `fulfilled`, delivered once every live
 * fulfillment's `shipment_status` is `delivered`; `restocked`: returned).
 */
function statusesOf(
  order: VendorObject,
  fulfillments: readonly Fulfillment[],
): { order: OrderStatus; fulfillment: FulfillmentStatus } {
  if (optionalText(order.cancelled_at, 'cancelled_at') !== null) {
    return { order: 'cancelled', fulfillment: 'cancelled' };
  }
  const state = optionalText(order.fulfillment_status, 'fulfillment_status');
  const live = fulfillments.filter((f) => f.status !== 'cancelled' && f.status !== 'failure');
  switch (state) {
    case null:
    case 'unfulfilled':
    case 'unshipped':
      return { order: 'pending', fulfillment: 'unfulfilled' };
    case 'partial':
      return { order: 'shipped', fulfillment: 'partially_fulfilled' };
    case 'fulfilled':
    case 'shipped':
      return live.length > 0 && live.every((f) => f.shipment_status === 'delivered')
        ? { order: 'delivered', fulfillment: 'fulfilled' }
        : { order: 'shipped', fulfillment: 'fulfilled' };
    case 'restocked':
      return { order: 'returned', fulfillment: 'returned' };
    default:
      throw new NormalizationError('fulfillment_status', `unknown Shopify fulfillment status "${state}"`);
  }
}

/** A `*_set` money bag's shop amount (`{shop_money: {amount, currency_code}}`), else the plain field. */
function shopMoney(set: unknown, plain: unknown, setPath: string, plainPath: string): string | null {
  const bag = optionalObject(set, setPath);
  const shop = optionalObject(bag?.shop_money, `${setPath}.shop_money`);
  if (shop) {
    return optionalDecimal(shop.amount, `${setPath}.shop_money.amount`);
  }
  return optionalDecimal(plain, plainPath);
}

function productLine(value: unknown, path: string): ProductLine {
  const item = object(value, path);
  const units = quantity(item.quantity, `${path}.quantity`);
  const price = optionalDecimal(item.price, `${path}.price`);
  const name = firstPresent(
    { value: item.name, path: `${path}.name` },
    { value: item.title, path: `${path}.title` },
  );
  return {
    product_id: optionalIdentifier(item.product_id, `${path}.product_id`),
    sku: optionalText(item.sku, `${path}.sku`),
    name: optionalText(name.value, name.path),
    quantity: units,
    price,
    // Shopify's line has no total: price × quantity, before the line's discounts.
    total: price === null ? null : multiplyDecimal(price, units),
    thumbnail: null,
    variant: compactObject({
      variant_id: optionalIdentifier(item.variant_id, `${path}.variant_id`),
      title: optionalText(item.variant_title, `${path}.variant_title`),
    }),
  };
}

/** The order inside `{order: {...}}` (the details response); a bare order is itself. */
function shopifyOrderOf(raw: unknown): unknown {
  return isObject(raw) && raw.id === undefined && isObject(raw.order) ? raw.order : raw;
}

function normalize(raw: unknown, context: NormalizeContext): NormalizedOrder {
  const order = object(shopifyOrderOf(raw), 'order');
  const id = text(order.id, 'id');
  const fulfillments = optionalArray(order.fulfillments, 'fulfillments').map((value, index) =>
    readFulfillment(value, `fulfillments[${index}]`),
  );
  const statuses = statusesOf(order, fulfillments);
  const financial = optionalText(order.financial_status, 'financial_status');
  const payment = financial === null ? 'pending' : SHOPIFY_FINANCIAL_STATUSES[financial];
  if (payment === undefined) {
    throw new NormalizationError('financial_status', `unknown Shopify financial status "${financial}"`);
  }
  const placedAt = firstPresent(
    { value: order.processed_at, path: 'processed_at' },
    { value: order.created_at, path: 'created_at' },
  );
  const placed = optionalInstant(placedAt.value, placedAt.path);
  const customer = optionalObject(order.customer, 'customer');
  const shipping = optionalObject(order.shipping_address, 'shipping_address');
  const billing = optionalObject(order.billing_address, 'billing_address');
  const shippingLines = optionalArray(order.shipping_lines, 'shipping_lines').map((value, index) =>
    object(value, `shipping_lines[${index}]`),
  );
  const gateways = optionalArray(order.payment_gateway_names, 'payment_gateway_names');
  const gateway = firstPresent(
    { value: gateways[0], path: 'payment_gateway_names[0]' },
    { value: order.gateway, path: 'gateway' },
  );
  const [first] = fulfillments;
  const name = optionalText(order.name, 'name');
  const receiverName =
    optionalText(shipping?.name, 'shipping_address.name') ??
    fullName(
      optionalText(shipping?.first_name, 'shipping_address.first_name'),
      optionalText(shipping?.last_name, 'shipping_address.last_name'),
    );
  const phone = firstPresent(
    { value: order.phone, path: 'phone' },
    { value: customer?.phone, path: 'customer.phone' },
    { value: billing?.phone, path: 'billing_address.phone' },
  );
  const email = firstPresent(
    { value: order.email, path: 'email' },
    { value: customer?.email, path: 'customer.email' },
  );
  return {
    vendorOrderId: id,
    vendorTimestamp: latest(placed, optionalInstant(order.updated_at, 'updated_at')),
    fields: normalizedFields({
      source_reference: name,
      order_code: name,
      source_timestamp: placed,
      order_status: statuses.order,
      fulfillment_status: statuses.fulfillment,
      payment_status: payment,
      source_status: {
        code: `${financial ?? 'pending'}/${optionalText(order.fulfillment_status, 'fulfillment_status') ?? 'unfulfilled'}`,
        name: null,
        parent_code: null,
      },
      payment_method: optionalText(gateway.value, gateway.path),
      fulfillment_method: shippingLines.length > 0 ? 'shipping' : null,
      currency: currencyOf(optionalText(order.currency, 'currency'), context, 'currency'),
      total_amount: decimal(order.total_price, 'total_price'),
      subtotal: optionalDecimal(order.subtotal_price, 'subtotal_price'),
      vat_amount: optionalDecimal(order.total_tax, 'total_tax'),
      discounts_amount: optionalDecimal(order.total_discounts, 'total_discounts'),
      delivery_fee:
        shopMoney(
          order.total_shipping_price_set,
          undefined,
          'total_shipping_price_set',
          'total_shipping_price',
        ) ??
        sumDecimalsOrNull(
          shippingLines.map((line, index) => optionalDecimal(line.price, `shipping_lines[${index}].price`)),
        ),
      customer_name:
        fullName(
          optionalText(customer?.first_name, 'customer.first_name'),
          optionalText(customer?.last_name, 'customer.last_name'),
        ) ?? optionalText(billing?.name, 'billing_address.name'),
      customer_phone: optionalText(phone.value, phone.path),
      customer_email: optionalText(email.value, email.path),
      source_customer_id: optionalIdentifier(customer?.id, 'customer.id'),
      receiver_name: receiverName,
      receiver_phone: optionalText(shipping?.phone, 'shipping_address.phone'),
      products: optionalArray(order.line_items, 'line_items').map((item, index) =>
        productLine(item, `line_items[${index}]`),
      ),
      shipping_address: shippingAddress({
        name: receiverName,
        phone: optionalText(shipping?.phone, 'shipping_address.phone'),
        line1: optionalText(shipping?.address1, 'shipping_address.address1'),
        line2: optionalText(shipping?.address2, 'shipping_address.address2'),
        city: optionalText(shipping?.city, 'shipping_address.city'),
        state: optionalText(shipping?.province, 'shipping_address.province'),
        postal_code: optionalText(shipping?.zip, 'shipping_address.zip'),
        country: optionalText(shipping?.country_code, 'shipping_address.country_code'),
      }),
      shipping_fulfillment: compactObject({
        carrier:
          first?.carrier ??
          (shippingLines[0] ? optionalText(shippingLines[0].title, 'shipping_lines[0].title') : null),
        tracking_number: first?.tracking_number ?? null,
        tracking_link: first?.tracking_link ?? null,
        fulfillments:
          fulfillments.length > 0
            ? fulfillments.map((fulfillment) => compactObject({ ...fulfillment }))
            : null,
      }),
      comment: optionalText(order.note, 'note'),
    }),
  };
}

export const shopifyNormalizer: SourceNormalizer = {
  source: 'shopify',
  normalize,
  pageOrders(payload) {
    // `GET /admin/api/{version}/orders.json`: `{orders: [...]}`.
    return isObject(payload) && Array.isArray(payload.orders) ? payload.orders : null;
  },
};
