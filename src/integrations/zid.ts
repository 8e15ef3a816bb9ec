/**
 * @module Zid orders: the Merchant API order (`GET /v1/managers/store/orders/{id}/view` → `{status,
 * order}`, `GET /v1/managers/store/orders` → `{status, orders, total_order_count}`) and the `order.*`
 * webhook bodies, which are that same order object. Money as decimal strings (often 14 decimals) in
 * `currency_code`; times as UTC without a zone. Mapping table: docs/decisions/0163-shopify-woocommerce-zid.md.
 */
import type { ProductLine } from '../domain/order.js';
import type { PaymentStatus } from '../domain/order-status.js';
import {
  currencyOf,
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
  text,
  type VendorObject,
} from './vendor-json.js';

/**
 * Zid's `order_status.code` values. A merchant's custom status arrives as `display_status` under one
 * of these (its parent); it follows the parent unless the merchant maps it.
 */
export const ZID_STATUSES: Record<string, ResolvedStatus> = {
  new: { order: 'pending', fulfillment: 'unfulfilled' },
  processed: { order: 'confirmed', fulfillment: 'unfulfilled' },
  preparing: { order: 'preparing', fulfillment: 'processing' },
  ready: { order: 'ready', fulfillment: 'processing' },
  indelivery: { order: 'shipped', fulfillment: 'fulfilled' },
  inDelivery: { order: 'shipped', fulfillment: 'fulfilled' },
  delivered: { order: 'delivered', fulfillment: 'fulfilled' },
  // A return under way or called off: the goods are still with the buyer.
  reverse_in_progress: { order: 'delivered', fulfillment: 'fulfilled' },
  processingReverse: { order: 'delivered', fulfillment: 'fulfilled' },
  canceledReversal: { order: 'delivered', fulfillment: 'fulfilled' },
  reversed: { order: 'returned', fulfillment: 'returned', payment: 'refunded' },
  refunded: { order: 'returned', fulfillment: 'returned' },
  chargeback: { order: 'returned', fulfillment: 'returned', payment: 'refunded' },
  canceled: { order: 'cancelled', fulfillment: 'cancelled' },
  cancelled: { order: 'cancelled', fulfillment: 'cancelled' },
  failed: { order: 'cancelled', fulfillment: 'cancelled', payment: 'failed' },
  expired: { order: 'cancelled', fulfillment: 'cancelled', payment: 'failed' },
  voided: { order: 'cancelled', fulfillment: 'cancelled', payment: 'failed' },
  denied: { order: 'cancelled', fulfillment: 'cancelled', payment: 'failed' },
};

/** `payment_status` as Zid writes it; `voided` money never arrives. */
const ZID_PAYMENT_STATUSES: Record<string, PaymentStatus> = {
  pending: 'pending',
  unpaid: 'pending',
  paid: 'paid',
  partially_refunded: 'partially_refunded',
  refunded: 'refunded',
  voided: 'failed',
};

const CASH_ON_DELIVERY = new Set(['zid_cod', 'cod']);

/** Zid writes `N/A`, `""` or `"0"` where a shipping fact is not known yet. */
function known(value: string | null): string | null {
  return value === null || value === 'N/A' || value === '0' ? null : value;
}

/**
 * Payment from the payment itself: the status when it says (failed, reversed…); else `payment_status`,
 * except that cash on delivery counts as paid only once the order is delivered (the cash is collected
 * at the door; Zid may mark it paid when the merchant confirms the order).
 */
function paymentStatusOf(order: VendorObject, status: ResolvedStatus, method: string | null): PaymentStatus {
  if (status.payment) {
    return status.payment;
  }
  const state = optionalText(order.payment_status, 'payment_status');
  const payment = state === null ? 'pending' : ZID_PAYMENT_STATUSES[state];
  if (payment === undefined) {
    throw new NormalizationError('payment_status', `unknown Zid payment status "${state}"`);
  }
  if (payment === 'paid' && method !== null && CASH_ON_DELIVERY.has(method)) {
    return status.order === 'delivered' ? 'paid' : 'pending';
  }
  return payment;
}

