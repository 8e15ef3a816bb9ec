/**
 * @module WooCommerce orders: the REST API v3 order (`GET /wp-json/wc/v3/orders[/{id}]`, a bare object
 * or array) and the `order.*` webhook bodies, which are that same object. Money as decimal strings,
 * times as `*_gmt` (UTC without a zone). Mapping table: docs/decisions/0163-shopify-woocommerce-zid.md.
 */
import { sumDecimals } from '../domain/money.js';
import type { ProductLine } from '../domain/order.js';
import type { OrderStatus, PaymentStatus } from '../domain/order-status.js';
import {
  currencyOf,
  fullName,
  latest,
  type NormalizeContext,
  type NormalizedOrder,
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
  sumDecimalsOrNull,
  text,
  type VendorObject,
} from './vendor-json.js';

/** WooCommerce's core statuses; a merchant's custom status (a plugin's slug) needs a mapping. */
export const WOOCOMMERCE_STATUSES: Record<string, ResolvedStatus> = {
  pending: { order: 'pending', fulfillment: 'unfulfilled', payment: 'pending' }, // awaiting payment
  'on-hold': { order: 'pending', fulfillment: 'unfulfilled' }, // awaiting a manual payment (transfer)
  processing: { order: 'confirmed', fulfillment: 'unfulfilled' }, // to fulfil
  completed: { order: 'delivered', fulfillment: 'fulfilled' },
  cancelled: { order: 'cancelled', fulfillment: 'cancelled' },
  refunded: { order: 'returned', fulfillment: 'returned', payment: 'refunded' },
  failed: { order: 'cancelled', fulfillment: 'cancelled', payment: 'failed' },
  'checkout-draft': { order: 'pending', fulfillment: 'unfulfilled', payment: 'pending' },
  trash: { order: 'cancelled', fulfillment: 'cancelled' },
};

/** Manual methods: paid once the merchant confirmed the money (moved the order on from on-hold). */
const MANUAL_METHODS = new Set(['bacs', 'cheque']);
const ACCEPTED: ReadonlySet<OrderStatus> = new Set([
  'confirmed',
  'preparing',
  'ready',
  'shipped',
  'delivered',
]);

/**
 * Payment from the payment itself: the status when it says (`refunded`, `failed`, `pending`); refunds
 * listed in `refunds[]` (their totals are negative); cash on delivery only once `completed` (Woo stamps
 * `date_paid` when a COD order reaches processing, before any cash changed hands); a bank transfer or
 * cheque once the merchant moved the order on; any other gateway once `date_paid` is set.
 */
function paymentStatusOf(
  order: VendorObject,
  status: ResolvedStatus,
  method: string | null,
  total: string,
): PaymentStatus {
  if (status.payment) {
    return status.payment;
  }
  const refunded = sumDecimalsOrNull(
    optionalArray(order.refunds, 'refunds').map((refund, index) =>
      optionalDecimal(object(refund, `refunds[${index}]`).total, `refunds[${index}].total`),
    ),
  );
  if (refunded !== null && refunded !== '0') {
    const left = sumDecimals([total, refunded]); // refund totals are negative
    return left.startsWith('-') || left === '0' ? 'refunded' : 'partially_refunded';
  }
  if (method === 'cod') {
    return status.order === 'delivered' ? 'paid' : 'pending';
  }
  if (method !== null && MANUAL_METHODS.has(method)) {
    return ACCEPTED.has(status.order) ? 'paid' : 'pending';
  }
  const paidAt = firstPresent(
    { value: order.date_paid_gmt, path: 'date_paid_gmt' },
    { value: order.date_paid, path: 'date_paid' },
  );
  return optionalInstant(paidAt.value, paidAt.path, 'UTC') === null ? 'pending' : 'paid';
}

function productLine(value: unknown, path: string): ProductLine {
  const item = object(value, path);
  const image = optionalObject(item.image, `${path}.image`);
  return {
    product_id: optionalIdentifier(item.product_id, `${path}.product_id`),
    sku: optionalText(item.sku, `${path}.sku`),
    name: optionalText(item.name, `${path}.name`),
    quantity: quantity(item.quantity, `${path}.quantity`),
    price: optionalDecimal(item.price, `${path}.price`),
    total: optionalDecimal(item.total, `${path}.total`),
    thumbnail: optionalText(image?.src, `${path}.image.src`),
    variant: compactObject({ variation_id: optionalIdentifier(item.variation_id, `${path}.variation_id`) }),
  };
}

