/**
 * @module Salla orders (seed 004 list rows, the order details `data`, the order webhooks' `data`):
 * money as `{amount, currency}`, localized statuses mapped by their stable `slug`, dates as wall time
 * plus zone. Mapping table: docs/decisions/0033-source-mappings.md and 0160-salla-fidelity.md.
 */
import type { ProductLine, SourceStatus } from '../domain/order.js';
import type { OrderStatus, PaymentStatus } from '../domain/order-status.js';
import {
  currencyOf,
  fullName,
  latest,
  type NormalizeContext,
  normalizedFields,
  type ResolvedStatus,
  resolveStatus,
  shippingAddress,
} from './normalized-order.js';
import type { SourceNormalizer } from './source-normalizer.js';
import {
  compactObject,
  firstPresent,
  isObject,
  type Located,
  NormalizationError,
  object,
  optionalArray,
  optionalBoolean,
  optionalDecimal,
  optionalIdentifier,
  optionalObject,
  optionalText,
  plainJson,
  quantity,
  sumDecimalsOrNull,
  text,
  type VendorObject,
  zonedWallTime,
} from './vendor-json.js';

/** Salla's built-in statuses by slug; a merchant's customized status keeps its parent's slug. */
export const SALLA_STATUSES: Record<string, ResolvedStatus> = {
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

/** Salla's dates are the store's wall time; its platform zone when a date names none. */
const SALLA_ZONE = 'Asia/Riyadh';

/** Paid on delivery: the money is collected by the courier, so nothing is paid before. */
const CASH_ON_DELIVERY = new Set(['cod', 'cash_on_delivery']);
/** A bank transfer is paid once the merchant accepted the customer's receipt (left `under_review`). */
const BANK_TRANSFER = new Set(['bank', 'bank_transfer']);
/** Order statuses that follow the merchant's acceptance of an order (and of its bank receipt). */
const ACCEPTED: ReadonlySet<OrderStatus> = new Set([
  'confirmed',
  'preparing',
  'ready',
  'shipped',
  'delivered',
  'returned',
]);

/** `{amount, currency}`, or a bare amount (number or numeric text) where Salla sends one. */
interface SallaMoney {
  amount: string | null;
  /** Where the amount was read, for errors. */
  amountPath: string;
  currency: Located;
}

function money(value: unknown, path: string): SallaMoney {
  const currency = { value: undefined as unknown, path: `${path}.currency` };
  if (isObject(value)) {
    const amountPath = `${path}.amount`;
    return {
      amount: optionalDecimal(value.amount, amountPath),
      amountPath,
      currency: { ...currency, value: value.currency },
    };
  }
  if (Array.isArray(value) && value.length === 0) {
    return { amount: null, amountPath: `${path}.amount`, currency }; // PHP's empty map
  }
  return { amount: optionalDecimal(value, path), amountPath: path, currency };
}

const amountOf = (value: unknown, path: string): string | null => money(value, path).amount;

function required(amount: string | null, path: string): string {
  if (amount === null) {
    throw new NormalizationError(path, 'is required');
  }
  return amount;
}

/** `{date, timezone}` (or a plain string, in Salla's zone unless it has an offset) → an instant. */
function sallaTime(value: unknown, path: string): Date | null {
  if (value === undefined || value === null || value === '' || value === false) {
    return null;
  }
  if (isObject(value)) {
    if (value.date === undefined || value.date === null || value.date === '') {
      return null;
    }
    return zonedWallTime(value.date, value.timezone, path, SALLA_ZONE);
  }
  return zonedWallTime(value, undefined, path, SALLA_ZONE);
}

/** `+966` + `555123456` → `+966555123456`; a national `0555…` loses its trunk zero. */
function phone(code: string | null, number: string | null): string | null {
  if (number === null) {
    return null;
  }
  if (code === null || number.startsWith('+')) {
    return number;
  }
  const prefix = code.startsWith('+') ? code : `+${code}`;
  return `${prefix}${number.replace(/^0+/, '')}`;
}

function productLine(value: unknown, path: string): ProductLine {
  const item = object(value, path);
  const amounts = optionalObject(item.amounts, `${path}.amounts`);
  const product = optionalObject(item.product, `${path}.product`);
  const productId = firstPresent(
    { value: product?.id, path: `${path}.product.id` },
    { value: item.product_id, path: `${path}.product_id` },
  );
  const price = firstPresent(
    { value: amounts?.price_without_tax, path: `${path}.amounts.price_without_tax` },
    { value: item.price, path: `${path}.price` },
  );
  const thumbnail = firstPresent(
    { value: item.thumbnail, path: `${path}.thumbnail` },
    { value: product?.thumbnail, path: `${path}.product.thumbnail` },
  );
  return {
    product_id: optionalText(productId.value, productId.path),
    sku: optionalText(item.sku, `${path}.sku`),
    name: optionalText(item.name, `${path}.name`),
    quantity: quantity(item.quantity, `${path}.quantity`),
    price: amountOf(price.value, price.path),
    total: amountOf(amounts?.total, `${path}.amounts.total`),
    thumbnail: optionalText(thumbnail.value, thumbnail.path),
    variant:
      item.options === undefined || (Array.isArray(item.options) && item.options.length === 0)
        ? null
        : { options: plainJson(item.options) },
  };
}

/**
 * The status as the merchant sees it: a merchant's customized status (`status.customized`) is its own
 * code (its id) under the built-in slug it was made from; its name is the one the merchant gave it.
 */
function sourceStatusOf(order: VendorObject): SourceStatus {
  if (typeof order.status === 'string') {
    return { code: order.status, name: null, parent_code: null };
  }
  const status = object(order.status, 'status');
  const slug = text(status.slug, 'status.slug');
  const customized = optionalObject(status.customized, 'status.customized');
  const customId = optionalText(customized?.id, 'status.customized.id');
  const name =
    optionalText(customized?.name, 'status.customized.name') ?? optionalText(status.name, 'status.name');
  return customId === null
    ? { code: slug, name, parent_code: null }
    : { code: customId, name, parent_code: slug };
}

/**
 * How payment stands, from what Salla says about the payment itself: the status when it is about
 * payment (`payment_pending`, `restored`), else the method. Cash on delivery is paid once delivered;
 * a bank transfer once the merchant accepted the receipt (the order left review); an online gateway
 * once Salla no longer waits for it (`is_pending_payment: false`). Without a method: pending.
 */
function paymentStatusOf(order: VendorObject, status: ResolvedStatus, method: string | null): PaymentStatus {
  if (status.payment) {
    return status.payment;
  }
  const waiting = optionalBoolean(order.is_pending_payment, 'is_pending_payment');
  if (method === null || waiting === true) {
    return 'pending';
  }
  const normalized = method.toLowerCase();
  if (CASH_ON_DELIVERY.has(normalized)) {
    return status.order === 'delivered' ? 'paid' : 'pending';
  }
  if (BANK_TRANSFER.has(normalized)) {
    return ACCEPTED.has(status.order) ? 'paid' : 'pending';
  }
  if (normalized === 'waiting') {
    return 'pending';
  }
  return waiting === false ? 'paid' : 'pending';
}

interface Shipment {
  carrier: string | null;
  shipment_id: string | null;
  tracking_number: string | null;
  tracking_link: string | null;
  status: string | null;
}

function shipmentsOf(order: VendorObject): Shipment[] {
  return optionalArray(order.shipments, 'shipments').map((value, index) => {
    const path = `shipments[${index}]`;
    const shipment = object(value, path);
    const tracking = firstPresent(
      { value: shipment.tracking_number, path: `${path}.tracking_number` },
      { value: shipment.shipping_number, path: `${path}.shipping_number` },
    );
    return {
      carrier: optionalText(shipment.courier_name, `${path}.courier_name`),
      shipment_id: optionalIdentifier(shipment.id, `${path}.id`),
      tracking_number: optionalIdentifier(tracking.value, tracking.path),
      tracking_link: optionalIdentifier(shipment.tracking_link, `${path}.tracking_link`),
      status: optionalText(shipment.status, `${path}.status`),
    };
  });
}

/**
 * The order inside Salla's documented wrappers: the order details response `{status, success, data}`
 * and a webhook body `{event, merchant, created_at, data}` pasted as is; a bare order is itself.
 */
export function sallaOrderOf(raw: unknown): unknown {
  if (!isObject(raw) || raw.id !== undefined || !isObject(raw.data)) {
    return raw;
  }
  const data = raw.data;
  // Some status events nest the order beside the status change.
  return !isObject(data.status) && isObject(data.order) ? data.order : data;
}

function normalize(raw: unknown, context: NormalizeContext) {
  const order = object(sallaOrderOf(raw), 'order');
  const vendorOrderId = text(order.id, 'id');
  const amounts = optionalObject(order.amounts, 'amounts');
  const totalAt = firstPresent(
    { value: order.total, path: 'total' },
    { value: amounts?.total, path: 'amounts.total' },
  );
  const total = money(totalAt.value, totalAt.path);
  const sourceStatus = sourceStatusOf(order);
  const status = resolveStatus(
    sourceStatus,
    SALLA_STATUSES,
    context,
    typeof order.status === 'string' ? 'status' : 'status.slug',
    'Salla',
  );
  const customer = optionalObject(order.customer, 'customer');
  const shipping = optionalObject(order.shipping, 'shipping');
  const receiverAt = firstPresent(
    { value: optionalObject(shipping?.receiver, 'shipping.receiver'), path: 'shipping.receiver' },
    { value: optionalObject(order.receiver, 'receiver'), path: 'receiver' },
  );
  const receiver = optionalObject(receiverAt.value, receiverAt.path);
  const receiverPhone = firstPresent(
    { value: receiver?.phone, path: `${receiverAt.path}.phone` },
    { value: receiver?.mobile, path: `${receiverAt.path}.mobile` },
  );
  const address = optionalObject(shipping?.address, 'shipping.address');
  const line1 = firstPresent(
    { value: address?.shipping_address, path: 'shipping.address.shipping_address' },
    { value: address?.street_number, path: 'shipping.address.street_number' },
  );
  const shipment = optionalObject(shipping?.shipment, 'shipping.shipment');
  const shipments = shipmentsOf(order);
  const [firstShipment] = shipments;
  const tax = optionalObject(amounts?.tax, 'amounts.tax');
  const placed = sallaTime(order.date, 'date');
  const vendorTimestamp = latest(placed, sallaTime(order.updated_at, 'updated_at'));
  const reference = optionalText(order.reference_id, 'reference_id');
  const paymentMethod = optionalText(order.payment_method, 'payment_method');
  const currency = firstPresent(total.currency, { value: order.currency, path: 'currency' });
  const features = optionalObject(order.features, 'features');
  const shippable = optionalBoolean(features?.shippable, 'features.shippable');
  return {
    vendorOrderId,
    vendorTimestamp,
    fields: normalizedFields({
      source_reference: reference,
      source_timestamp: placed,
      order_code: reference,
      order_status: status.order,
      fulfillment_status: status.fulfillment,
      payment_status: paymentStatusOf(order, status, paymentMethod),
      source_status: sourceStatus,
      payment_method: paymentMethod,
      fulfillment_method: shipping || shipments.length > 0 || shippable === true ? 'shipping' : null,
      currency: currencyOf(optionalText(currency.value, currency.path), context, currency.path),
      total_amount: required(total.amount, total.amountPath),
      subtotal: amountOf(amounts?.sub_total, 'amounts.sub_total'),
      delivery_fee: amountOf(amounts?.shipping_cost, 'amounts.shipping_cost'),
      service_fee: amountOf(amounts?.cash_on_delivery, 'amounts.cash_on_delivery'),
      vat_amount: amountOf(tax?.amount, 'amounts.tax.amount'),
      discounts_amount: sumDecimalsOrNull(
        optionalArray(amounts?.discounts, 'amounts.discounts').map((discount, index) =>
          amountOf(
            object(discount, `amounts.discounts[${index}]`).discount,
            `amounts.discounts[${index}].discount`,
          ),
        ),
      ),
      customer_name:
        fullName(
          optionalText(customer?.first_name, 'customer.first_name'),
          optionalText(customer?.last_name, 'customer.last_name'),
        ) ??
        optionalText(customer?.name, 'customer.name') ??
        optionalText(customer?.full_name, 'customer.full_name'),
      customer_phone: phone(
        optionalText(customer?.mobile_code, 'customer.mobile_code'),
        optionalText(customer?.mobile, 'customer.mobile'),
      ),
      customer_email: optionalText(customer?.email, 'customer.email'),
      source_customer_id: optionalIdentifier(customer?.id, 'customer.id'),
      receiver_name: optionalText(receiver?.name, `${receiverAt.path}.name`),
      receiver_phone: phone(
        optionalText(receiver?.mobile_code, `${receiverAt.path}.mobile_code`),
        optionalText(receiverPhone.value, receiverPhone.path),
      ),
      products: optionalArray(order.items, 'items').map((item, index) =>
        productLine(item, `items[${index}]`),
      ),
      shipping_address: shippingAddress({
        name: optionalText(receiver?.name, `${receiverAt.path}.name`),
        phone: optionalText(receiverPhone.value, receiverPhone.path),
        line1: optionalText(line1.value, line1.path),
        district: optionalText(address?.block, 'shipping.address.block'),
        city: optionalText(address?.city, 'shipping.address.city'),
        postal_code: optionalText(address?.postal_code, 'shipping.address.postal_code'),
        country: optionalText(address?.country_code, 'shipping.address.country_code'),
      }),
      shipping_fulfillment: compactObject({
        carrier: optionalText(shipping?.company, 'shipping.company') ?? firstShipment?.carrier ?? null,
        shipment_id:
          optionalIdentifier(shipment?.id, 'shipping.shipment.id') ?? firstShipment?.shipment_id ?? null,
        tracking_number:
          optionalIdentifier(shipment?.tracking_number, 'shipping.shipment.tracking_number') ??
          firstShipment?.tracking_number ??
          null,
        tracking_link:
          optionalIdentifier(shipment?.tracking_link, 'shipping.shipment.tracking_link') ??
          firstShipment?.tracking_link ??
          null,
        shipments: shipments.length > 0 ? shipments.map((entry) => compactObject({ ...entry })) : null,
      }),
      comment: optionalText(order.notes, 'notes'),
    }),
  };
}

export const sallaNormalizer: SourceNormalizer = {
  source: 'salla',
  normalize,
  pageOrders(payload) {
    // A list page (`GET /orders`, seed 004): `{status, success, data: [...], pagination}`.
    return isObject(payload) && Array.isArray(payload.data) ? payload.data : null;
  },
};
