/**
 * @module Orbitkit orders (seed 002): print-on-demand, money as `{cents, amount, currency…}` (taken
 * from `cents`, never the float `amount`), `lineItems[]` with variants, and `fulfillments[]` whose
 * states and times give the fulfillment pipeline. Mapping table: docs/decisions/0033-source-mappings.md.
 */
import { formatTimestamp } from '../domain/clock.js';
import { minorUnits } from '../domain/currency.js';
import { decimalFromMinorUnits } from '../domain/money.js';
import type { ProductLine } from '../domain/order.js';
import type { FulfillmentStatus, OrderStatus } from '../domain/order-status.js';
import { currencyOf, latest, normalizedFields, shippingAddress } from './normalized-order.js';
import type { SourceNormalizer } from './source-normalizer.js';
import {
  compactObject,
  integer,
  NormalizationError,
  object,
  optionalArray,
  optionalInstant,
  optionalObject,
  optionalText,
  plainJson,
  quantity,
  text,
  type VendorObject,
} from './vendor-json.js';

/** Fulfillment states as Orbitkit names them, grouped by how far the order has come. */
const SHIPPED_STATES = new Set(['SHIPPED', 'DELIVERED']);

interface Fulfillment {
  key: string | null;
  state: string;
  tracking: unknown;
  shipped: Date | null;
  delivered: Date | null;
  cancelled: Date | null;
}

function readFulfillment(value: unknown, path: string): Fulfillment {
  const fulfillment = object(value, path);
  return {
    key: optionalText(fulfillment.key, `${path}.key`),
    state: text(fulfillment.state, `${path}.state`).toUpperCase(),
    tracking: fulfillment.tracking === undefined ? null : plainJson(fulfillment.tracking),
    shipped: optionalInstant(fulfillment.shipped, `${path}.shipped`),
    delivered: optionalInstant(fulfillment.delivered, `${path}.delivered`),
    cancelled: optionalInstant(fulfillment.cancelled, `${path}.cancelled`),
  };
}

const isCancelled = (f: Fulfillment) => f.cancelled !== null || f.state === 'CANCELLED';
const isDelivered = (f: Fulfillment) => f.delivered !== null || f.state === 'DELIVERED';
const isShipped = (f: Fulfillment) => isDelivered(f) || f.shipped !== null || SHIPPED_STATES.has(f.state);

/** The order's place in both pipelines, from all of its fulfillments. */
export function orbitkitStatuses(fulfillments: readonly Fulfillment[]): {
  order: OrderStatus;
  fulfillment: FulfillmentStatus;
} {
  const live = fulfillments.filter((f) => !isCancelled(f));
  if (fulfillments.length === 0) {
    return { order: 'pending', fulfillment: 'unfulfilled' };
  }
  if (live.length === 0) {
    return { order: 'cancelled', fulfillment: 'cancelled' };
  }
  if (live.every(isDelivered)) {
    return { order: 'delivered', fulfillment: 'fulfilled' };
  }
  if (live.every(isShipped)) {
    return { order: 'shipped', fulfillment: 'fulfilled' };
  }
  if (live.some(isShipped)) {
    return { order: 'shipped', fulfillment: 'partially_fulfilled' };
  }
  return { order: 'preparing', fulfillment: 'processing' };
}

/** A money object → exact decimal from its integer `cents` in the currency's minor units. */
function money(value: unknown, path: string, currency: string): string | null {
  const amount = optionalObject(value, path);
  if (!amount) {
    return null;
  }
  const own = optionalText(amount.currency, `${path}.currency`);
  if (own !== null && own.toUpperCase() !== currency) {
    throw new NormalizationError(`${path}.currency`, `is ${own}, but the order is in ${currency}`);
  }
  return decimalFromMinorUnits(integer(amount.cents, `${path}.cents`), minorUnits(currency));
}

