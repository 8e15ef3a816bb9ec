/**
 * @module Salla orders (seed 004 and the order webhook's `data`): money as `{amount, currency}`,
 * localized statuses mapped by their stable `slug`, dates as wall time plus zone.
 * Mapping table: docs/decisions/0033-source-mappings.md.
 */
import type { ProductLine } from '../domain/order.js';
import type { FulfillmentStatus, OrderStatus, PaymentStatus } from '../domain/order-status.js';
import { currencyOf, fullName, latest, normalizedFields, shippingAddress } from './normalized-order.js';
import type { SourceNormalizer } from './source-normalizer.js';
import {
  compactObject,
  decimal,
  isObject,
  NormalizationError,
  object,
  optionalArray,
  optionalBoolean,
  optionalDecimal,
  optionalObject,
  optionalText,
  plainJson,
  quantity,
  sumDecimalsOrNull,
  text,
  type VendorObject,
  zonedWallTime,
} from './vendor-json.js';

interface SallaStatus {
  order: OrderStatus;
  fulfillment: FulfillmentStatus;
  /** When the status itself says how payment stands. */
  payment?: PaymentStatus;
}

/** Salla's built-in statuses by slug; a merchant's customized status keeps its parent's slug. */
export const SALLA_STATUSES: Record<string, SallaStatus> = {
  payment_pending: { order: 'pending', fulfillment: 'unfulfilled', payment: 'pending' }, // بانتظار الدفع
  under_review: { order: 'pending', fulfillment: 'unfulfilled' }, // بإنتظار المراجعة
  in_progress: { order: 'preparing', fulfillment: 'processing' }, // قيد التنفيذ
  completed: { order: 'ready', fulfillment: 'processing' }, // تم التنفيذ
  delivering: { order: 'shipped', fulfillment: 'fulfilled' }, // جاري التوصيل
  shipped: { order: 'shipped', fulfillment: 'fulfilled' }, // تم الشحن
  delivered: { order: 'delivered', fulfillment: 'fulfilled' }, // تم التوصيل
  canceled: { order: 'cancelled', fulfillment: 'cancelled' }, // ملغي
  restoring: { order: 'returned', fulfillment: 'returned' }, // قيد الاسترجاع
  restored: { order: 'returned', fulfillment: 'returned', payment: 'refunded' }, // مسترجع
};

/** `{amount, currency}` → its exact decimal amount (null when absent). */
function money(value: unknown, path: string): string | null {
  const amount = optionalObject(value, path);
  return amount ? optionalDecimal(amount.amount, `${path}.amount`) : null;
}

/** `{date, timezone}` (or a plain string) → an instant; null when absent. */
function sallaTime(value: unknown, path: string): Date | null {
  if (value === undefined || value === null) {
    return null;
  }
  if (isObject(value)) {
    return zonedWallTime(value.date, value.timezone, path);
  }
  return zonedWallTime(value, 'UTC', path);
}

function phone(code: string | null, number: string | null): string | null {
  if (number === null) {
    return null;
  }
  return code === null || number.startsWith('+') ? number : `${code}${number}`;
}

function productLine(value: unknown, path: string): ProductLine {
  const item = object(value, path);
  const amounts = optionalObject(item.amounts, `${path}.amounts`);
  const product = optionalObject(item.product, `${path}.product`);
  return {
    product_id: optionalText(product?.id ?? item.product_id, `${path}.product.id`),
    sku: optionalText(item.sku, `${path}.sku`),
    name: optionalText(item.name, `${path}.name`),
    quantity: quantity(item.quantity, `${path}.quantity`),
    price: money(amounts?.price_without_tax ?? item.price, `${path}.amounts.price_without_tax`),
    total: money(amounts?.total, `${path}.amounts.total`),
    thumbnail: optionalText(item.thumbnail ?? product?.thumbnail, `${path}.thumbnail`),
    variant: item.options === undefined ? null : { options: plainJson(item.options) },
  };
}

function statusOf(order: VendorObject): SallaStatus {
  const status = object(order.status, 'status');
  const slug = text(status.slug, 'status.slug');
  const mapped = SALLA_STATUSES[slug];
  if (!mapped) {
    throw new NormalizationError('status.slug', `unknown Salla status "${slug}"`);
  }
  return mapped;
}