/** A `*_gmt` time (UTC without a zone), else the site-local one only when it carries an offset. */
function time(order: VendorObject, field: string): Date | null {
  const gmt = optionalInstant(order[`${field}_gmt`], `${field}_gmt`, 'UTC');
  return gmt ?? optionalInstant(order[field], field, 'UTC');
}

function normalize(raw: unknown, context: NormalizeContext): NormalizedOrder {
  const order = object(raw, 'order');
  const id = text(order.id, 'id');
  const sourceStatus = { code: text(order.status, 'status'), name: null, parent_code: null };
  const status = resolveStatus(sourceStatus, WOOCOMMERCE_STATUSES, context, 'status', 'WooCommerce');
  const method = optionalText(order.payment_method, 'payment_method');
  const total = decimal(order.total, 'total');
  const billing = optionalObject(order.billing, 'billing');
  const shipping = optionalObject(order.shipping, 'shipping');
  const placed = time(order, 'date_created');
  const shippingLines = optionalArray(order.shipping_lines, 'shipping_lines').map((value, index) =>
    object(value, `shipping_lines[${index}]`),
  );
  const pickup = shippingLines.some(
    (line) => line.method_id === 'local_pickup' || line.method_id === 'pickup_location',
  );
  const lines = optionalArray(order.line_items, 'line_items').map((value, index) =>
    object(value, `line_items[${index}]`),
  );
  const receiverName = fullName(
    optionalText(shipping?.first_name, 'shipping.first_name'),
    optionalText(shipping?.last_name, 'shipping.last_name'),
  );
  const number = optionalText(order.number, 'number');
  return {
    vendorOrderId: id,
    vendorTimestamp: latest(placed, time(order, 'date_modified'), time(order, 'date_completed')),
    fields: normalizedFields({
      source_reference: number,
      order_code: number,
      source_timestamp: placed,
      order_status: status.order,
      fulfillment_status: status.fulfillment,
      payment_status: paymentStatusOf(order, status, method, total),
      source_status: sourceStatus,
      payment_method: method,
      fulfillment_method: pickup ? 'pickup' : shippingLines.length > 0 ? 'shipping' : null,
      currency: currencyOf(optionalText(order.currency, 'currency'), context, 'currency'),
      total_amount: total,
      subtotal: sumDecimalsOrNull(
        lines.map((line, index) => optionalDecimal(line.subtotal, `line_items[${index}].subtotal`)),
      ),
      vat_amount: optionalDecimal(order.total_tax, 'total_tax'),
      discounts_amount: optionalDecimal(order.discount_total, 'discount_total'),
      delivery_fee: optionalDecimal(order.shipping_total, 'shipping_total'),
      service_fee: sumDecimalsOrNull(
        optionalArray(order.fee_lines, 'fee_lines').map((fee, index) =>
          optionalDecimal(object(fee, `fee_lines[${index}]`).total, `fee_lines[${index}].total`),
        ),
      ),
      customer_name: fullName(
        optionalText(billing?.first_name, 'billing.first_name'),
        optionalText(billing?.last_name, 'billing.last_name'),
      ),
      customer_phone: optionalText(billing?.phone, 'billing.phone'),
      customer_email: optionalText(billing?.email, 'billing.email'),
      // 0 is a guest checkout: no customer account.
      source_customer_id: optionalIdentifier(order.customer_id, 'customer_id'),
      receiver_name: receiverName,
      receiver_phone: optionalText(shipping?.phone, 'shipping.phone'),
      products: lines.map((line, index) => productLine(line, `line_items[${index}]`)),
      shipping_address: shippingAddress({
        name: receiverName,
        phone: optionalText(shipping?.phone, 'shipping.phone'),
        line1: optionalText(shipping?.address_1, 'shipping.address_1'),
        line2: optionalText(shipping?.address_2, 'shipping.address_2'),
        city: optionalText(shipping?.city, 'shipping.city'),
        state: optionalText(shipping?.state, 'shipping.state'),
        postal_code: optionalText(shipping?.postcode, 'shipping.postcode'),
        country: optionalText(shipping?.country, 'shipping.country'),
      }),
      shipping_fulfillment: compactObject({
        carrier: shippingLines[0]
          ? optionalText(shippingLines[0].method_title, 'shipping_lines[0].method_title')
          : null,
      }),
      comment: optionalText(order.customer_note, 'customer_note'),
    }),
  };
}

export const woocommerceNormalizer: SourceNormalizer = { source: 'woocommerce', normalize };
