/**
 * @module Orders of the inventory-backed OMS resource (seed 003): `ord_` ids, a human `number`,
 * `external_id`, payment authorized / captured / refunded / voided, carrier `tracking_number`.
 * Mapping table: docs/decisions/0033-source-mappings.md.
 */
import type { ProductLine } from '../domain/order.js';
import type { PaymentStatus } from '../domain/order-status.js';
import {
  currencyOf,
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
  NormalizationError,
  object,
  optionalArray,
  optionalDecimal,
  optionalInstant,
  optionalObject,
  optionalText,
  quantity,
  text,
} from './vendor-json.js';

export const OMS_STATUSES: Record<string, ResolvedStatus> = {
  pending: { order: 'pending', fulfillment: 'unfulfilled' },
  processing: { order: 'preparing', fulfillment: 'processing' },
  shipped: { order: 'shipped', fulfillment: 'fulfilled' },
  delivered: { order: 'delivered', fulfillment: 'fulfilled' },
  cancelled: { order: 'cancelled', fulfillment: 'cancelled' },
};

export const OMS_PAYMENT_STATUSES: Record<string, PaymentStatus> = {
  // Authorized funds are held, not yet taken.
  authorized: 'pending',
  captured: 'paid',
  refunded: 'refunded',
  // A voided authorization will never be paid.
  voided: 'failed',
};

function lookup<T>(table: Record<string, T>, value: string, path: string): T {
  const mapped = table[value];
  if (mapped === undefined) {
    throw new NormalizationError(path, `unknown value "${value}"; known: ${Object.keys(table).join(', ')}`);
  }
  return mapped;
}

function productLine(value: unknown, path: string): ProductLine {
  const item = object(value, path);
  const total = firstPresent(
    { value: item.total_amount, path: `${path}.total_amount` },
    { value: item.total, path: `${path}.total` },
  );
  return {
    product_id: optionalText(item.product_id, `${path}.product_id`),
    sku: optionalText(item.sku, `${path}.sku`),
    name: optionalText(item.name, `${path}.name`),
    quantity: quantity(item.quantity, `${path}.quantity`),
    price: optionalDecimal(item.unit_price, `${path}.unit_price`),
    total: optionalDecimal(total.value, total.path),
    thumbnail: null,
    variant: null,
  };
}

export const omsNormalizer: SourceNormalizer = {
  source: 'oms',
  normalize(raw, context) {
    const order = object(raw, 'order');
    const id = text(order.id, 'id');
    if (!id.startsWith('ord_')) {
      throw new NormalizationError('id', 'must be an ord_ id');
    }
    const sourceStatus = { code: text(order.status, 'status'), name: null, parent_code: null };
    const status = resolveStatus(sourceStatus, OMS_STATUSES, context, 'status', 'OMS');
    const paymentText = optionalText(order.payment_status, 'payment_status');
    const customer = optionalObject(order.customer, 'customer');
    const address = optionalObject(order.shipping_address, 'shipping_address');
    const placed = optionalInstant(order.created_at, 'created_at');
    const vendorTimestamp = latest(placed, optionalInstant(order.updated_at, 'updated_at'));
    const shippingMethod = optionalText(order.shipping_method, 'shipping_method');
    return {
      vendorOrderId: id,
      vendorTimestamp,
      fields: normalizedFields({
        source_reference: optionalText(order.external_id, 'external_id'),
        source_timestamp: placed,
        order_code: text(order.number, 'number'),
        order_status: status.order,
        fulfillment_status: status.fulfillment,
        source_status: sourceStatus,
        payment_status:
          status.payment ??
          (paymentText === null ? 'pending' : lookup(OMS_PAYMENT_STATUSES, paymentText, 'payment_status')),
        currency: currencyOf(optionalText(order.currency, 'currency'), context, 'currency'),
        total_amount: decimal(order.total_amount, 'total_amount'),
        vat_amount: optionalDecimal(order.tax_amount, 'tax_amount'),
        customer_name: optionalText(customer?.name, 'customer.name'),
        customer_email: optionalText(customer?.email, 'customer.email'),
        source_customer_id: optionalText(customer?.id, 'customer.id'),
        customer_phone: optionalText(customer?.phone, 'customer.phone'),
        products: optionalArray(order.line_items, 'line_items').map((item, index) =>
          productLine(item, `line_items[${index}]`),
        ),
        shipping_address: shippingAddress({
          name: optionalText(address?.name, 'shipping_address.name'),
          line1: optionalText(address?.line1, 'shipping_address.line1'),
          line2: optionalText(address?.line2, 'shipping_address.line2'),
          city: optionalText(address?.city, 'shipping_address.city'),
          state: optionalText(address?.state, 'shipping_address.state'),
          postal_code: optionalText(address?.postal_code, 'shipping_address.postal_code'),
          country: optionalText(address?.country, 'shipping_address.country'),
        }),
        fulfillment_method: shippingMethod ? 'shipping' : null,
        shipping_fulfillment: compactObject({
          shipping_method: shippingMethod,
          tracking_number: optionalText(order.tracking_number, 'tracking_number'),
        }),
      }),
    };
  },
};
