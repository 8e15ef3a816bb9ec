/** @module What every normalizer returns, and the defaults and checks they share. */
import { isCurrencyCode, minorUnits } from '../domain/currency.js';
import { roundDecimal } from '../domain/money.js';
import {
  type OrderFields,
  type ProductLine,
  SHIPPING_ADDRESS_FIELDS,
  type ShippingAddress,
  type SourceStatus,
} from '../domain/order.js';
import type { FulfillmentStatus, OrderStatus, PaymentStatus } from '../domain/order-status.js';
import { NormalizationError } from './vendor-json.js';

/**
 * A vendor order mapped onto the ledger's fields, with what identifies and orders its versions.
 * `fields.source_timestamp` is when the order was placed at the vendor (the time a merchant knows it
 * by); `vendorTimestamp` is the time of this version, which orders redeliveries (decision 0161).
 */
export interface NormalizedOrder {
  /** The vendor's own order id: with the install id, the key of the unified order. */
  vendorOrderId: string;
  /** The vendor's time for this version of the order (last update, else creation), when it has one. */
  vendorTimestamp: Date | null;
  fields: OrderFields;
}

/** A merchant's mapping of one vendor status onto the canonical statuses (decision 0162). */
export interface StatusMapping {
  order_status?: OrderStatus | undefined;
  payment_status?: PaymentStatus | undefined;
  fulfillment_status?: FulfillmentStatus | undefined;
}

/** Per-install settings a normalizer may need (`organization_apps.config`, status mappings). */
export interface NormalizeContext {
  /** Used when a payload carries no currency of its own. */
  defaultCurrency: string | null;
  /** The install's status mappings by vendor status code; they win over the built-in tables. */
  statusMappings?: Readonly<Record<string, StatusMapping>> | undefined;
}

/** The canonical statuses a vendor status resolves to (what the built-in table or a mapping says). */
export interface ResolvedStatus {
  order: OrderStatus;
  fulfillment: FulfillmentStatus;
  /** When the status itself says how payment stands; else the source's payment rule decides. */
  payment?: PaymentStatus | undefined;
}

/**
 * The vendor status's canonical statuses: the install's mapping for its code (or its parent's code,
 * for a merchant's custom status under a built-in one) over the built-in table. A status that neither
 * knows fails the order with the status named and the way to map it.
 */
export function resolveStatus(
  status: SourceStatus,
  builtIn: Readonly<Record<string, ResolvedStatus>>,
  context: NormalizeContext,
  path: string,
  vendor: string,
): ResolvedStatus {
  const codes = [status.code, status.parent_code].filter((code): code is string => Boolean(code));
  const known = codes.map((code) => builtIn[code]).find(Boolean);
  const mapping = codes.map((code) => context.statusMappings?.[code]).find(Boolean);
  if (!known && !mapping) {
    const named = status.name ? ` (${status.name})` : '';
    throw new NormalizationError(
      path,
      `unknown ${vendor} status "${status.code}"${named}: map it with PUT /api/v1/apps/{id}/status-mappings, then retry`,
    );
  }
  // A mapping may name only some statuses; what it leaves out comes from the table, else the defaults.
  return {
    order: mapping?.order_status ?? known?.order ?? 'pending',
    fulfillment: mapping?.fulfillment_status ?? known?.fulfillment ?? 'unfulfilled',
    payment: mapping?.payment_status ?? known?.payment,
  };
}

type RequiredFields = Pick<OrderFields, 'currency' | 'total_amount'>;

/** A complete `OrderFields`: what the normalizer knows, everything else null or the ledger's default. */
export function normalizedFields(known: RequiredFields & Partial<OrderFields>): OrderFields {
  const fields: OrderFields = {
    source_reference: null,
    source_transaction_id: null,
    source_timestamp: null,
    destination_id: null,
    destination_reference: null,
    order_status: 'pending',
    fulfillment_status: 'unfulfilled',
    payment_status: 'pending',
    fulfillment_method: null,
    payment_method: null,
    discounts_amount: null,
    vat_amount: null,
    customer_name: null,
    customer_phone: null,
    customer_email: null,
    receiver_name: null,
    receiver_phone: null,
    products: [],
    shipping_address: null,
    order_code: null,
    order_type: null,
    transport_type: null,
    comment: null,
    promised_for: null,
    is_preorder: false,
    delivery_fee: null,
    service_fee: null,
    subtotal: null,
    store_name: null,
    dispatch_routing: null,
    shipping_fulfillment: null,
    ...known,
  };
  if (!isCurrencyCode(fields.currency)) {
    throw new NormalizationError('currency', `${fields.currency} is not an ISO 4217 currency code`);
  }
  return roundedToCurrency(fields);
}

/**
 * Vendor amounts with more decimals than the currency has (`"86.95652173913043"`, a VAT share or a
 * percentage discount) are rounded to the currency's minor units, half away from zero, as an invoice
 * would show them (docs/decisions/0160-vendor-amounts-and-payment.md). Shorter amounts are unchanged.
 */
function roundedToCurrency(fields: OrderFields): OrderFields {
  const places = minorUnits(fields.currency);
  const round = (amount: string | null) => (amount === null ? null : roundDecimal(amount, places));
  const line = (product: ProductLine): ProductLine => ({
    ...product,
    price: round(product.price),
    total: round(product.total),
  });
  return {
    ...fields,
    total_amount: roundDecimal(fields.total_amount, places),
    discounts_amount: round(fields.discounts_amount),
    vat_amount: round(fields.vat_amount),
    delivery_fee: round(fields.delivery_fee),
    service_fee: round(fields.service_fee),
    subtotal: round(fields.subtotal),
    products: fields.products.map(line),
  };
}

/** The payload's currency, else the install's default; a payload with neither can't be priced. */
export function currencyOf(value: string | null, context: NormalizeContext, path: string): string {
  const currency = value?.toUpperCase() ?? context.defaultCurrency;
  if (!currency) {
    throw new NormalizationError(path, 'is missing and the install has no config.default_currency');
  }
  return currency;
}

/** An address with every field present (null when unknown); null when nothing at all is known. */
export function shippingAddress(known: Partial<ShippingAddress>): ShippingAddress | null {
  const address = Object.fromEntries(
    SHIPPING_ADDRESS_FIELDS.map((field) => [field, known[field] ?? null]),
  ) as unknown as ShippingAddress;
  if (Object.values(address).every((value) => value === null)) {
    return null;
  }
  // The payload's country is ISO 3166-1 alpha-2; a country *name* stays only in the raw capture.
  const country =
    address.country && /^[A-Za-z]{2}$/.test(address.country) ? address.country.toUpperCase() : null;
  return { ...address, country };
}

/** "Ahmed" + "Mohammed" → "Ahmed Mohammed"; null when both are missing. */
export function fullName(...parts: Array<string | null>): string | null {
  const name = parts.filter(Boolean).join(' ');
  return name === '' ? null : name;
}

/** The latest of the known times (null when none is known). */
export function latest(...times: Array<Date | null>): Date | null {
  const known = times.filter((time): time is Date => time !== null);
  return known.length === 0 ? null : new Date(Math.max(...known.map((time) => time.getTime())));
}