/** `payment.invoice[]` lines by `code` (`sub_totals_before_vat`, `shipping`, `vat`, `total`…). */
function invoiceAmounts(payment: VendorObject | null): Map<string, string | null> {
  const amounts = new Map<string, string | null>();
  optionalArray(payment?.invoice, 'payment.invoice').forEach((value, index) => {
    const line = object(value, `payment.invoice[${index}]`);
    const code = optionalText(line.code, `payment.invoice[${index}].code`);
    if (code !== null && !amounts.has(code)) {
      amounts.set(code, optionalDecimal(line.value, `payment.invoice[${index}].value`));
    }
  });
  return amounts;
}

/** A discount line may be written negative (`-10`): the ledger keeps discounts as positive amounts. */
function positive(amount: string | null | undefined): string | null {
  if (amount === null || amount === undefined) {
    return null;
  }
  return amount.startsWith('-') ? amount.slice(1) : amount;
}

function productLine(value: unknown, path: string): ProductLine {
  const item = object(value, path);
  const images = optionalArray(item.images, `${path}.images`);
  const image = optionalObject(images[0], `${path}.images[0]`);
  const origin = optionalObject(image?.image, `${path}.images[0].image`);
  return {
    product_id: optionalIdentifier(item.id, `${path}.id`),
    sku: optionalText(item.sku, `${path}.sku`),
    name: optionalText(item.name, `${path}.name`),
    quantity: quantity(item.quantity, `${path}.quantity`),
    price: optionalDecimal(item.price, `${path}.price`),
    total: optionalDecimal(item.total, `${path}.total`),
    thumbnail: optionalText(origin?.small ?? origin?.full_size, `${path}.images[0].image`),
    variant: compactObject({ parent_id: optionalIdentifier(item.parent_id, `${path}.parent_id`) }),
  };
}

/** The order inside `{status, order}` (the details response); a bare order (a webhook body) is itself. */
function zidOrderOf(raw: unknown): unknown {
  return isObject(raw) && raw.id === undefined && isObject(raw.order) ? raw.order : raw;
}

/**
 * The vendor status as the merchant sees it: `display_status` (a custom status the merchant defined)
 * under its built-in `order_status`, else the built-in one itself.
 */
function sourceStatusOf(order: VendorObject) {
  const builtIn = object(order.order_status, 'order_status');
  const code = text(builtIn.code, 'order_status.code');
  const display = optionalObject(order.display_status, 'display_status');
  const custom = optionalText(display?.code, 'display_status.code');
  if (custom !== null && custom !== code) {
    return {
      code: custom,
      name: optionalText(display?.name, 'display_status.name'),
      parent_code: code,
    };
  }
  return { code, name: optionalText(builtIn.name, 'order_status.name'), parent_code: null };
}