function paymentStatusOf(order: VendorObject, status: SallaStatus): PaymentStatus {
  if (status.payment) {
    return status.payment;
  }
  const pending = optionalBoolean(order.is_pending_payment, 'is_pending_payment');
  // Without the flag Salla has not told us the order is paid.
  return pending === false ? 'paid' : 'pending';
}

export const sallaNormalizer: SourceNormalizer = {
  source: 'salla',
  normalize(raw, context) {
    const order = object(raw, 'order');
    const vendorOrderId = text(order.id, 'id');
    const amounts = optionalObject(order.amounts, 'amounts');
    const totalPath = order.total === undefined ? 'amounts.total' : 'total';
    const total = object(order.total ?? amounts?.total, totalPath);
    const status = statusOf(order);
    const customer = optionalObject(order.customer, 'customer');
    const shipping = optionalObject(order.shipping, 'shipping');
    const receiver = optionalObject(shipping?.receiver, 'shipping.receiver');
    const address = optionalObject(shipping?.address, 'shipping.address');
    const shipment = optionalObject(shipping?.shipment, 'shipping.shipment');
    const tax = optionalObject(amounts?.tax, 'amounts.tax');
    const created = sallaTime(order.date, 'date');
    const vendorTimestamp = latest(created, sallaTime(order.updated_at, 'updated_at'));
    const reference = optionalText(order.reference_id, 'reference_id');
    return {
      vendorOrderId,
      vendorTimestamp,
      fields: normalizedFields({
        source_reference: reference,
        source_timestamp: vendorTimestamp,
        order_code: reference,
        order_status: status.order,
        fulfillment_status: status.fulfillment,
        payment_status: paymentStatusOf(order, status),
        payment_method: optionalText(order.payment_method, 'payment_method'),
        fulfillment_method: shipping ? 'shipping' : null,
        currency: currencyOf(
          optionalText(total.currency ?? order.currency, `${totalPath}.currency`),
          context,
          `${totalPath}.currency`,
        ),
        total_amount: decimal(total.amount, `${totalPath}.amount`),
        subtotal: money(amounts?.sub_total, 'amounts.sub_total'),
        delivery_fee: money(amounts?.shipping_cost, 'amounts.shipping_cost'),
        service_fee: money(amounts?.cash_on_delivery, 'amounts.cash_on_delivery'),
        vat_amount: money(tax?.amount, 'amounts.tax.amount'),
        discounts_amount: sumDecimalsOrNull(
          optionalArray(amounts?.discounts, 'amounts.discounts').map((discount, index) =>
            optionalDecimal(
              object(discount, `amounts.discounts[${index}]`).discount,
              `amounts.discounts[${index}].discount`,
            ),
          ),
        ),
        customer_name: fullName(
          optionalText(customer?.first_name, 'customer.first_name'),
          optionalText(customer?.last_name, 'customer.last_name'),
        ),
        customer_phone: phone(
          optionalText(customer?.mobile_code, 'customer.mobile_code'),
          optionalText(customer?.mobile, 'customer.mobile'),
        ),
        customer_email: optionalText(customer?.email, 'customer.email'),
        source_customer_id: optionalText(customer?.id, 'customer.id'),
        receiver_name: optionalText(receiver?.name, 'shipping.receiver.name'),
        receiver_phone: optionalText(receiver?.phone, 'shipping.receiver.phone'),
        products: optionalArray(order.items, 'items').map((item, index) =>
          productLine(item, `items[${index}]`),
        ),
        shipping_address: shippingAddress({
          name: optionalText(receiver?.name, 'shipping.receiver.name'),
          phone: optionalText(receiver?.phone, 'shipping.receiver.phone'),
          line1: optionalText(
            address?.shipping_address ?? address?.street_number,
            'shipping.address.shipping_address',
          ),
          district: optionalText(address?.block, 'shipping.address.block'),
          city: optionalText(address?.city, 'shipping.address.city'),
          postal_code: optionalText(address?.postal_code, 'shipping.address.postal_code'),
          country: optionalText(address?.country_code, 'shipping.address.country_code'),
        }),
        shipping_fulfillment: compactObject({
          carrier: optionalText(shipping?.company, 'shipping.company'),
          shipment_id: optionalText(shipment?.id, 'shipping.shipment.id'),
          tracking_number: optionalText(shipment?.tracking_number, 'shipping.shipment.tracking_number'),
          tracking_link: optionalText(shipment?.tracking_link, 'shipping.shipment.tracking_link'),
        }),
        comment: optionalText(order.notes, 'notes'),
      }),
    };
  },
};
