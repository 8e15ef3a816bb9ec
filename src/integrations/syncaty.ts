/**
 * @module Syncaty orders (seed 001): a Salla-syncing service with flat money numbers, `items[]` with
 * sku, a `customer{}` and `shipping_address{}`. Mapping table: docs/decisions/0033-source-mappings.md.
 */
import { formatTimestamp } from '../domain/clock.js';
import type { ProductLine } from '../domain/order.js';
import type { PaymentStatus } from '../domain/order-status.js';
import {
  currencyOf,
  fullName,
  latest,
  normalizedFields,
  type ResolvedStatus,
  resolveStatus,
  shippingAddress,
} from './normalized-order.js';
import type { SourceNormalizer } from './source-normalizer.js';
import {
  compactObject,
  decimal,
  firstPresent,
  object,
  optionalArray,
  optionalDecimal,
  optionalIdentifier,
  optionalInstant,
  optionalObject,
  optionalText,
  quantity,
  text,
} from './vendor-json.js';

export const SYNCATY_STATUSES: Record<string, ResolvedStatus & { payment: PaymentStatus }> = {
  pending: { order: 'pending', fulfillment: 'unfulfilled', payment: 'pending' },
  processing: { order: 'preparing', fulfillment: 'processing', payment: 'pending' },
  shipped: { order: 'shipped', fulfillment: 'fulfilled', payment: 'pending' },
  delivered: { order: 'delivered', fulfillment: 'fulfilled', payment: 'pending' },
  // "Order completed successfully": delivered and settled.
  completed: { order: 'delivered', fulfillment: 'fulfilled', payment: 'paid' },
  cancelled: { order: 'cancelled', fulfillment: 'cancelled', payment: 'pending' },
  refunded: { order: 'returned', fulfillment: 'returned', payment: 'refunded' },
};

function productLine(value: unknown, path: string): ProductLine {
  const item = object(value, path);
  const productId = firstPresent(
    { value: item.product_id, path: `${path}.product_id` },
    { value: item.salla_product_id, path: `${path}.salla_product_id` },
  );
  return {
    product_id: optionalText(productId.value, productId.path),
    sku: optionalText(item.sku, `${path}.sku`),
    name: optionalText(item.name, `${path}.name`),
    quantity: quantity(item.quantity, `${path}.quantity`),
    price: optionalDecimal(item.price, `${path}.price`),
    total: optionalDecimal(item.total, `${path}.total`),
    thumbnail: optionalText(item.thumbnail, `${path}.thumbnail`),
    variant: null,
  };
}

export const syncatyNormalizer: SourceNormalizer = {
  source: 'syncaty',
  normalize(raw, context) {
    const order = object(raw, 'order');
    const sourceStatus = { code: text(order.status, 'status'), name: null, parent_code: null };
    const status = resolveStatus(sourceStatus, SYNCATY_STATUSES, context, 'status', 'Syncaty');
    const customer = optionalObject(order.customer, 'customer');
    const address = optionalObject(order.shipping_address, 'shipping_address');
    const completedAt = optionalInstant(order.completed_at, 'completed_at');
    const placedAt = firstPresent(
      { value: order.order_date, path: 'order_date' },
      { value: order.created_at, path: 'created_at' },
    );
    const placed = optionalInstant(placedAt.value, placedAt.path);
    const vendorTimestamp = latest(placed, optionalInstant(order.updated_at, 'updated_at'), completedAt);
    const reference = optionalText(order.reference_id, 'reference_id');
    const shippingMethod = optionalText(order.shipping_method, 'shipping_method');
    return {
      vendorOrderId: text(order.id, 'id'),
      vendorTimestamp,
      fields: normalizedFields({
        source_reference: reference,
        source_timestamp: placed,
        order_code: reference,
        order_status: status.order,
        fulfillment_status: status.fulfillment,
        payment_status: status.payment ?? 'pending',
        source_status: sourceStatus,
        payment_method: optionalText(order.payment_method, 'payment_method'),
        fulfillment_method: shippingMethod ? 'shipping' : null,
        currency: currencyOf(optionalText(order.currency, 'currency'), context, 'currency'),
        total_amount: decimal(order.total, 'total'),
        subtotal: optionalDecimal(order.subtotal, 'subtotal'),
        delivery_fee: optionalDecimal(order.shipping, 'shipping'),
        discounts_amount: optionalDecimal(order.discount, 'discount'),
        vat_amount: optionalDecimal(order.tax, 'tax'),
        customer_name:
          fullName(
            optionalText(customer?.first_name, 'customer.first_name'),
            optionalText(customer?.last_name, 'customer.last_name'),
          ) ?? optionalText(customer?.name, 'customer.name'),
        customer_email: optionalText(customer?.email, 'customer.email'),
        source_customer_id: optionalIdentifier(customer?.id, 'customer.id'),
        customer_phone: optionalText(customer?.mobile, 'customer.mobile'),
        products: optionalArray(order.items, 'items').map((item, index) =>
          productLine(item, `items[${index}]`),
        ),
        shipping_address: shippingAddress({
          line1: optionalText(address?.address, 'shipping_address.address'),
          city: optionalText(address?.city, 'shipping_address.city'),
          country: optionalText(address?.country, 'shipping_address.country'),
        }),
        shipping_fulfillment: compactObject({
          shipping_method: shippingMethod,
          completed_at: completedAt && formatTimestamp(completedAt),
        }),
        comment: optionalText(order.notes, 'notes'),
      }),
    };
  },
};