function normalize(raw: unknown, context: NormalizeContext): NormalizedOrder {
  const order = object(zidOrderOf(raw), 'order');
  const id = text(order.id, 'id');
  const sourceStatus = sourceStatusOf(order);
  const status = resolveStatus(sourceStatus, ZID_STATUSES, context, 'order_status.code', 'Zid');
  const payment = optionalObject(order.payment, 'payment');
  const method = optionalObject(payment?.method, 'payment.method');
  const methodCode = optionalText(method?.code, 'payment.method.code');
  const invoice = invoiceAmounts(payment);
  const customer = optionalObject(order.customer, 'customer');
  const consignee = optionalObject(order.consignee, 'consignee');
  const shipping = optionalObject(order.shipping, 'shipping');
  const shippingMethod = optionalObject(shipping?.method, 'shipping.method');
  const tracking = optionalObject(shippingMethod?.tracking, 'shipping.method.tracking');
  const address = optionalObject(shipping?.address, 'shipping.address');
  const city = optionalObject(address?.city, 'shipping.address.city');
  const country = optionalObject(address?.country, 'shipping.address.country');
  // Zid's times are UTC without a zone (`2024-12-05 12:27:15`; its `issue_date` shows 15:27 Riyadh).
  const placed = optionalInstant(order.created_at, 'created_at', 'UTC');
  const receiverName =
    optionalText(consignee?.name, 'consignee.name') ?? optionalText(customer?.name, 'customer.name');
  const receiverPhone =
    optionalText(consignee?.mobile, 'consignee.mobile') ?? optionalText(customer?.mobile, 'customer.mobile');
  const shippingCode = firstPresent(
    { value: shippingMethod?.code, path: 'shipping.method.code' },
    { value: order.shipping_method_code, path: 'shipping_method_code' },
  );
  const requiresShipping = order.requires_shipping;
  const pickup = optionalText(shippingCode.value, shippingCode.path)?.startsWith('pickup') ?? false;
  const reference = firstPresent(
    { value: order.invoice_number, path: 'invoice_number' },
    { value: order.id, path: 'id' },
  );
  const discount = positive(invoice.get('discount') ?? invoice.get('coupon'));
  const note = optionalText(customer?.note, 'customer.note')?.trim() || null;
  return {
    vendorOrderId: id,
    vendorTimestamp: latest(placed, optionalInstant(order.updated_at, 'updated_at', 'UTC')),
    fields: normalizedFields({
      source_reference: optionalIdentifier(reference.value, reference.path),
      order_code: optionalText(order.code, 'code'),
      source_timestamp: placed,
      order_status: status.order,
      fulfillment_status: status.fulfillment,
      payment_status: paymentStatusOf(order, status, methodCode),
      source_status: sourceStatus,
      payment_method: methodCode ?? optionalText(method?.name, 'payment.method.name'),
      fulfillment_method: pickup ? 'pickup' : requiresShipping === false ? null : 'shipping',
      currency: currencyOf(optionalText(order.currency_code, 'currency_code'), context, 'currency_code'),
      // The order's own currency; `transaction_amount` (what the gateway charged, maybe in SAR) stays
      // in the capture.
      total_amount: decimal(order.order_total, 'order_total'),
      subtotal: invoice.get('sub_totals_before_vat') ?? invoice.get('sub_totals') ?? null,
      vat_amount: invoice.get('vat') ?? null,
      discounts_amount: discount,
      delivery_fee: invoice.get('shipping') ?? null,
      service_fee: invoice.get('cash_on_delivery') ?? null,
      customer_name: optionalText(customer?.name, 'customer.name'),
      customer_phone: optionalText(customer?.mobile, 'customer.mobile'),
      customer_email: optionalText(customer?.email, 'customer.email'),
      source_customer_id: optionalIdentifier(customer?.id, 'customer.id'),
      receiver_name: receiverName,
      receiver_phone: receiverPhone,
      products: optionalArray(order.products, 'products').map((item, index) =>
        productLine(item, `products[${index}]`),
      ),
      shipping_address: shippingAddress({
        name: receiverName,
        phone: receiverPhone,
        line1: known(optionalText(address?.street, 'shipping.address.street')),
        line2: known(optionalText(address?.district, 'shipping.address.district')),
        city: optionalText(city?.name, 'shipping.address.city.name'),
        state: null,
        postal_code: null,
        country: optionalText(country?.code, 'shipping.address.country.code'),
      }),
      shipping_fulfillment: compactObject({
        carrier:
          known(optionalText(shippingMethod?.courier, 'shipping.method.courier')) ??
          optionalText(shippingMethod?.name, 'shipping.method.name'),
        tracking_number: known(optionalIdentifier(tracking?.number, 'shipping.method.tracking.number')),
        tracking_link: known(optionalText(tracking?.url, 'shipping.method.tracking.url')),
        tracking_status: known(optionalText(tracking?.status, 'shipping.method.tracking.status')),
        waybill: known(optionalText(shippingMethod?.waybill, 'shipping.method.waybill')),
      }),
      comment: note,
    }),
  };
}

export const zidNormalizer: SourceNormalizer = {
  source: 'zid',
  normalize,
  pageOrders(payload) {
    // `GET /v1/managers/store/orders`: `{status, orders: [...], total_order_count}`.
    return isObject(payload) && Array.isArray(payload.orders) ? payload.orders : null;
  },
};