function productLine(value: unknown, path: string, currency: string): ProductLine {
  const item = object(value, path);
  const variant = optionalObject(item.variant, `${path}.variant`);
  const product = optionalObject(variant?.product, `${path}.variant.product`);
  return {
    product_id: optionalText(product?.key, `${path}.variant.product.key`),
    sku: optionalText(variant?.key, `${path}.variant.key`),
    name: optionalText(item.title ?? product?.name, `${path}.title`),
    quantity: quantity(item.quantity, `${path}.quantity`),
    price: money(item.unitCost, `${path}.unitCost`, currency),
    total: money(item.totalCost, `${path}.totalCost`, currency),
    thumbnail: null,
    variant: variant
      ? (compactObject({
          key: optionalText(variant.key, `${path}.variant.key`),
          product: product ? plainJson(product) : null,
          color: variant.color === undefined ? null : plainJson(variant.color),
          size: optionalText(variant.size, `${path}.variant.size`),
          side: optionalText(item.side, `${path}.side`),
        }) as Record<string, unknown>)
      : null,
  };
}

function shippingFulfillment(fulfillments: readonly Fulfillment[]): Record<string, unknown> | null {
  if (fulfillments.length === 0) {
    return null;
  }
  const time = (date: Date | null) => date && formatTimestamp(date);
  return {
    fulfillments: fulfillments.map((f) => ({
      key: f.key,
      state: f.state,
      tracking: f.tracking,
      shipped_at: time(f.shipped),
      delivered_at: time(f.delivered),
      cancelled_at: time(f.cancelled),
    })),
  };
}

export const orbitkitNormalizer: SourceNormalizer = {
  source: 'orbitkit',
  normalize(raw, context) {
    const order: VendorObject = object(raw, 'order');
    const cost = object(order.cost, 'cost');
    const currency = currencyOf(optionalText(cost.currency, 'cost.currency'), context, 'cost.currency');
    const fulfillments = optionalArray(order.fulfillments, 'fulfillments').map((value, index) =>
      readFulfillment(value, `fulfillments[${index}]`),
    );
    const statuses = orbitkitStatuses(fulfillments);
    const created = optionalInstant(order.created, 'created');
    // Orbitkit has no "updated" time: the latest fulfillment event stands in for it.
    const vendorTimestamp = latest(
      created,
      ...fulfillments.flatMap((f) => [f.shipped, f.delivered, f.cancelled]),
    );
    const shipping = optionalObject(order.shipping, 'shipping');
    const name = optionalText(shipping?.name, 'shipping.name');
    const key = text(order.key, 'key');
    return {
      vendorOrderId: key,
      vendorTimestamp,
      fields: normalizedFields({
        source_reference: optionalText(order.reference, 'reference'),
        source_timestamp: created,
        order_code: key,
        order_status: statuses.order,
        fulfillment_status: statuses.fulfillment,
        currency,
        total_amount: money(cost, 'cost', currency) as string,
        delivery_fee: money(order.shippingCost, 'shippingCost', currency),
        // The addressee is the only person an Orbitkit order names.
        customer_name: name,
        receiver_name: name,
        products: optionalArray(order.lineItems, 'lineItems').map((item, index) =>
          productLine(item, `lineItems[${index}]`, currency),
        ),
        shipping_address: shippingAddress({
          name,
          line1: optionalText(shipping?.address1, 'shipping.address1'),
          line2: optionalText(shipping?.address2, 'shipping.address2'),
          city: optionalText(shipping?.city, 'shipping.city'),
          state: optionalText(shipping?.state, 'shipping.state'),
          postal_code: optionalText(shipping?.zip, 'shipping.zip'),
          country: optionalText(shipping?.country, 'shipping.country'),
        }),
        fulfillment_method: shipping ? 'shipping' : null,
        shipping_fulfillment: shippingFulfillment(fulfillments),
        comment: optionalText(order.note, 'note'),
      }),
    };
  },
};
